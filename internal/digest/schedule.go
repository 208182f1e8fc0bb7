package digest

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// Serve runs every watchlist on its schedule until ctx is done, and
// retries pending digests when their next attempt is due. A schedule
// missed while nothing was running is not made up for: the next digest
// covers everything since the last one anyway. Errors are logged, not
// returned; Serve returns nil when ctx is done.
func (r *Runner) Serve(ctx context.Context) error {
	now := r.opts.Now()
	next := make([]time.Time, len(r.watches))
	for i, w := range r.watches {
		next[i] = w.cfg.Cron.Next(now)
		r.opts.Logger.Info("digest scheduled", "watchlist", w.cfg.Name, "next", next[i])
	}
	for {
		wake := now.Add(r.opts.Poll)
		for _, t := range next {
			if t.Before(wake) {
				wake = t
			}
		}
		if err := r.opts.Sleep(ctx, wake.Sub(now)); err != nil || ctx.Err() != nil {
			return nil
		}
		now = r.opts.Now()
		for i, w := range r.watches {
			name := w.cfg.Name
			if !now.Before(next[i]) {
				fire := next[i]
				next[i] = w.cfg.Cron.Next(now)
				if !r.claim(ctx, "digest "+name+" "+fire.UTC().Format(time.RFC3339)) {
					continue
				}
				res, err := r.Run(ctx, name, RunOptions{})
				if err != nil {
					r.opts.Logger.Error("digest", "watchlist", name, "err", err, "next", next[i])
					continue
				}
				r.opts.Logger.Info("digest", "watchlist", name, "id", res.Digest.ID, "items", len(res.Digest.Items),
					"sent", res.Sent, "redelivered", len(res.Redelivered), "next", next[i])
				continue
			}
			due, state, err := r.retryDue(ctx, w, now)
			if err != nil {
				r.opts.Logger.Error("digest retry", "watchlist", name, "err", err)
				continue
			}
			if !due || !r.claim(ctx, "digest retry "+name+" "+state) {
				continue
			}
			done, err := r.Retry(ctx, name)
			if err != nil {
				r.opts.Logger.Error("digest retry", "watchlist", name, "err", err)
				continue
			}
			r.opts.Logger.Info("digest retry", "watchlist", name, "delivered", done)
		}
	}
}

// retryDue reports whether a pending digest of w has a delivery whose next
// attempt is due, and names the pending state (digest ids and attempts so
// far): processes that see the same state claim the same retry.
func (r *Runner) retryDue(ctx context.Context, w *watch, now time.Time) (bool, string, error) {
	recs, err := r.store.PendingDigests(ctx, w.cfg.Name)
	if err != nil {
		return false, "", err
	}
	due := false
	var state strings.Builder
	for _, rec := range recs {
		attempts := 0
		for _, s := range w.senders {
			st := rec.Deliveries[s.Name()]
			attempts += st.Attempts
			if st.DoneAt.IsZero() && !st.NextAttempt.After(now) {
				due = true
			}
		}
		fmt.Fprintf(&state, "%s/%d ", rec.ID, attempts)
	}
	return due, strings.TrimSpace(state.String()), nil
}

// Claimer is a store several processes share that hands each scheduled
// digest (and each retry) to exactly one of them: PostgreSQL's ClaimOnce.
// With a store that is not one (SQLite, one machine), every run is ours.
type Claimer interface {
	ClaimOnce(ctx context.Context, key, holder string) (bool, error)
}

// claim reports whether this process runs the work named key. A claim
// that fails is not run: the next schedule covers what it would have.
func (r *Runner) claim(ctx context.Context, key string) bool {
	c, ok := r.store.(Claimer)
	if !ok {
		return true
	}
	won, err := c.ClaimOnce(ctx, key, r.opts.Holder)
	switch {
	case err != nil:
		r.opts.Logger.Error("digest: claim", "key", key, "err", err)
	case !won:
		r.opts.Logger.Info("digest: claimed by another process", "key", key)
	}
	return won && err == nil
}
