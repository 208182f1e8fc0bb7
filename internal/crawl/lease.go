package crawl

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// Host-leased fetching (Options.Leases): when several crawler processes
// share one store, the unit of work is a host, not a source. A run queues
// its seeds in the store's frontier and waits until the frontier holds
// nothing more it can do; meanwhile this process's lease workers (shared by
// every run it has going) each lease a host that has due items of a running
// source, fetch that host's due items through the host's gate, renew the
// lease while they work and release it with the time the host's gate next
// allows a request. Only the holder fetches a host, so its delay,
// Crawl-delay, parallelism and Retry-After pause hold across processes.
//
// A killed worker loses nothing: its items stay in the frontier until their
// pages are committed, its leases expire, and whoever leases the host next
// fetches them; an article whose page was committed before the kill is
// found stored (LastFetch) and skipped, so none is stored or fetched twice.

// Lease defaults (Options).
const (
	defaultLeaseTTL    = 30 * time.Second
	defaultLeasedHosts = 8
	// hostBatch is how many due items of a host are read at a time.
	hostBatch = 200
	// idleMin and idleMax bound the wait between lease attempts when no
	// host is ready.
	idleMin = 10 * time.Millisecond
	idleMax = 250 * time.Millisecond
	// leasePoll is how often a leased run checks whether its source's
	// frontier holds anything left to do.
	leasePoll = 100 * time.Millisecond
	// helperGrace is how long a helper waits for the run it helps to queue
	// something.
	helperGrace = 5 * time.Second
)

// maxHold is how long a worker keeps one host while it has due items
// before giving it back, so other hosts get their turn (a variable: tests
// shorten it to make hosts change hands often).
var maxHold = time.Minute

// defaultHolder names this process in leases: host name and process id.
func defaultHolder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}

// fleet is this process's lease workers and the runs they fetch for.
type fleet struct {
	c *Crawler

	mu      sync.Mutex
	runs    map[string]*run // runs going on now, by source
	workers int             // lease workers running
	started int             // workers ever started, to name them
}

func newFleet(c *Crawler) *fleet {
	return &fleet{c: c, runs: map[string]*run{}}
}

// join makes r's source leasable and starts the workers if none run.
func (f *fleet) join(r *run) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.runs[r.src.Name] = r
	for f.workers < f.c.opts.LeasedHosts {
		f.workers++
		f.started++
		holder := fmt.Sprintf("%s/%d", f.c.opts.Holder, f.started)
		go f.work(holder)
	}
}

// leave stops handing r items and waits for those it is handling.
func (f *fleet) leave(r *run) {
	f.mu.Lock()
	if f.runs[r.src.Name] == r {
		delete(f.runs, r.src.Name)
	}
	f.mu.Unlock()
	r.inflight.Wait()
}

// take returns the run that handles an item of source, counting the item
// in flight, or nil if this process has no such run going.
func (f *fleet) take(source string) *run {
	f.mu.Lock()
	defer f.mu.Unlock()
	r := f.runs[source]
	if r != nil {
		r.inflight.Add(1)
	}
	return r
}

// sources lists the sources of the runs going on; a worker that finds none
// stops (atomically with join, which starts workers again).
func (f *fleet) sources() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.runs) == 0 {
		f.workers--
		return nil
	}
	out := make([]string, 0, len(f.runs))
	for name := range f.runs {
		out = append(out, name)
	}
	return out
}

// work leases hosts and fetches from them until no run is going.
func (f *fleet) work(holder string) {
	idle := idleMin
	for {
		names := f.sources()
		if names == nil {
			return
		}
		l, ok, err := f.c.opts.Leases.LeaseHost(context.Background(), holder, f.c.opts.LeaseTTL, names...)
		if err != nil {
			f.c.log.Warn("lease a host", "err", err)
		}
		if !ok || err != nil {
			// Jitter keeps the workers of many processes from asking in step.
			time.Sleep(idle/2 + rand.N(idle/2+1))
			idle = min(idle*2, idleMax)
			continue
		}
		idle = idleMin
		f.serve(l)
	}
}

