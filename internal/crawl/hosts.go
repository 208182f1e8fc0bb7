package crawl

import (
	"context"
	"sync"
	"time"
)

// hosts holds one gate per host, shared by every source and run of a
// Crawler, so two sources on one host together stay within its limits.
type hosts struct {
	mu    sync.Mutex
	gates map[string]*hostGate
	now   func() time.Time
}

func newHosts(now func() time.Time) *hosts {
	return &hosts{gates: map[string]*hostGate{}, now: now}
}

// gate returns the gate of host, tightened to at most parallelism requests
// in flight and at least delay between request starts. Limits only ever
// tighten: the strictest source sharing a host sets them.
func (h *hosts) gate(host string, parallelism int, delay time.Duration) *hostGate {
	h.mu.Lock()
	defer h.mu.Unlock()
	g := h.gates[host]
	if g == nil {
		g = &hostGate{limit: max(parallelism, 1), delay: delay, now: h.now, wake: make(chan struct{})}
		h.gates[host] = g
		return g
	}
	g.tighten(parallelism, delay)
	return g
}

// hostGate enforces one host's politeness: how many requests are in flight,
// how long between request starts, and a pause (Retry-After) for everyone.
type hostGate struct {
	mu       sync.Mutex
	limit    int
	delay    time.Duration
	inFlight int
	next     time.Time // earliest start of the next request
	paused   time.Time // no request before this (Retry-After)
	wake     chan struct{}
	now      func() time.Time
}

func (g *hostGate) tighten(parallelism int, delay time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if parallelism >= 1 && parallelism < g.limit {
		g.limit = parallelism
	}
	if delay > g.delay {
		g.delay = delay
	}
}

// acquire waits for a free slot and for the host's delay and pause, then
// takes the slot. Call release when the response body has been read.
func (g *hostGate) acquire(ctx context.Context) error {
	for {
		g.mu.Lock()
		t := g.now()
		wait := time.Duration(-1) // until a slot frees
		if g.inFlight < g.limit {
			start := g.next
			if g.paused.After(start) {
				start = g.paused
			}
			if !start.After(t) {
				g.inFlight++
				g.next = t.Add(g.delay)
				g.mu.Unlock()
				return nil
			}
			wait = start.Sub(t)
		}
		wake := g.wake
		g.mu.Unlock()

		var (
			timer <-chan time.Time
			tm    *time.Timer
		)
		if wait >= 0 {
			tm = time.NewTimer(wait)
			timer = tm.C
		}
		select {
		case <-ctx.Done():
		case <-wake:
		case <-timer:
		}
		if tm != nil {
			tm.Stop()
		}
		if err := ctx.Err(); err != nil {
			return err
		}
	}
}

func (g *hostGate) release() {
	g.mu.Lock()
	g.inFlight--
	close(g.wake)
	g.wake = make(chan struct{})
	g.mu.Unlock()
}

// pausedUntil is the end of the host's pause, zero if none.
func (g *hostGate) pausedUntil() time.Time {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.paused
}

// pause holds every request to the host until t (a 429 or 503 asked so).
func (g *hostGate) pause(t time.Time) {
	g.mu.Lock()
	if t.After(g.paused) {
		g.paused = t
	}
	g.mu.Unlock()
}

// slots is how many requests the gate lets in flight at once.
func (g *hostGate) slots() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.limit
}

// readyIn is how long from now until the gate lets the next request start:
// what a released host lease waits before another worker may take it.
func (g *hostGate) readyIn(now time.Time) time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	start := g.next
	if g.paused.After(start) {
		start = g.paused
	}
	return max(start.Sub(now), 0)
}
