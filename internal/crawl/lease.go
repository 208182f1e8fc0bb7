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
	// hostBatch is how many due items of a host are read at a time, beyond
	// those handled already in the lease.
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

// running reports whether any run is going (a stopped one no longer is).
func (f *fleet) running() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.runs) > 0
}

// work leases hosts and fetches from them until no run is going.
func (f *fleet) work(holder string) {
	idle := idleMin
	for {
		names := f.sources()
		if names == nil {
			return
		}
		asked := time.Now()
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
		f.serve(l, asked)
	}
}

// serve fetches a leased host's due items until it has none this process
// can handle, the lease is lost or maxHold has passed, then releases it
// with the time the host's gate next allows a request.
func (f *fleet) serve(l store.Lease, asked time.Time) {
	h := f.hold(l, asked)
	p := f.pump(h, l.Host)
	lease := h.stop()
	if !h.held() {
		// Not renewed in time, or granted to another worker since: not ours
		// to release; it expires, or has been taken over.
		f.c.log.Warn("host lease lapsed or lost while fetching", "host", l.Host)
		return
	}
	var wait time.Duration
	if p.gate != nil {
		wait = p.gate.readyIn(f.c.now())
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := f.c.opts.Leases.ReleaseHost(ctx, lease, wait); err != nil {
		f.c.log.Warn("release a host", "host", l.Host, "err", err)
	}
}

// hostPump feeds one leased host's items to as many fetchers as the host's
// gate lets run at once. The frontier is read again whenever the fetchers
// have taken everything read so far, so new links reach them without a
// pause; an item read again (its removal not written yet, or left for a
// later run) is recognised and skipped.
type hostPump struct {
	f       *fleet
	h       *holding
	host    string
	gate    *hostGate // nil until an item of a running source is read
	handled map[string]bool
	// The frontier lists handled items until their removal is written:
	// how many the last read skipped and how many were sent since size
	// the next read.
	skipped, sent int
	lastRead      time.Time
	next          chan store.FrontierItem
	idle          chan struct{} // a fetcher finished an item
	busy          atomic.Int64  // items sent and not finished
	touched       sync.Map      // runs whose frontier writers hold changes
	wg            sync.WaitGroup
}

func (f *fleet) pump(h *holding, host string) *hostPump {
	p := &hostPump{f: f, h: h, host: host, handled: map[string]bool{},
		next: make(chan store.FrontierItem), idle: make(chan struct{}, 1)}
	start := time.Now()
	for h.held() && time.Since(start) < maxHold && f.running() {
		fresh, err := p.read()
		if err != nil {
			f.c.log.Warn("read a leased host's frontier", "host", host, "err", err)
			break
		}
		if p.gate == nil {
			break // nothing of a source this process is crawling
		}
		if len(fresh) == 0 {
			if p.busy.Load() > 0 {
				<-p.idle // links found by the items in flight may follow,
				// once written: not before the frontier writer's next flush
				time.Sleep(time.Until(p.lastRead.Add(f.c.opts.FrontierFlush)))
				continue
			}
			// Nothing in flight: write what was done, then look once more.
			p.sync()
			if fresh, err = p.read(); err != nil || len(fresh) == 0 {
				break
			}
		}
		for _, it := range fresh {
			p.busy.Add(1)
			p.next <- it
		}
		p.sent += len(fresh)
	}
	close(p.next)
	p.wg.Wait()
	p.sync()
	return p
}

// read returns the host's due items not handled in this lease yet, and
// starts the fetchers on the first read that finds a running source's item.
func (p *hostPump) read() ([]store.FrontierItem, error) {
	// Items handled in this lease may still be listed (in flight, their
	// removal not written yet, or left for a later run): read past as many
	// as the last read found, and those sent since.
	items, err := p.f.c.opts.Leases.HostFrontier(context.Background(), p.host, hostBatch+p.skipped+p.sent)
	if err != nil {
		return nil, err
	}
	p.lastRead, p.skipped, p.sent = time.Now(), 0, 0
	var fresh []store.FrontierItem
	for _, it := range items {
		key := it.Source + " " + it.URL
		if p.handled[key] {
			p.skipped++
			continue
		}
		p.handled[key] = true
		fresh = append(fresh, it)
		if p.gate == nil {
			p.start(it)
		}
	}
	return fresh, nil
}

// start makes the host's gate from the source of it and starts as many
// fetchers as the gate lets in flight.
func (p *hostPump) start(it store.FrontierItem) {
	u, err := url.Parse(it.URL)
	if err != nil {
		return
	}
	r := p.f.take(it.Source)
	if r == nil {
		return
	}
	p.gate = p.f.c.hosts.gate(u.Host, r.src.Parallelism, r.src.Delay)
	r.inflight.Done()
	for range p.gate.slots() {
		p.wg.Go(p.fetch)
	}
}

// fetch handles the items sent to it. Items read before the fetchers were
// started wait in the channel; none is sent before start (read starts them
// on its first item), so the channel always has a reader.
func (p *hostPump) fetch() {
	for it := range p.next {
		if r := p.f.take(it.Source); r != nil {
			if p.h.held() && r.processLeased(it) {
				p.touched.Store(r, true)
			}
			r.inflight.Done()
		}
		p.busy.Add(-1)
		select {
		case p.idle <- struct{}{}:
		default:
		}
	}
}

// sync writes the frontier changes of the items handled so far, so the next
// read of the host's items (or the next holder's) sees them.
func (p *hostPump) sync() {
	p.touched.Range(func(k, _ any) bool {
		k.(*run).writer.sync()
		return true
	})
}

// holding is a lease being renewed in the background.
type holding struct {
	lost  atomic.Bool
	until atomic.Int64 // unix ns by this machine's clock: the lease is surely held before
	quit  chan struct{}
	done  chan store.Lease // the lease as last renewed
}

// held reports whether the lease is surely still this worker's: it was not
// lost, and the last successful grant or renewal, counted from before it was
// asked for, has not run out (less a tenth, for a fetch let through just
// before). A renewal that fails (a slow or unreachable
// database) does not extend it, so a worker cut off from the store stops
// fetching before another can be granted the host.
func (h *holding) held() bool {
	return !h.lost.Load() && time.Now().UnixNano() < h.until.Load()
}

// hold renews l every third of its time to live until stop.
func (f *fleet) hold(l store.Lease, asked time.Time) *holding {
	h := &holding{quit: make(chan struct{}), done: make(chan store.Lease, 1)}
	ttl := f.c.opts.LeaseTTL
	h.until.Store(asked.Add(ttl * 9 / 10).UnixNano())
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
			asked := time.Now()
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
				h.until.Store(asked.Add(ttl * 9 / 10).UnixNano())
			}
		}
	}()
	return h
}

func (h *holding) stop() store.Lease {
	close(h.quit)
	return <-h.done
}
