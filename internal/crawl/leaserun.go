package crawl

import (
	"errors"
	"net/url"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// crawlLeased is crawl when hosts are leased (lease.go): the run queues its
// seeds in the shared frontier and waits, while the fleet's workers fetch,
// until the frontier holds nothing more this run can do.
func (r *run) crawlLeased() (err error) {
	r.leased = true
	r.writer = newFrontierWriter(r.c.state, r.log, r.c.opts.FrontierFlush)
	defer func() {
		if werr := r.writer.close(); werr != nil {
			err = errors.Join(err, werr)
		}
	}()
	if !r.helper {
		r.queueSeeds()
		r.writer.sync()
	}

	f := r.c.leaseFleet()
	f.join(r)
	defer f.leave(r)
	// A helper may start before the run it helps has queued its seeds.
	grace := time.Now().Add(helperGrace)
	for worked := !r.helper; ; {
		n, err := r.outstanding()
		if err != nil {
			return err
		}
		worked = worked || n > 0
		if n == 0 && (worked || time.Now().After(grace)) {
			break
		}
		// Each check reads the source's whole frontier: a long one is
		// checked less often (10k items: every 300 ms).
		select {
		case <-r.ctx.Done():
			r.count.frontier(n)
			return r.ctx.Err()
		case <-time.After(leasePoll + time.Duration(n)*20*time.Microsecond):
		}
	}
	r.count.frontier(0)
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.seedErrs...)
}

// outstanding counts the source's frontier items this run has yet to
// handle: not left for a later run by it, and due within the run's
// patience (MaxRetryAfter). Items being fetched stay in the frontier until
// their pages are committed, so they count too.
func (r *run) outstanding() (int, error) {
	r.mu.Lock()
	capped := r.capped
	r.mu.Unlock()
	if capped || r.ctx.Err() != nil {
		return 0, nil
	}
	items, err := r.c.state.Frontier(r.ctx, r.src.Name)
	if err != nil {
		if r.ctx.Err() != nil {
			return 0, nil
		}
		return 0, err
	}
	patience := r.c.now().Add(r.c.opts.MaxRetryAfter)
	r.mu.Lock()
	defer r.mu.Unlock()
	n := 0
	for _, it := range items {
		if !r.left[it.URL] && !it.NotBefore.After(patience) {
			n++
		}
	}
	return n, nil
}

// processLeased handles an item a lease worker read from the frontier. It
// reports false, doing nothing, when the run has handled the item already
// (left it queued for a later run) or has stopped.
func (r *run) processLeased(fi store.FrontierItem) bool {
	r.mu.Lock()
	if r.left[fi.URL] || r.capped || r.ctx.Err() != nil {
		r.mu.Unlock()
		return false
	}
	r.seen[fi.URL] = true // not queued again from a link in this run
	r.busy++
	r.mu.Unlock()
	// Queued by an earlier run under an earlier allowed_hosts: drop what
	// the source no longer allows.
	if u, err := url.Parse(fi.URL); err == nil && !r.urlAllowed(u) {
		r.count.dropped("not_allowed")
		r.done(&item{FrontierItem: fi})
		return true
	}
	it := &item{FrontierItem: fi}
	r.process(it)
	if !it.settled {
		r.mu.Lock()
		r.left[fi.URL] = true
		r.mu.Unlock()
	}
	return true
}
