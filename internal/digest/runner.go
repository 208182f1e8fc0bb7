package digest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"sync"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// ErrUndelivered marks a run whose digest (new or pending) some delivery
// did not take; it stays pending and is tried again.
var ErrUndelivered = errors.New("digest not delivered")

// Options tune a Runner; zero values take the defaults.
type Options struct {
	Now      func() time.Time                                 // default time.Now
	Sleep    func(ctx context.Context, d time.Duration) error // waits; returns ctx.Err() when cancelled
	Logger   *slog.Logger                                     // default: discard
	Env      Env                                              // default os.LookupEnv; reads the secrets deliveries name
	Open     func(ctx context.Context, d config.Delivery, env Env) (Sender, error)
	Attempts int           // delivery attempts within one run; default 3
	Backoff  time.Duration // wait after a run's first failed attempt, doubled after each; default 2s
	Retry    time.Duration // wait before a later retry of a pending digest, doubled per failure up to an hour; default 1m
	Overlap  time.Duration // how far before the previous digest's end to look again; default 10m
	Poll     time.Duration // Serve checks pending retries at least this often; default 1m
	Holder   string        // names this process in claims on a shared store; default host:pid
}

func (o *Options) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = sleep
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	if o.Env == nil {
		o.Env = os.LookupEnv
	}
	if o.Open == nil {
		o.Open = Open
	}
	if o.Attempts <= 0 {
		o.Attempts = 3
	}
	if o.Backoff <= 0 {
		o.Backoff = 2 * time.Second
	}
	if o.Holder == "" {
		host, _ := os.Hostname()
		o.Holder = fmt.Sprintf("%s:%d", host, os.Getpid())
	}
	if o.Retry <= 0 {
		o.Retry = time.Minute
	}
	if o.Overlap <= 0 {
		o.Overlap = 10 * time.Minute
	}
	if o.Poll <= 0 {
		o.Poll = time.Minute
	}
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Runner makes and delivers the digests of the configured watchlists.
type Runner struct {
	store   Store
	finder  Finder
	opts    Options
	watches []*watch
}

type watch struct {
	cfg     config.Watchlist
	senders []Sender
	mu      sync.Mutex // one run of a watchlist at a time in this process
}

// New opens the senders of every watchlist (reading their secrets, without
// touching the network) and returns a Runner. Close it when done.
func New(ctx context.Context, st Store, f Finder, watchlists []config.Watchlist, opts Options) (*Runner, error) {
	opts.defaults()
	r := &Runner{store: st, finder: f, opts: opts}
	for _, wl := range watchlists {
		w := &watch{cfg: wl}
		r.watches = append(r.watches, w)
		for i, d := range wl.Deliveries {
			s, err := opts.Open(ctx, d, opts.Env)
			if err != nil {
				cerr := r.Close()
				return nil, errors.Join(fmt.Errorf("watchlist %s: deliveries[%d]: %w", wl.Name, i, err), cerr)
			}
			w.senders = append(w.senders, s)
		}
	}
	return r, nil
}

// Close closes every sender opened so far.
func (r *Runner) Close() error {
	var errs []error
	for _, w := range r.watches {
		for _, s := range w.senders {
			if err := s.Close(); err != nil {
				errs = append(errs, fmt.Errorf("close %s: %w", s.Name(), err))
			}
		}
		w.senders = nil
	}
	return errors.Join(errs...)
}

// Watchlists returns the names of the watchlists, in config order.
func (r *Runner) Watchlists() []string {
	names := make([]string, len(r.watches))
	for i, w := range r.watches {
		names[i] = w.cfg.Name
	}
	return names
}

func (r *Runner) watch(name string) (*watch, error) {
	for _, w := range r.watches {
		if w.cfg.Name == name {
			return w, nil
		}
	}
	return nil, fmt.Errorf("watchlist %q: %w", name, zhwatch.ErrNotFound)
}

// RunOptions change one run.
type RunOptions struct {
	DryRun bool      // make the digest only: record nothing, deliver nothing
	Since  time.Time // start here instead of where the previous digest ended
}

// Result is what one run did.
type Result struct {
	Digest      *Digest  // the digest made; nil when a pending one could not be delivered first
	Recorded    bool     // stored (false for a dry run)
	Sent        bool     // every delivery took it (false for an empty digest that is not sent)
	Redelivered []string // ids of pending digests delivered before it
}

