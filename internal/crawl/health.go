package crawl

import (
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// healthRuns is how many recent runs health is judged on.
const healthRuns = 10

// Health is how a source has been doing, judged from its recent runs.
type Health struct {
	Source      string
	LastRun     store.Run // newest run, finished or not
	LastSuccess time.Time // end of the newest run that stored pages without failing
	EmptyShare  float64   // of the newest finished run: empty articles / articles stored
	// EmptyAlarm flags a source whose extraction suddenly comes out empty
	// (a template change): at least half of the newest finished run's
	// articles are empty, and at most a fifth were in the runs before.
	EmptyAlarm bool
	// Starved flags a source whose last StarvedRuns finished runs all
	// fetched pages without failing (its seeds answered) and stored no new
	// article: stale seeds, a pattern that no longer matches, or a
	// request budget (Crawl-delay) too small for what it must fetch.
	Starved bool
}

// StarvedRuns is how many quiet runs in a row make a source starved.
const StarvedRuns = 3

// HealthOf judges a source from its runs, newest first.
func HealthOf(source string, runs []store.Run) Health {
	h := Health{Source: source}
	if len(runs) == 0 {
		return h
	}
	h.LastRun = runs[0]
	var latest *store.Run
	var before, beforeEmpty int64
	for i := range runs {
		r := &runs[i]
		if r.FinishedAt.IsZero() {
			continue
		}
		if h.LastSuccess.IsZero() && r.Err == "" && r.Pages > 0 {
			h.LastSuccess = r.FinishedAt
		}
		if latest == nil {
			latest = r
			continue
		}
		before += r.ArticlesNew + r.ArticlesUpdated
		beforeEmpty += r.ArticlesEmpty
	}
	if latest == nil {
		return h
	}
	h.Starved = starved(runs)
	stored := latest.ArticlesNew + latest.ArticlesUpdated
	if stored > 0 {
		h.EmptyShare = float64(latest.ArticlesEmpty) / float64(stored)
	}
	wasFine := before == 0 || float64(beforeEmpty) <= 0.2*float64(before)
	h.EmptyAlarm = stored >= 3 && h.EmptyShare >= 0.5 && wasFine
	return h
}

// starved reports whether the newest StarvedRuns finished runs all answered
// (pages fetched or 304s, no run error) and stored no new article.
func starved(runs []store.Run) bool {
	n := 0
	for _, r := range runs {
		if r.FinishedAt.IsZero() {
			continue
		}
		if r.Err != "" || r.Pages+r.NotModified == 0 || r.ArticlesNew > 0 {
			return false
		}
		if n++; n == StarvedRuns {
			return true
		}
	}
	return false
}
