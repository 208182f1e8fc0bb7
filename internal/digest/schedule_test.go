package digest_test

import (
	"context"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

// TestServeRunsOnSchedule: with the default schedule (08:00 China time),
// Serve makes one digest a day at 00:00 UTC, and retries a failed
// delivery when its next attempt is due, without waiting for the next day.
func TestServeRunsOnSchedule(t *testing.T) {
	clk := newClock()
	clk.Advance(-3 * time.Hour) // 2025-08-27 21:00 UTC
	db := openDB(t, t.TempDir(), clk)
	put(t, db, "http://h/a.html", "出口管制新规", "出口管制新规发布。")

	sched, err := cron.ParseStandard(config.DefaultWatchlistSchedule)
	if err != nil {
		t.Fatal(err)
	}
	wl := watchlist(config.Delivery{Type: "dir"})
	wl.Cron = sched
	flaky := &memSender{name: "mem", fail: 2}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var runs []time.Time
	sleep := func(ctx context.Context, d time.Duration) error {
		if d < 0 {
			t.Errorf("negative wait %v", d)
		}
		clk.Advance(d)
		if clk.Now().After(time.Date(2025, 8, 29, 1, 0, 0, 0, time.UTC)) {
			cancel()
		}
		return ctx.Err()
	}
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{wl},
		digest.Options{Now: clk.Now, Sleep: sleep, Open: openWith(flaky), Attempts: 1, Retry: 5 * time.Minute, Poll: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.Serve(ctx); err != nil {
		t.Fatal(err)
	}
	recs, err := db.RecentDigests(context.Background(), "export-controls", 10)
	if err != nil {
		t.Fatal(err)
	}
	for _, rec := range recs {
		runs = append(runs, rec.CreatedAt)
	}
	want := time.Date(2025, 8, 28, 0, 0, 0, 0, time.UTC)
	if len(runs) != 1 || !runs[0].Equal(want) {
		t.Errorf("digests with items made at %v, want one at %v", runs, want)
	}
	// Attempt 1 at 00:00 fails (retry after 5m), attempt 2 at 00:05 fails
	// (retry after 10m), attempt 3 at 00:15 succeeds.
	if flaky.hits != 3 || len(flaky.sent) != 1 {
		t.Errorf("%d attempts, sent %v; want 3 attempts, sent once", flaky.hits, flaky.sent)
	}
	last, n, _, err := db.LastDigest(context.Background(), "export-controls")
	if err != nil || n != 2 || last.State != digest.StateEmpty || !last.CreatedAt.Equal(want.Add(24*time.Hour)) {
		t.Errorf("last digest %+v (%d digests, %v); want the second day's, empty", last, n, err)
	}
	if sent := recs[0].SentAt; !sent.Equal(want.Add(15 * time.Minute)) {
		t.Errorf("sent at %v, want 00:15", sent)
	}
}