// Run makes the watchlist's next digest and delivers it. Digests still
// pending from an earlier run (a crash, a failed delivery) are delivered
// first, under their own ids; while one of them fails, no new digest is
// made. The new digest is recorded, with its items, before any delivery.
func (r *Runner) Run(ctx context.Context, name string, opt RunOptions) (*Result, error) {
	w, err := r.watch(name)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()

	res := &Result{}
	if !opt.DryRun {
		if res.Redelivered, err = r.deliverPending(ctx, w); err != nil {
			return res, err
		}
	}
	last, count, ok, err := r.store.LastDigest(ctx, name)
	if err != nil {
		return res, err
	}
	now := r.opts.Now()
	win := window{until: now.Truncate(time.Second)} // store times have whole seconds too
	switch {
	case !opt.Since.IsZero():
		win.since, win.storedAfter = opt.Since, opt.Since
	case ok:
		win.since, win.storedAfter = last.Until, last.Until.Add(-r.opts.Overlap)
	}
	items, covered, until, err := build(ctx, r.store, r.finder, &w.cfg, win)
	if err != nil {
		return res, err
	}
	d := &Digest{ID: digestID(name, until, count+1), Watchlist: name, Query: w.cfg.Query,
		Since: win.since, Until: until, Items: items}
	res.Digest = d
	if opt.DryRun {
		return res, nil
	}

	doc, err := encodeDigest(d)
	if err != nil {
		return res, err
	}
	rec := Record{ID: d.ID, Watchlist: name, Since: d.Since, Until: d.Until, State: StatePending,
		CreatedAt: now, Doc: doc, Items: covered}
	if d.Empty() && !w.cfg.SendEmpty {
		rec.State = StateEmpty
	}
	if err := r.store.RecordDigest(ctx, rec); err != nil {
		return res, err
	}
	res.Recorded = true
	if rec.State == StateEmpty {
		return res, nil
	}
	if err := r.deliver(ctx, w, rec, d); err != nil {
		return res, err
	}
	res.Sent = true
	return res, nil
}

// digestID names a digest: the watchlist, when it ends (UTC) and its number.
func digestID(name string, until time.Time, n int) string {
	return fmt.Sprintf("%s-%s-%d", name, until.UTC().Format("20060102T150405Z"), n)
}

// Retry delivers the watchlist's pending digests, oldest first, and returns
// the ids of those delivered.
func (r *Runner) Retry(ctx context.Context, name string) ([]string, error) {
	w, err := r.watch(name)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return r.deliverPending(ctx, w)
}

func (r *Runner) deliverPending(ctx context.Context, w *watch) ([]string, error) {
	recs, err := r.store.PendingDigests(ctx, w.cfg.Name)
	if err != nil {
		return nil, err
	}
	var done []string
	for _, rec := range recs {
		d, err := decodeDigest(rec)
		if err != nil {
			return done, err
		}
		if err := r.deliver(ctx, w, rec, d); err != nil {
			return done, err
		}
		done = append(done, rec.ID)
	}
	return done, nil
}

// deliver sends a recorded digest to every delivery that has not taken it
// yet, and marks it sent when all have.
func (r *Runner) deliver(ctx context.Context, w *watch, rec Record, d *Digest) error {
	msg, err := NewMessage(d)
	if err != nil {
		return err
	}
	var errs []error
	for _, s := range w.senders {
		st := rec.Deliveries[s.Name()]
		if !st.DoneAt.IsZero() {
			continue
		}
		if err := r.send(ctx, rec.ID, s, msg, st.Attempts); err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("digest %s: %w: %w", rec.ID, ErrUndelivered, errors.Join(errs...))
	}
	return r.store.FinishDigest(ctx, rec.ID, r.opts.Now())
}

// send tries one delivery up to Attempts times with a doubling wait, and
// records each outcome.
func (r *Runner) send(ctx context.Context, id string, s Sender, msg *Message, prior int) error {
	for i := 0; ; i++ {
		err := s.Send(ctx, msg)
		if err == nil {
			return r.store.DeliveryDone(ctx, id, s.Name(), r.opts.Now())
		}
		attempts := prior + i + 1
		next := r.opts.Now().Add(r.retryDelay(attempts))
		if ferr := r.store.DeliveryFailed(ctx, id, s.Name(), err.Error(), next); ferr != nil {
			return errors.Join(err, ferr)
		}
		var p permanentError
		if i+1 >= r.opts.Attempts || errors.As(err, &p) || ctx.Err() != nil {
			return err
		}
		wait := r.opts.Backoff << i
		r.opts.Logger.Warn("digest delivery failed; trying again", "digest", id, "delivery", s.Name(),
			"attempt", attempts, "wait", wait, "err", err)
		if serr := r.opts.Sleep(ctx, wait); serr != nil {
			return errors.Join(err, serr)
		}
	}
}

// retryDelay is how long a later run waits before retrying a delivery
// that failed attempts times: Retry, doubled per failure, at most an hour.
func (r *Runner) retryDelay(attempts int) time.Duration {
	d := r.opts.Retry
	for range min(attempts-1, 12) {
		d *= 2
	}
	return min(d, time.Hour)
}
