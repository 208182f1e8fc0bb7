package storetest

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// LeaseStore is a backend whose frontier several crawler processes share
// through host leases.
type LeaseStore interface {
	store.CrawlState
	store.HostLeases
}

// RunLeases runs the host-lease suite. open is called once per test and
// again for each extra handle on the same store, as separate processes
// would hold.
func RunLeases(t *testing.T, open func(t *testing.T) (first LeaseStore, again func() LeaseStore)) {
	t.Run("HostLeasesShareTheFrontier", func(t *testing.T) { testHostLeases(t, open) })
	t.Run("LeaseHostOfSources", func(t *testing.T) { testLeaseOfSources(t, open) })
	t.Run("ClaimOnce", func(t *testing.T) { testClaimOnce(t, open) })
}

// A worker crawling some sources is granted only hosts holding their items.
func testLeaseOfSources(t *testing.T, open func(t *testing.T) (LeaseStore, func() LeaseStore)) {
	ctx := context.Background()
	db, _ := open(t)
	err := db.UpdateFrontier(ctx, store.FrontierUpdate{Add: []store.FrontierItem{
		{Source: "gov", Kind: "seed", URL: "http://a.test/list"},
		{Source: "news", Kind: "seed", URL: "https://B.test:8443/?page=1"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if l, ok, err := db.LeaseHost(ctx, "w", time.Minute, "other"); err != nil || ok {
		t.Errorf("lease for a source with nothing queued: %+v %v %v; want none", l, ok, err)
	}
	l, ok, err := db.LeaseHost(ctx, "w", time.Minute, "news", "other")
	if err != nil || !ok || l.Host != "b.test:8443" {
		t.Fatalf("lease for news: %+v %v %v; want host b.test:8443", l, ok, err)
	}
	if l2, ok, err := db.LeaseHost(ctx, "w2", time.Minute, "news"); err != nil || ok {
		t.Errorf("second lease for news while b.test:8443 is held: %+v %v %v; want none", l2, ok, err)
	}
	items, err := db.HostFrontier(ctx, l.Host, 10)
	if err != nil || len(items) != 1 || items[0].Source != "news" {
		t.Errorf("frontier of %s: %+v %v", l.Host, items, err)
	}
	if err := db.ReleaseHost(ctx, l, time.Hour); err != nil {
		t.Fatal(err)
	}
	if l2, ok, err := db.LeaseHost(ctx, "w2", time.Minute); err != nil || !ok || l2.Host != "a.test" {
		t.Errorf("lease for any source with b.test:8443 waiting an hour: %+v %v %v; want a.test", l2, ok, err)
	}
}

// fetch is one simulated request in the test's log.
type fetch struct {
	host, url, worker string
	at                time.Time
}

// Three workers share a frontier of 20 hosts (two sources on some) through
// host leases; a fourth takes one host and dies holding it. Every URL is
// fetched exactly once, a host is never fetched sooner than its delay after
// the previous fetch (whoever made it), and the dead worker's host is
// finished by the others once its lease expires.
func testHostLeases(t *testing.T, open func(t *testing.T) (LeaseStore, func() LeaseStore)) {
	ctx := context.Background()
	seed, again := open(t)
	const (
		hosts, perHost = 20, 3
		delay          = 60 * time.Millisecond
		ttl            = 400 * time.Millisecond
	)
	var add []store.FrontierItem
	for h := 0; h < hosts; h++ {
		for i := 0; i < perHost; i++ {
			src := "gov"
			if i == 2 && h%2 == 0 {
				src = "news" // a host shared by two sources is still one lease
			}
			add = append(add, store.FrontierItem{Source: src, Kind: "article",
				URL: fmt.Sprintf("http://Host%02d.test:8080/a/%d", h, i)})
		}
	}
	if err := seed.UpdateFrontier(ctx, store.FrontierUpdate{Add: add}); err != nil {
		t.Fatal(err)
	}

	var (
		mu  sync.Mutex
		log []fetch
	)
	record := func(l store.Lease, it store.FrontierItem) {
		mu.Lock()
		log = append(log, fetch{l.Host, it.URL, l.Holder, time.Now()})
		mu.Unlock()
	}

	// The dead worker: leases a host, fetches one URL, and is never heard
	// from again (SIGKILL).
	dead := again()
	l, ok, err := dead.LeaseHost(ctx, "dead", ttl)
	if err != nil || !ok {
		t.Fatalf("dead worker's lease: %v %v", ok, err)
	}
	items, err := dead.HostFrontier(ctx, l.Host, 1)
	if err != nil || len(items) != 1 {
		t.Fatalf("dead worker's items: %v %v", items, err)
	}
	record(l, items[0])
	if err := dead.UpdateFrontier(ctx, store.FrontierUpdate{Done: items}); err != nil {
		t.Fatal(err)
	}
	deadHost := l.Host

	worker := func(name string) error {
		db := again()
		for idle := 0; idle < 1000; {
			l, ok, err := db.LeaseHost(ctx, name, ttl)
			if err != nil {
				return err
			}
			if !ok {
				left, err := db.Frontier(ctx, "gov")
				if err != nil {
					return err
				}
				news, _ := db.Frontier(ctx, "news")
				if len(left)+len(news) == 0 {
					return nil
				}
				idle++
				time.Sleep(10 * time.Millisecond)
				continue
			}
			items, err := db.HostFrontier(ctx, l.Host, 10)
			if err != nil {
				return err
			}
			for i, it := range items {
				if i > 0 {
					time.Sleep(delay) // the host's politeness inside one lease
					if l, err = db.RenewLease(ctx, l, ttl); err != nil {
						return err
					}
				}
				record(l, it)
				if err := db.UpdateFrontier(ctx, store.FrontierUpdate{Done: []store.FrontierItem{it}}); err != nil {
					return err
				}
			}
			if err := db.ReleaseHost(ctx, l, delay); err != nil {
				return err
			}
		}
		return errors.New("gave up waiting for work")
	}
	var wg sync.WaitGroup
	errs := make([]error, 3)
	for w := range errs {
		wg.Add(1)
		go func() { defer wg.Done(); errs[w] = worker(fmt.Sprintf("w%d", w)) }()
	}
	wg.Wait()
	for w, err := range errs {
		if err != nil {
			t.Fatalf("worker %d: %v", w, err)
		}
	}

	seen := map[string]int{}
	byHost := map[string][]fetch{}
	for _, f := range log {
		seen[f.url]++
		byHost[f.host] = append(byHost[f.host], f)
	}
	if len(seen) != hosts*perHost {
		t.Errorf("%d URLs fetched; want %d", len(seen), hosts*perHost)
	}
	for u, n := range seen {
		if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
	}
	if len(byHost) != hosts {
		t.Errorf("%d hosts in the log; want %d (host from the URL, lower-cased, with port)", len(byHost), hosts)
	}
	for host, fs := range byHost {
		sort.Slice(fs, func(i, j int) bool { return fs[i].at.Before(fs[j].at) })
		for i := 1; i < len(fs); i++ {
			// 5 ms of slack for the gap between the database's clock and
			// the moment the test logs a fetch.
			if gap := fs[i].at.Sub(fs[i-1].at); gap < delay-5*time.Millisecond {
				t.Errorf("%s fetched by %s and %s %v apart; delay is %v", host, fs[i-1].worker, fs[i].worker, gap, delay)
			}
		}
	}
	finished := byHost[deadHost]
	if len(finished) != perHost || finished[1].worker == "dead" || finished[1].at.Sub(finished[0].at) < ttl-5*time.Millisecond {
		t.Errorf("the dead worker's host %s: %+v; want the rest fetched by others after its lease expired (%v)", deadHost, finished, ttl)
	}
	// Renewing or releasing the expired lease now fails: another worker
	// held the host since.
	if _, err := dead.RenewLease(ctx, l, ttl); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("renew of a lease granted again since: %v; want ErrLeaseLost", err)
	}
	if err := dead.ReleaseHost(ctx, l, 0); !errors.Is(err, store.ErrLeaseLost) {
		t.Errorf("release of a lease granted again since: %v; want ErrLeaseLost", err)
	}
}

// A cron run (or a scheduled digest) claimed by many processes at once runs
// once.
func testClaimOnce(t *testing.T, open func(t *testing.T) (LeaseStore, func() LeaseStore)) {
	ctx := context.Background()
	_, again := open(t)
	const n = 6
	var wg sync.WaitGroup
	won := make([]bool, n)
	errs := make([]error, n)
	for i := 0; i < n; i++ {
		db := again()
		wg.Add(1)
		go func() {
			defer wg.Done()
			won[i], errs[i] = db.ClaimOnce(ctx, "crawl gov 2026-12-03T08:00:00Z", fmt.Sprint("w", i))
		}()
	}
	wg.Wait()
	count := 0
	for i := range won {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		if won[i] {
			count++
		}
	}
	if count != 1 {
		t.Errorf("%d processes claimed the run; want 1", count)
	}
	db := again()
	if ok, err := db.ClaimOnce(ctx, "crawl gov 2026-12-03T10:00:00Z", "w0"); err != nil || !ok {
		t.Errorf("the next run's claim: %v, %v; want it free", ok, err)
	}
}