// serve fetches a leased host's due items until it has none this process
// can handle, the lease is lost or maxHold has passed, then releases it.
func (f *fleet) serve(l store.Lease) {
	h := f.hold(l)
	var gate *hostGate
	start := time.Now()
	for !h.lost.Load() && time.Since(start) < maxHold {
		items, err := f.c.opts.Leases.HostFrontier(context.Background(), l.Host, hostBatch)
		if err != nil {
			f.c.log.Warn("read a leased host's frontier", "host", l.Host, "err", err)
			break
		}
		g, took := f.fetchAll(h, items)
		if g != nil {
			gate = g // the wait on release is the gate's after the last request
		}
		if took == 0 {
			break
		}
	}
	lease := h.stop()
	if h.lost.Load() {
		f.c.log.Warn("host lease lost while fetching; another worker holds it now", "host", l.Host)
		return
	}
	var wait time.Duration
	if gate != nil {
		wait = gate.readyIn(f.c.now())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.c.opts.Leases.ReleaseHost(ctx, lease, wait); err != nil {
		f.c.log.Warn("release a host", "host", l.Host, "err", err)
	}
}

// fetchAll handles one batch of a host's items with as many requests in
// flight as the host's gate allows, then writes what they changed in the
// frontier, so the next read of the host's items (or the next holder's)
// sees it. It returns the host's gate and how many items were handled.
func (f *fleet) fetchAll(h *holding, items []store.FrontierItem) (*hostGate, int) {
	if len(items) == 0 {
		return nil, 0
	}
	u, err := url.Parse(items[0].URL)
	if err != nil {
		return nil, 0
	}
	var gate *hostGate
	if r := f.take(items[0].Source); r != nil {
		gate = f.c.hosts.gate(u.Host, r.src.Parallelism, r.src.Delay)
		r.inflight.Done()
	} else {
		gate = f.c.hosts.gate(u.Host, 1, 0)
	}
	var (
		next    = make(chan store.FrontierItem)
		took    atomic.Int64
		touched sync.Map // runs whose writers hold changes
		wg      sync.WaitGroup
	)
	for range gate.slots() {
		wg.Go(func() {
			for it := range next {
				if h.lost.Load() {
					continue
				}
				r := f.take(it.Source)
				if r == nil {
					continue
				}
				if r.processLeased(it) {
					took.Add(1)
					touched.Store(r, true)
				}
				r.inflight.Done()
			}
		})
	}
	for _, it := range items {
		next <- it
	}
	close(next)
	wg.Wait()
	touched.Range(func(k, _ any) bool {
		k.(*run).writer.sync()
		return true
	})
	return gate, int(took.Load())
}

// holding is a lease being renewed in the background.
type holding struct {
	lost atomic.Bool
	quit chan struct{}
	done chan store.Lease // the lease as last renewed
}

// hold renews l every third of its time to live until stop.
func (f *fleet) hold(l store.Lease) *holding {
	h := &holding{quit: make(chan struct{}), done: make(chan store.Lease, 1)}
	ttl := f.c.opts.LeaseTTL
	go func() {
		tick := time.NewTicker(ttl / 3)
		defer tick.Stop()
		for {
			select {
			case <-h.quit:
				h.done <- l
				return
			case <-tick.C:
			}
			ctx, cancel := context.WithTimeout(context.Background(), ttl/3)
			renewed, err := f.c.opts.Leases.RenewLease(ctx, l, ttl)
			cancel()
			switch {
			case errors.Is(err, store.ErrLeaseLost):
				h.lost.Store(true)
			case err != nil: // the next tick tries again while the lease lasts
				f.c.log.Warn("renew host lease", "host", l.Host, "err", err)
			default:
				l = renewed
			}
		}
	}()
	return h
}

func (h *holding) stop() store.Lease {
	close(h.quit)
	return <-h.done
}
