package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/netguard"
	"github.com/zhwatch/zhwatch/internal/store"
)

// item is a frontier entry being worked on.
type item struct {
	store.FrontierItem
	known   *store.LastFetch // looked up when found; nil: not yet, or never fetched
	checked bool             // known is the answer of a lookup
	settled bool             // removed from the frontier or queued again (done, retry)
	referer string           // the page this run found it on; "" for seeds and earlier runs' URLs
}

// run is one pass over one source.
type run struct {
	c      *Crawler
	ctx    context.Context
	src    *config.Source
	count  *counter
	log    *slog.Logger
	lim    fetchLimits
	col    *colly.Collector // every request of the run goes through it
	writer *frontierWriter
	record store.Run

	mu       sync.Mutex
	wake     *sync.Cond
	seen     map[string]bool // URLs queued or skipped in this run
	articles []*item         // article URLs go first: they are what a run is for
	lists    []*item
	busy     int // items taken and not finished, or waiting to be retried
	fetches  int // requests made, for the per-run cap
	capped   bool
	seedErrs []error
	number   int64                    // the source's run number (store.Run.Number)
	failures map[string]store.Failure // URLs that failed in earlier runs, by URL

	// With host leases (lease.go) the fleet's workers fetch for the run and
	// its own queue stays empty.
	leased   bool
	helper   bool            // helps another process's run (Help): no record, no seeds
	left     map[string]bool // URLs handled and left queued for a later run
	inflight sync.WaitGroup  // items the fleet is handling for the run

	saving chan struct{}  // a slot per page in the store stage (savestage.go)
	saves  sync.WaitGroup // pages in the store stage
}

func (c *Crawler) newRun(ctx context.Context, src *config.Source, stats *Stats, helper bool) (*run, error) {
	r := &run{
		helper: helper,
		c:      c,
		ctx:    ctx,
		src:    src,
		count:  newCounter(src.Name, stats, c.opts.Metrics),
		log:    c.log.With("source", src.Name),
		seen:   map[string]bool{},
		left:   map[string]bool{},
		saving: make(chan struct{}, saveAhead),
	}
	r.wake = sync.NewCond(&r.mu)
	r.lim = fetchLimits{timeout: src.Timeout, maxBody: src.MaxBodyBytes,
		scope: netguard.Scope{Allowed: r.urlAllowed, MaxRedirects: c.opts.MaxRedirects}}
	if r.lim.timeout <= 0 {
		r.lim.timeout = config.DefaultCrawl.Timeout
	}
	if r.lim.maxBody <= 0 {
		r.lim.maxBody = config.DefaultCrawl.MaxBodyBytes
	}
	r.col = c.newCollector(ctx, &r.lim.scope, r.lim.maxBody)
	r.record = store.Run{Source: src.Name, StartedAt: c.now().UTC()}
	if err := r.start(); err != nil {
		return nil, err
	}
	fails, err := c.state.Failures(ctx, src.Name)
	if err != nil {
		return nil, err
	}
	r.failures = make(map[string]store.Failure, len(fails))
	for _, f := range fails {
		r.failures[f.URL] = f
	}
	return r, nil
}

// start records the run and learns its number. A helper (see Help) records
// nothing and takes the number of the source's newest run, the one it helps.
func (r *run) start() error {
	if r.helper {
		runs, err := r.c.state.Runs(r.ctx, r.src.Name, 1)
		if err == nil && len(runs) > 0 {
			r.number = runs[0].Number
		}
		return err
	}
	id, err := r.c.state.StartRun(r.ctx, r.record)
	if err != nil {
		return err
	}
	r.record.ID = id
	// Processes sharing the store may start runs of the source at the same
	// moment: this run is among the newest, not always the newest.
	runs, err := r.c.state.Runs(r.ctx, r.src.Name, 16)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(runs, func(run store.Run) bool { return run.ID == id })
	if i < 0 {
		return fmt.Errorf("run %d of %s is not among the newest runs recorded", id, r.src.Name)
	}
	r.number = runs[i].Number
	return nil
}

// crawl loads the frontier, queues the seeds and works until nothing is
// left, the page cap is reached or ctx is cancelled.
func (r *run) crawl() (err error) {
	r.writer = newFrontierWriter(r.c.state, r.log, r.c.opts.FrontierFlush)
	defer func() {
		if werr := r.writer.close(); werr != nil {
			err = errors.Join(err, werr)
		}
	}()
	stopWake := context.AfterFunc(r.ctx, func() {
		r.mu.Lock()
		r.wake.Broadcast()
		r.mu.Unlock()
	})
	defer stopWake()

	left, err := r.c.state.Frontier(r.ctx, r.src.Name)
	if err != nil {
		return err
	}
	for _, it := range left {
		r.seen[it.URL] = true
		// Queued by an earlier run under an earlier allowed_hosts: drop
		// what the source no longer allows.
		if u, err := url.Parse(it.URL); err != nil || !r.urlAllowed(u) {
			r.count.dropped("not_allowed")
			r.writer.done(it)
			continue
		}
		r.schedule(&item{FrontierItem: it})
	}
	r.queueSeeds()

	workers := max(r.src.Parallelism, 1)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(r.work)
	}
	wg.Wait()
	r.saves.Wait() // workers leave on cancel with pages still being stored
	r.count.frontier(r.pending())
	if err := r.ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.seedErrs...)
}

