package digest_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
)

// Two replicas serve the same watchlist schedule over one PostgreSQL store,
// each with its own clock and its own connection to the mail server, whose
// first attempt fails: the 00:00 digest is recorded once and delivered
// once in all, its retry made by one replica only.
func TestTwoReplicasDeliverOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	open := func() *postgres.DB {
		db, err := postgres.Open(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	start := time.Date(2025, 8, 27, 21, 0, 0, 0, time.UTC)
	db := open()
	db.Now = func() time.Time { return start }
	pid, err := db.PutPage(ctx, zhwatch.Page{Source: "demo-news", URL: "http://h/a.html", FinalURL: "http://h/a.html", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PutArticle(ctx, zhwatch.Article{PageID: pid, Source: "demo-news", URL: "http://h/a.html",
		Title: "出口管制新规", Body: "出口管制新规发布。", Normalized: "出口管制新规\n出口管制新规发布。", PublishedAt: "2025-08-27"}); err != nil {
		t.Fatal(err)
	}
	sched, err := cron.ParseStandard(config.DefaultWatchlistSchedule)
	if err != nil {
		t.Fatal(err)
	}
	wl := watchlist(config.Delivery{Type: "dir"})
	wl.Cron = sched

	senders := []*memSender{{name: "mem", fail: 1}, {name: "mem", fail: 1}}
	var wg sync.WaitGroup
	for i, s := range senders {
		replica := open()
		clk := &clock{t: start}
		rctx, cancel := context.WithCancel(ctx)
		sleep := func(ctx context.Context, d time.Duration) error {
			clk.Advance(d)
			if clk.Now().After(start.Add(4 * time.Hour)) {
				cancel()
			}
			time.Sleep(time.Millisecond) // let the replicas interleave
			return ctx.Err()
		}
		r, err := digest.New(rctx, replica, &storeFinder{db: replica}, []config.Watchlist{wl},
			digest.Options{Now: clk.Now, Sleep: sleep, Open: openWith(s), Attempts: 1, Retry: 5 * time.Minute,
				Poll: time.Minute, Holder: fmt.Sprint("replica-", i)})
		if err != nil {
			t.Fatal(err)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer cancel()
			if err := r.Serve(rctx); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	sent := 0
	for _, s := range senders {
		sent += len(s.sent)
	}
	recs, err := db.RecentDigests(ctx, "export-controls", 10)
	if err != nil {
		t.Fatal(err)
	}
	if sent != 1 || len(recs) != 1 || recs[0].State != digest.StateSent {
		t.Errorf("delivered %d times (replica 1 %v, replica 2 %v), digests %+v; want one digest, sent once",
			sent, senders[0].sent, senders[1].sent, recs)
	}
	if _, n, _, _ := db.LastDigest(ctx, "export-controls"); n != 1 {
		t.Errorf("%d digests recorded; want 1 (the schedule fired once across both)", n)
	}
}
