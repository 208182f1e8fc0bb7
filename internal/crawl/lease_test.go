package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// Two crawlers (processes, each with its own handle on one store) crawl the
// same source of four hosts at once with host leases, while a third holder
// died holding one host's lease. Every article is fetched and stored once,
// each host keeps its delay across both crawlers (hosts change hands often:
// a worker gives a host back after a few requests here), both did part of
// the work, and the dead holder's host is finished once its lease expires.
func TestLeasedCrawlersShareHosts(t *testing.T) { testLeasedCrawlers(t, false) }

// The same with the second crawler helping the first one's run (a daemon
// that lost a tick's claim): one run is recorded.
func TestLeasedHelperSharesHosts(t *testing.T) { testLeasedCrawlers(t, true) }

func testLeasedCrawlers(t *testing.T, helper bool) {
	const (
		hosts, perHost = 4, 6
		delay          = 100 * time.Millisecond
		ttl            = time.Second // long enough not to lapse on a loaded machine
	)
	sites := make([]*site, hosts)
	src := &config.Source{Name: "test", Parallelism: 2, Delay: delay, Timeout: 2 * time.Second,
		MaxBodyBytes: 1 << 20, MaxDepth: 2, MaxPagesPerRun: 50000}
	for h := range sites {
		s := newSite(t)
		s.handle("/index.html", htmlPage(newsLinks(perHost), ""))
		s.handle("/news/", htmlPage("<p>a</p>", "utf-8"))
		sites[h] = s
		u, _ := url.Parse(s.URL)
		src.AllowedHosts = append(src.AllowedHosts, u.Host)
		src.Seeds = append(src.Seeds, s.URL+"/index.html")
	}
	src.Article = sources(t, sites[0]).Article

	// Hosts change hands every few requests, so the delay is kept across
	// crawlers many times over.
	defer func(d time.Duration) { maxHold = d }(maxHold)
	maxHold = 3 * delay
	dir := t.TempDir()
	openDB := func() *sqlite.DB {
		db, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		return db
	}
	// The dead holder leased the first host (its seed queued) and vanished.
	dead := openDB()
	first, _ := Canonical(nil, src.Seeds[0])
	if err := dead.UpdateFrontier(context.Background(), store.FrontierUpdate{Add: []store.FrontierItem{
		{Source: src.Name, URL: first.String(), Kind: kindSeed}}}); err != nil {
		t.Fatal(err)
	}
	l, ok, err := dead.LeaseHost(context.Background(), "dead", ttl)
	if err != nil || !ok {
		t.Fatalf("dead holder's lease: %v %v", ok, err)
	}
	leasedAt := time.Now()

	// Each release must hold the host back until its delay after the last
	// request has passed, whoever leases it next.
	byHost := map[string]*site{}
	for _, s := range sites {
		u, _ := url.Parse(s.URL)
		byHost[u.Host] = s
	}
	released := func(l store.Lease, wait time.Duration) {
		s := byHost[l.Host]
		s.mu.Lock()
		defer s.mu.Unlock()
		// The server sees a request some time after the gate let it go: 20 ms
		// of slack for that on a loaded machine.
		if n := len(s.starts); n > 0 {
			if due := time.Now().Add(wait); due.Sub(s.starts[n-1]) < delay-20*time.Millisecond {
				t.Errorf("%s released %v after its last request, to be leased again in %v; the delay is %v",
					l.Host, time.Since(s.starts[n-1]), wait, delay)
			}
		}
	}

	stats := []*Stats{{}, {}}
	var wg sync.WaitGroup
	for i, st := range stats {
		db := openDB()
		opts := testOptions()
		opts.UserAgent = fmt.Sprint("w", i)
		opts.Leases, opts.Holder, opts.LeaseTTL, opts.LeasedHosts = releaseHook{db, released}, fmt.Sprint("w", i), ttl, 2
		c := New(opts, &storeSink{db: db}, db)
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			crawl := c.Crawl
			if i == 1 && helper {
				crawl = c.Help
			}
			if err := crawl(ctx, src, st); err != nil {
				t.Errorf("crawler %d: %v", i, err)
			}
		})
	}
	wg.Wait()

	db := openDB()
	if _, n, _ := db.Counts(context.Background()); n != hosts*perHost {
		t.Errorf("%d articles stored, want %d", n, hosts*perHost)
	}
	for h, s := range sites {
		for i := range perHost {
			if n := s.count(fmt.Sprintf("/news/%d.html", i)); n != 1 {
				t.Errorf("host %d: /news/%d.html fetched %d times, want once", h, i, n)
			}
		}
		s.mu.Lock()
		log := make([]request, len(s.starts))
		for i := range s.starts {
			log[i] = request{s.starts[i], s.agents[i]}
		}
		s.mu.Unlock()
		sort.Slice(log, func(i, j int) bool { return log[i].at.Before(log[j].at) })
		for i := 1; i < len(log); i++ {
			// Across crawlers only: within one, the host gate spaces request
			// starts, which the politeness tests check. 20 ms of slack for
			// the way to the server on a loaded machine.
			if gap := log[i].at.Sub(log[i-1].at); log[i].agent != log[i-1].agent && gap < delay-20*time.Millisecond {
				t.Errorf("host %d: fetched by %s then %s %v apart; the delay is %v", h, log[i-1].agent, log[i].agent, gap, delay)
			}
		}
		starts := log
		if u, _ := url.Parse(s.URL); u.Host == l.Host && len(starts) > 0 && starts[0].at.Sub(leasedAt) < ttl-20*time.Millisecond {
			t.Errorf("host %d, leased by the dead holder, fetched %v after its lease began; want after it expired (%v)",
				h, starts[0].at.Sub(leasedAt), ttl)
		}
	}
	for i, st := range stats {
		if snap := st.Snapshot(); snap.Pages == 0 {
			t.Errorf("crawler %d fetched nothing: %s; want the hosts shared", i, snap)
		}
	}
	want := 2
	if helper {
		want = 1
	}
	if runs := must(db.Runs(context.Background(), src.Name, 10)); len(runs) != want {
		t.Errorf("%d runs recorded, want %d", len(runs), want)
	}
	if left := must(db.Frontier(context.Background(), src.Name)); len(left) != 0 {
		t.Errorf("frontier left: %+v", left)
	}
}

