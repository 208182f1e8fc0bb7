package postgres

import (
	"context"
	"time"

	"github.com/jackc/pgx/v5"
)

// articleChannel is the NOTIFY channel every article write signals on
// commit, so search replicas follow the store without polling it.
const articleChannel = "zhwatch_articles"

// Changes returns a channel that receives a value soon after articles
// are committed by any process, until ctx ends. Several commits may fold
// into one value: the receiver reads ArticlesSince(last) anyway. It holds one
// connection of its own outside the pool; when that connection breaks it
// reconnects, and it signals once each time LISTEN takes effect, since
// notifications sent before that are not ours to receive.
func (db *DB) Changes(ctx context.Context) <-chan struct{} {
	out := make(chan struct{}, 1)
	signal := func() {
		select {
		case out <- struct{}{}:
		default: // one pending wake-up is enough
		}
	}
	go func() {
		defer close(out)
		for ctx.Err() == nil {
			err := db.listen(ctx, signal)
			if ctx.Err() != nil {
				return
			}
			db.logf("listen for article changes: %v; reconnecting", err)
			select {
			case <-ctx.Done():
				return
			case <-time.After(time.Second):
			}
			signal()
		}
	}()
	return out
}

func (db *DB) listen(ctx context.Context, signal func()) error {
	conn, err := pgx.ConnectConfig(ctx, db.pool.Config().ConnConfig.Copy())
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+articleChannel); err != nil {
		return err
	}
	// Commits between the caller's last read and LISTEN sent no
	// notification to us: one wake-up covers them.
	signal()
	for {
		if _, err := conn.WaitForNotification(ctx); err != nil {
			return err
		}
		signal()
	}
}
