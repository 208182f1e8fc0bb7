package digest

import (
	"context"
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
				next[i] = w.cfg.Cron.Next(now)
				res, err := r.Run(ctx, name, RunOptions{})
				if err != nil {
					r.opts.Logger.Error("digest", "watchlist", name, "err", err, "next", next[i])
					continue
				}
				r.opts.Logger.Info("digest", "watchlist", name, "id", res.Digest.ID, "items", len(res.Digest.Items),
					"sent", res.Sent, "redelivered", len(res.Redelivered), "next", next[i])
				continue
			}
			due, err := r.retryDue(ctx, w, now)
			if err != nil {
				r.opts.Logger.Error("digest retry", "watchlist", name, "err", err)
				continue
			}
			if !due {
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
// attempt is due.
func (r *Runner) retryDue(ctx context.Context, w *watch, now time.Time) (bool, error) {
	recs, err := r.store.PendingDigests(ctx, w.cfg.Name)
	if err != nil {
		return false, err
	}
	for _, rec := range recs {
		for _, s := range w.senders {
			st := rec.Deliveries[s.Name()]
			if st.DoneAt.IsZero() && !st.NextAttempt.After(now) {
				return true, nil
			}
		}
	}
	return false, nil
}
