package crawl

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// Frontier item kinds.
const (
	kindSeed    = "seed"
	kindList    = "list"
	kindArticle = "article"
)

// frontierWriter batches frontier changes and writes them in order, one
// transaction per batch. Order is what makes a kill safe: the links found on
// a page are queued in the same or an earlier batch than the removal of
// that page's own item, and the removal is queued only after the page is
// committed.
type frontierWriter struct {
	state State
	log   *slog.Logger
	every time.Duration

	wmu     sync.Mutex // held through a write, so batches reach the store in order
	mu      sync.Mutex
	pending store.FrontierUpdate
	size    int
	kick    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
	failed  int   // writes that failed
	err     error // of the last write, nil if it succeeded
}

// maxBatch is the number of changes that triggers a write before the tick.
const maxBatch = 1000

func newFrontierWriter(state State, log *slog.Logger, every time.Duration) *frontierWriter {
	w := &frontierWriter{state: state, log: log, every: every,
		kick: make(chan struct{}, 1), stop: make(chan struct{}), stopped: make(chan struct{})}
	go w.loop()
	return w
}

func (w *frontierWriter) add(items ...store.FrontierItem) {
	w.queue(func(u *store.FrontierUpdate) { u.Add = append(u.Add, items...) }, len(items))
}

func (w *frontierWriter) retry(it store.FrontierItem) {
	w.queue(func(u *store.FrontierUpdate) { u.Retry = append(u.Retry, it) }, 1)
}

func (w *frontierWriter) done(it store.FrontierItem) {
	w.queue(func(u *store.FrontierUpdate) { u.Done = append(u.Done, it) }, 1)
}

// queue appends a change. A batch applies its adds, then its retries, then
// its removals; within a run that is also the order of the changes to any
// one URL (queued once, retried, removed), so batching never reorders them.
func (w *frontierWriter) queue(change func(*store.FrontierUpdate), n int) {
	w.mu.Lock()
	change(&w.pending)
	w.size += n
	full := w.size >= maxBatch
	w.mu.Unlock()
	if full {
		select {
		case w.kick <- struct{}{}:
		default:
		}
	}
}

func (w *frontierWriter) loop() {
	defer close(w.stopped)
	tick := time.NewTicker(w.every)
	defer tick.Stop()
	for {
		select {
		case <-w.stop:
			// The last chance for these changes: try a few times, as a
			// locked or busy database often clears in a moment.
			for i := range closeAttempts {
				if w.flush(); w.lastOK() {
					break
				}
				time.Sleep(time.Duration(i+1) * 50 * time.Millisecond)
			}
			return
		case <-tick.C:
		case <-w.kick:
		}
		w.flush()
	}
}

// flush writes what is pending. A batch that fails is kept, ahead of what
// is queued after it, and written again with the next batch: merging keeps
// the order (adds, then retries, then removals). The last error is kept
// for close to return.
func (w *frontierWriter) flush() {
	w.wmu.Lock()
	defer w.wmu.Unlock()
	w.mu.Lock()
	u := w.pending
	w.pending, w.size = store.FrontierUpdate{}, 0
	w.mu.Unlock()
	// Written even when the crawl's context is cancelled: what was decided
	// must reach the store, or the next run repeats it.
	err := w.state.UpdateFrontier(context.Background(), u)
	w.mu.Lock()
	defer w.mu.Unlock()
	if err == nil {
		w.err = nil
		return
	}
	w.failed++
	w.err = err
	w.log.Warn("write frontier; keeping the batch for the next write", "adds", len(u.Add), "done", len(u.Done), "err", err)
	w.pending = store.FrontierUpdate{
		Add:   append(u.Add, w.pending.Add...),
		Retry: append(u.Retry, w.pending.Retry...),
		Done:  append(u.Done, w.pending.Done...),
	}
	w.size += len(u.Add) + len(u.Retry) + len(u.Done)
}

// sync writes what is pending now (a leased host is about to be read again
// or released: what was done on it must be in the store first) and reports
// whether the write succeeded.
func (w *frontierWriter) sync() bool {
	w.flush()
	return w.lastOK()
}

// closeAttempts is how often the final write is tried.
const closeAttempts = 3

func (w *frontierWriter) lastOK() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err == nil
}

// close writes what is pending and stops the writer. It returns the error
// of the last write if that failed: those frontier changes are lost, and
// the run must say so.
func (w *frontierWriter) close() error {
	close(w.stop)
	<-w.stopped
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return fmt.Errorf("write frontier (%d changes not stored): %w", w.size, w.err)
	}
	return nil
}
