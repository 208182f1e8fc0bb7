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
}

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
	stored := latest.ArticlesNew + latest.ArticlesUpdated
	if stored > 0 {
		h.EmptyShare = float64(latest.ArticlesEmpty) / float64(stored)
	}
	wasFine := before == 0 || float64(beforeEmpty) <= 0.2*float64(before)
	h.EmptyAlarm = stored >= 3 && h.EmptyShare >= 0.5 && wasFine
	return h
}
