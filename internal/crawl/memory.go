package crawl

import (
	"context"
	"errors"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// memBudget caps the page bytes held at once across every host and source of
// a Crawler. A request reserves an advance (advanceBytes, enough for most
// pages) before it is sent; a body declared larger, or an undeclared one
// that outgrows the advance, is read only once the rest is reserved. The
// reservation is held until the page has been handed to the sink (stored
// and extracted), since that is when its memory is freed. A page larger
// than the whole budget reserves all of it and so runs alone.
//
// Growing never holds one reservation while waiting for another (that
// could deadlock): it gives the advance back first. Bytes already read
// stay in memory meanwhile, so the bound is the budget plus one advance
// per worker — and colly's own copy of each body being fetched, dropped
// when its fetch returns (the page keeps the transport's raw bytes).
type memBudget struct {
	sem *semaphore.Weighted
	max int64
}

// advanceBytes is reserved per request before it is sent.
const advanceBytes = 1 << 20

func newMemBudget(max int64) *memBudget {
	return &memBudget{sem: semaphore.NewWeighted(max), max: max}
}

// reserve blocks until n bytes (at most the whole budget) are free and
// returns how many were taken, for release.
func (b *memBudget) reserve(ctx context.Context, n int64) (int64, error) {
	n = min(max(n, 1), b.max)
	if err := b.sem.Acquire(ctx, n); err != nil {
		return 0, err
	}
	return n, nil
}

func (b *memBudget) release(n int64) {
	if n > 0 {
		b.sem.Release(n)
	}
}

// grow turns a reservation of have bytes into one of want: at once if the
// rest is free, else by giving have back and waiting for want whole, with
// the request's deadline paused meanwhile (waiting is not the server's
// fault). It returns the reservation now held.
func (b *memBudget) grow(ctx context.Context, have, want int64, dl *deadline) (int64, error) {
	want = min(want, b.max)
	if want <= have {
		return have, nil
	}
	if b.sem.TryAcquire(want - have) {
		return want, nil
	}
	b.release(have)
	dl.pause()
	defer dl.resume()
	return b.reserve(ctx, want)
}

// errFetchTimeout is the cause of a request cancelled by its deadline.
var errFetchTimeout = errors.New("request took longer than the source's timeout")

// deadline cancels a request when its time is up, with pauses not counted.
type deadline struct {
	mu     sync.Mutex
	left   time.Duration
	start  time.Time
	timer  *time.Timer
	cancel context.CancelCauseFunc
}

func newDeadline(ctx context.Context, d time.Duration) (context.Context, *deadline) {
	ctx, cancel := context.WithCancelCause(ctx)
	dl := &deadline{left: d, start: time.Now(), cancel: cancel}
	dl.timer = time.AfterFunc(d, func() { cancel(errFetchTimeout) })
	return ctx, dl
}

func (d *deadline) pause() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.timer.Stop() {
		d.left -= time.Since(d.start)
	}
}

func (d *deadline) resume() {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.start = time.Now()
	d.timer.Reset(max(d.left, 0))
}

// stop ends the request's context.
func (d *deadline) stop() {
	d.timer.Stop()
	d.cancel(context.Canceled)
}
