package crawl

import (
	"context"
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

	mu      sync.Mutex
	pending store.FrontierUpdate
	size    int
	kick    chan struct{}
	stop    chan struct{}
	stopped chan struct{}
	failed  int
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
			w.flush()
			return
		case <-tick.C:
		case <-w.kick:
		}
		w.flush()
	}
}

func (w *frontierWriter) flush() {
	w.mu.Lock()
	u := w.pending
	w.pending, w.size = store.FrontierUpdate{}, 0
	w.mu.Unlock()
	// Written even when the crawl's context is cancelled: what was decided
	// must reach the store, or the next run repeats it.
	if err := w.state.UpdateFrontier(context.Background(), u); err != nil {
		w.failed++
		w.log.Error("write frontier", "adds", len(u.Add), "done", len(u.Done), "err", err)
	}
}

// close writes what is pending and stops the writer.
func (w *frontierWriter) close() {
	close(w.stop)
	<-w.stopped
}