// releaseHook calls onRelease with every host released.
type releaseHook struct {
	store.HostLeases
	onRelease func(l store.Lease, wait time.Duration)
}

func (h releaseHook) ReleaseHost(ctx context.Context, l store.Lease, wait time.Duration) error {
	h.onRelease(l, wait)
	return h.HostLeases.ReleaseHost(ctx, l, wait)
}

type request struct {
	at    time.Time
	agent string
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func sources(t *testing.T, s *site) *config.Source { t.Helper(); return s.source() }

// A leased crawl stops soon after its context is cancelled, leaving the
// rest queued, and the next crawl finishes it with nothing stored twice and
// nothing fetched again but the requests the cancel cut (at most one per
// request in flight).
func TestLeasedCrawlCancelledThenResumed(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(newsLinks(40), ""))
	s.handle("/news/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		htmlPage("<p>a</p>", "utf-8")(w, r)
	})
	src := s.source("/index.html")
	src.Parallelism = 2
	db, err := sqlite.Open(context.Background(), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	opts := testOptions()
	opts.Leases = db
	c := New(opts, &storeSink{db: db}, db)

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := c.Crawl(ctx, src, &Stats{}); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("cancelled crawl: %v; want the context's error", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("cancelled crawl returned after %v", d)
	}
	if left := must(db.Frontier(context.Background(), src.Name)); len(left) == 0 {
		t.Fatal("nothing left queued after the cancel; want a crawl cut in the middle")
	}
	if err := c.Crawl(context.Background(), src, &Stats{}); err != nil {
		t.Fatal(err)
	}
	if _, n, _ := db.Counts(context.Background()); n != 40 {
		t.Errorf("%d articles after the second crawl, want 40", n)
	}
	again := 0
	for i := range 40 {
		u := fmt.Sprintf("/news/%d.html", i)
		if n := s.count(u); n == 2 {
			again++
		} else if n != 1 {
			t.Errorf("%s fetched %d times", u, n)
		}
		if vs := must(db.PageVersions(context.Background(), s.URL+u)); len(vs) != 1 {
			t.Errorf("%s stored %d times, want once", u, len(vs))
		}
	}
	if again > src.Parallelism {
		t.Errorf("%d articles fetched twice; want at most the %d in flight at the cancel", again, src.Parallelism)
	}
}

// A 429 with Retry-After pauses the host for every crawler sharing it, not
// only the one that got it: hosts change hands every few requests here,
// and no request reaches the host before the pause is over.
func TestLeasedRetryAfterHoldsAcrossCrawlers(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(newsLinks(8), ""))
	var (
		mu      sync.Mutex
		limited time.Time
	)
	s.handle("/news/", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		first := limited.IsZero() && r.URL.Path == "/news/2.html"
		if first {
			limited = time.Now()
		}
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		htmlPage("<p>a</p>", "utf-8")(w, r)
	})
	src := s.source("/index.html")
	src.Parallelism, src.Delay = 1, 20*time.Millisecond
	defer func(d time.Duration) { maxHold = d }(maxHold)
	maxHold = 3 * src.Delay

	dir := t.TempDir()
	var wg sync.WaitGroup
	for i := range 2 {
		db, err := sqlite.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		opts := testOptions()
		opts.Leases, opts.Holder, opts.UserAgent = db, fmt.Sprint("w", i), fmt.Sprint("w", i)
		c := New(opts, &storeSink{db: db}, db)
		wg.Go(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			if err := c.Crawl(ctx, src, &Stats{}); err != nil {
				t.Errorf("crawler %d: %v", i, err)
			}
		})
	}
	wg.Wait()

	mu.Lock()
	at := limited
	mu.Unlock()
	if at.IsZero() {
		t.Fatal("the 429 was never served")
	}
	s.mu.Lock()
	for i, start := range s.starts {
		if d := start.Sub(at); d > 5*time.Millisecond && d < time.Second-20*time.Millisecond {
			t.Errorf("%s requested the host %v after its 429 with Retry-After: 1", s.agents[i], d)
		}
	}
	s.mu.Unlock()
	if n := s.count("/news/2.html"); n != 2 {
		t.Errorf("/news/2.html fetched %d times; want the 429 and one retry", n)
	}
}