// queueSeeds queues the source's seeds, in the run's queue and the frontier.
func (r *run) queueSeeds() {
	var seeds []store.FrontierItem
	for _, s := range r.src.AllSeeds() {
		u, err := Canonical(nil, s)
		if err != nil {
			r.seedFailed(s, err)
			continue
		}
		if r.firstSight(u.String()) {
			seeds = append(seeds, store.FrontierItem{Source: r.src.Name, URL: u.String(), Kind: kindSeed})
		}
	}
	r.writer.add(seeds...) // before the workers can settle them (see discover)
	for _, it := range seeds {
		r.push(&item{FrontierItem: it})
	}
}

// finish records the run's figures in the store.
func (r *run) finish(runErr error) error {
	if r.helper {
		return nil // the run helped is the other process's to record
	}
	snap := r.count.local.Snapshot()
	rec := r.record
	rec.FinishedAt = r.c.now().UTC()
	rec.Pages, rec.NotModified = snap.Pages, snap.NotModified
	rec.ArticlesNew, rec.ArticlesUpdated = snap.Created, snap.Updated
	rec.Errors = snap.Failures
	if runErr != nil {
		rec.Err = runErr.Error()
	}
	done, err := r.c.state.FinishRun(context.WithoutCancel(r.ctx), rec)
	if err != nil {
		return err
	}
	runs, err := r.c.state.Runs(context.WithoutCancel(r.ctx), r.src.Name, healthRuns)
	if err != nil {
		return err
	}
	r.count.finished(done, HealthOf(r.src.Name, runs))
	r.c.opts.Metrics.ShowBudget(r.src.Name, r.budget())
	return nil
}

func (r *run) work() {
	for {
		it := r.next()
		if it == nil {
			return
		}
		r.process(it)
	}
}

// next blocks until an item is ready or the run is over (nil).
func (r *run) next() *item {
	r.mu.Lock()
	defer r.mu.Unlock()
	for {
		switch {
		case r.ctx.Err() != nil || r.capped:
			return nil
		case len(r.articles) > 0:
			it := r.articles[0]
			r.articles[0] = nil
			r.articles = r.articles[1:]
			r.busy++
			return it
		case len(r.lists) > 0:
			it := r.lists[0]
			r.lists[0] = nil
			r.lists = r.lists[1:]
			r.busy++
			return it
		case r.busy == 0:
			r.wake.Broadcast()
			return nil
		}
		r.wake.Wait()
	}
}

// push makes it available to the workers.
func (r *run) push(it *item) {
	r.mu.Lock()
	r.pushLocked(it)
	r.mu.Unlock()
}

func (r *run) pushLocked(it *item) {
	if r.leased {
		return // the frontier in the store is the queue
	}
	if it.Kind == kindArticle {
		r.articles = append(r.articles, it)
	} else {
		r.lists = append(r.lists, it)
	}
	r.wake.Signal()
}

// schedule queues an item loaded from the frontier, now or when its
// NotBefore comes (if that is within this run's patience).
func (r *run) schedule(it *item) {
	wait := it.NotBefore.Sub(r.c.now())
	switch {
	case wait <= 0:
		r.push(it)
	case wait <= r.c.opts.MaxRetryAfter:
		r.mu.Lock()
		r.busy++
		r.mu.Unlock()
		r.later(it, wait)
	default: // stays in the frontier for a later run
	}
}

// later re-queues an item (counted busy by the caller) after d.
func (r *run) later(it *item, d time.Duration) {
	time.AfterFunc(d, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		r.busy--
		r.pushLocked(it)
	})
}

// finished marks an item taken by next as handled.
func (r *run) finished() {
	r.mu.Lock()
	r.busy--
	if r.busy == 0 && len(r.articles)+len(r.lists) == 0 {
		r.wake.Broadcast()
	}
	r.mu.Unlock()
}

// done removes the item from the frontier (its page is committed, or it is
// given up on) and marks it handled.
func (r *run) done(it *item) {
	it.settled = true
	r.writer.done(it.FrontierItem)
	r.finished()
}

// retry queues the item again after d, unless it has failed too often.
// It reports false when the item is given up on.
func (r *run) retry(it *item, d time.Duration, kind string) bool {
	if it.Attempts >= r.c.opts.Retries {
		return false
	}
	it.Attempts++
	it.NotBefore = r.c.now().Add(d)
	it.settled = true
	r.writer.retry(it.FrontierItem)
	r.count.retry(kind)
	if d > r.c.opts.MaxRetryAfter || r.leased { // leased: the frontier's not_before holds it back
		r.finished() // left in the frontier for a later run
		return true
	}
	r.later(it, d) // still busy until it is re-queued
	return true
}

// takeFetch counts one request against the per-run cap.
func (r *run) takeFetch() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fetches >= r.src.MaxPagesPerRun {
		if !r.capped {
			r.capped = true
			r.log.Warn("page cap reached; the rest stays queued for the next run",
				"cap", r.src.MaxPagesPerRun)
			r.count.fail("page_cap")
		}
		r.wake.Broadcast()
		return false
	}
	r.fetches++
	return true
}

func (r *run) pending() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.articles) + len(r.lists) + r.busy
}

func (r *run) firstSight(u string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.seen[u] {
		return false
	}
	r.seen[u] = true
	return true
}

func (r *run) seedFailed(u string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seedErrs = append(r.seedErrs, fmt.Errorf("seed %s: %w", u, err))
}

// urlAllowed reports whether u's host and port are in the source's
// allowed_hosts ("host:443" and "host" are the same for https).
func (r *run) urlAllowed(u *url.URL) bool {
	return netguard.HostAllowed(r.src.AllowedHosts, u)
}

// origin is scheme://host of u.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }
