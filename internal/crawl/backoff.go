package crawl

import (
	"context"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/store"
)

// Back-off across runs: a URL that failed (given up on after its retries
// within the run, or answered 4xx/5xx) is not fetched again on every run.
// After its n-th consecutive failing run it waits 2^(n-1) runs (capped at
// Options.MaxBackoffRuns): failing on run 1 it is fetched on run 2, then
// run 4, 8, 16, … A success forgets the record. Seeds are exempt: they are
// the source's entry points, and a failing seed is reported every run.

// backingOff reports whether it waits for a later run.
func (r *run) backingOff(it *item) bool {
	if it.Kind == kindSeed {
		return false
	}
	r.mu.Lock()
	f, ok := r.failures[it.URL]
	r.mu.Unlock()
	return ok && f.RetryRun > r.number
}

// backoffRuns is how many runs a URL waits after its n-th consecutive
// failing run.
func backoffRuns(n, ceiling int) int64 {
	d := int64(1)
	for i := 1; i < n && d < int64(ceiling); i++ {
		d *= 2
	}
	return min(d, int64(ceiling))
}

// failed records that it failed in this run with kind.
func (r *run) failed(it *item, kind string) {
	if it.Kind == kindSeed {
		return
	}
	r.mu.Lock()
	f := r.failures[it.URL]
	if f.LastRun == r.number && f.Failures > 0 { // already counted in this run
		r.mu.Unlock()
		return
	}
	f.Source, f.URL, f.Kind = r.src.Name, it.URL, kind
	f.Failures++
	f.LastRun = r.number
	f.RetryRun = r.number + backoffRuns(f.Failures, r.c.opts.MaxBackoffRuns)
	f.FailedAt = r.c.now().UTC()
	r.failures[it.URL] = f
	r.mu.Unlock()
	if err := r.c.state.RecordFailure(context.WithoutCancel(r.ctx), f); err != nil {
		r.count.fail("store")
		r.log.Error("record failure", "url", it.URL, "err", err)
	}
}

// succeeded forgets an earlier failure of it.
func (r *run) succeeded(it *item) {
	r.mu.Lock()
	_, ok := r.failures[it.URL]
	delete(r.failures, it.URL)
	r.mu.Unlock()
	if !ok {
		return
	}
	if err := r.c.state.ClearFailure(context.WithoutCancel(r.ctx), r.src.Name, it.URL); err != nil {
		r.count.fail("store")
		r.log.Error("clear failure", "url", it.URL, "err", err)
	}
}

// Waiting is a failed URL as `crawler status` shows it: which run of the
// source will fetch it again and, from the source's schedule, about when.
type Waiting struct {
	store.Failure
	RunsLeft int64     // runs of the source before the one that fetches it; 0: the next run
	At       time.Time // when that run is scheduled (zero without a schedule)
}

// WaitingOf turns failure records into what status shows. lastRun is the
// number of the source's newest run; sched may be nil.
func WaitingOf(fails []store.Failure, lastRun int64, sched cron.Schedule, now time.Time) []Waiting {
	out := make([]Waiting, 0, len(fails))
	for _, f := range fails {
		w := Waiting{Failure: f, RunsLeft: max(f.RetryRun-lastRun-1, 0)}
		if sched != nil {
			w.At = now
			for range w.RunsLeft + 1 {
				w.At = sched.Next(w.At)
			}
		}
		out = append(out, w)
	}
	return out
}
