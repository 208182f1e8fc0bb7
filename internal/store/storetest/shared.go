package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// SharedStore is a backend several processes write at once: articles
// followed by seq, and digests recorded exactly once.
type SharedStore interface {
	store.Store
	RecordDigest(ctx context.Context, r zhwatch.DigestRecord) error
	Delivered(ctx context.Context, watchlist string, ids []string) (map[string]bool, error)
	PendingDigests(ctx context.Context, watchlist string) ([]zhwatch.DigestRecord, error)
	LastDigest(ctx context.Context, watchlist string) (zhwatch.DigestRecord, int, bool, error)
	FinishDigest(ctx context.Context, digestID string, at time.Time) error
}

// RunShared runs the suite for concurrent writers. open is called once per
// test and again for each extra handle on the same store (the same
// database or file), as separate processes would hold.
func RunShared(t *testing.T, open func(t *testing.T) (first SharedStore, again func() SharedStore)) {
	t.Run("FollowerSkipsNoConcurrentWrite", func(t *testing.T) { testFollower(t, open) })
	t.Run("DigestRecordedOnceAcrossWriters", func(t *testing.T) { testDigestOnce(t, open) })
}

// testFollower writes articles from several handles at once while a
// follower reads ArticlesSince(last) as the index does; when the writers are
// done and the follower has caught up, it must have seen every article's
// latest version. A backend whose seq order is not commit order loses rows
// here.
func testFollower(t *testing.T, open func(t *testing.T) (SharedStore, func() SharedStore)) {
	ctx := context.Background()
	s, again := open(t)
	const writers, each = 4, 60
	pid, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/p", FinalURL: "http://h/p", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int64{} // id → highest seq read
	var last int64
	follow := func() {
		for {
			batch, err := s.ArticlesSince(ctx, last, 50)
			if err != nil {
				t.Error(err)
				return
			}
			if len(batch) == 0 {
				return
			}
			for _, a := range batch {
				seen[a.ID] = max(seen[a.ID], a.Seq)
				last = a.Seq
			}
		}
	}
	var wg sync.WaitGroup
	want := map[string]int64{}
	var mu sync.Mutex
	for w := 0; w < writers; w++ {
		h := again()
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < each; i++ {
				// Half the writes update an article another writer created.
				u := fmt.Sprintf("http://h/%d", (w*each+i)%(writers*each/2))
				a, _, err := h.PutArticle(ctx, zhwatch.Article{PageID: pid, Source: "demo", URL: u, Title: fmt.Sprint(w, i)})
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				want[a.ID] = max(want[a.ID], a.Seq)
				mu.Unlock()
			}
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	for running := true; running; {
		select {
		case <-done:
			running = false
		default:
			follow()
		}
	}
	follow()
	if len(want) != writers*each/2 {
		t.Fatalf("%d articles written; want %d", len(want), writers*each/2)
	}
	for id, seq := range want {
		if seen[id] != seq {
			t.Errorf("article %s: follower's last version has seq %d; the store's has %d (a write was skipped)", id, seen[id], seq)
		}
	}
}

// testDigestOnce records digests covering the same article from several
// handles at once, as replicas running one schedule would: exactly one wins,
// the others fail with ErrBusy.
func testDigestOnce(t *testing.T, open func(t *testing.T) (SharedStore, func() SharedStore)) {
	ctx := context.Background()
	s, again := open(t)
	const replicas = 5
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	for i := 0; i < replicas; i++ {
		h := again()
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = h.RecordDigest(ctx, zhwatch.DigestRecord{
				ID: fmt.Sprintf("trade-%d", i), Watchlist: "trade", Until: now, CreatedAt: now,
				State: zhwatch.DigestPending, Doc: []byte(`{}`),
				Items: []zhwatch.DigestItem{{ArticleID: "a1", ClusterID: "c1"}, {ArticleID: fmt.Sprintf("own-%d", i), ClusterID: "c2"}},
			})
		}()
	}
	wg.Wait()
	won := 0
	for i, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, zhwatch.ErrBusy):
			t.Errorf("replica %d: %v; want nil or ErrBusy", i, err)
		}
	}
	if won != 1 {
		t.Fatalf("%d replicas recorded the digest; want exactly 1 (errors %v)", won, errs)
	}
	last, n, ok, err := s.LastDigest(ctx, "trade")
	if err != nil || !ok || n != 1 || len(last.Items) != 2 || last.State != zhwatch.DigestPending {
		t.Fatalf("LastDigest = %+v, %d, %v, %v; want the one winner with its 2 items", last, n, ok, err)
	}
	got, err := s.Delivered(ctx, "trade", []string{"a1", "c2", "a2"})
	if err != nil || !got["a1"] || !got["c2"] || got["a2"] {
		t.Errorf("Delivered = %v, %v; want a1 and cluster c2, not a2", got, err)
	}
	if err := s.FinishDigest(ctx, last.ID, now.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if pending, err := s.PendingDigests(ctx, "trade"); err != nil || len(pending) != 0 {
		t.Errorf("pending after finish = %+v, %v", pending, err)
	}
	if err := s.FinishDigest(ctx, "nope", now); !errors.Is(err, zhwatch.ErrNotFound) {
		t.Errorf("FinishDigest(unknown) = %v; want ErrNotFound", err)
	}
}
