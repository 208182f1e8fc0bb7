package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
	"github.com/zhwatch/zhwatch/internal/store/backend"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
)

// fleetSite is the demo site served on many hosts (one loopback port
// each), logging every request with its time and User-Agent: each crawler
// process of a test gets its own agent, so the log says who fetched what.
type fleetSite struct {
	hosts []*httptest.Server
	mu    sync.Mutex
	log   []fleetHit
}

type fleetHit struct {
	host, path, agent string
	at                time.Time
}

func serveFleet(t testing.TB, hosts int) *fleetSite {
	t.Helper()
	f := &fleetSite{}
	h := demosite.Handler(demo.Site())
	for range hosts {
		var srv *httptest.Server
		srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			f.mu.Lock()
			f.log = append(f.log, fleetHit{srv.Listener.Addr().String(), r.URL.Path, r.UserAgent(), time.Now()})
			f.mu.Unlock()
			h.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		f.hosts = append(f.hosts, srv)
	}
	return f
}

func (f *fleetSite) hits() []fleetHit {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := append([]fleetHit(nil), f.log...)
	sort.Slice(out, func(i, j int) bool { return out[i].at.Before(out[j].at) })
	return out
}

// fleetDelay is every host's politeness delay.
const fleetDelay = 200 * time.Millisecond

// config writes a config with one source per host, on store, whose
// requests carry agent.
func (f *fleetSite) config(t testing.TB, store, agent string, leasedHosts int, ttl time.Duration) string {
	t.Helper()
	var b strings.Builder
	// store is a postgres:// URL, or the data directory of a SQLite file
	// the processes share.
	if backend.IsPostgres(store) {
		fmt.Fprintf(&b, "store: %s\ndata_dir: %s\n", store, t.TempDir())
	} else {
		fmt.Fprintf(&b, "data_dir: %s\n", store)
	}
	fmt.Fprintf(&b, "user_agent: %s\ncrawl:\n", agent)
	fmt.Fprintf(&b, "  allow_private_networks: true\n  lease_ttl: %s\n  leased_hosts: %d\n", ttl, leasedHosts)
	fmt.Fprintf(&b, "  shared_frontier: true\n  delay: %s\n  parallelism: 2\n  max_depth: 2\nsources:\n", fleetDelay)
	for i, srv := range f.hosts {
		host := strings.TrimPrefix(srv.URL, "http://")
		fmt.Fprintf(&b, "  - name: site-%02d\n    seeds: [%s/index.html, %s/rss.xml]\n    allowed_hosts: [%q]\n",
			i, srv.URL, srv.URL, host)
		fmt.Fprintf(&b, "    article_pattern: '^%s/\\d{4}/\\d{2}/\\d{2}/[^/]+$'\n", regexp.QuoteMeta(srv.URL))
	}
	path := filepath.Join(t.TempDir(), agent+".yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// worker is a crawler child process.
type worker struct {
	cmd    *exec.Cmd
	stderr bytes.Buffer
	exited chan struct{} // closed when the process has exited; then err is set
	err    error
}

func startWorker(t testing.TB, args ...string) *worker {
	t.Helper()
	w := &worker{exited: make(chan struct{})}
	w.cmd = exec.Command(os.Args[0], args...)
	w.cmd.Env = append(os.Environ(), "ZHWATCH_BE_CRAWLER=1")
	w.cmd.Stderr = &w.stderr
	if err := w.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { w.err = w.cmd.Wait(); close(w.exited) }()
	t.Cleanup(func() {
		w.cmd.Process.Kill() //nolint:errcheck // gone already unless the test failed
		<-w.exited
	})
	return w
}

// Three `crawler once` processes share one PostgreSQL store and a site of 20
// hosts (200 ms delay each); one is killed with SIGKILL mid-run. The other
// two finish the crawl, the dead one's hosts included once its leases
// expire; every article is stored once, from one fetch; and no host is
// fetched by two processes within its delay.
func TestThreeCrawlersOneKilled(t *testing.T) {
	testThreeCrawlers(t, func(t *testing.T) string { return pgtest.URL(t) })
}

// The same on one SQLite file (crawl.shared_frontier), as on one machine.
func TestThreeCrawlersOneKilledSQLite(t *testing.T) {
	testThreeCrawlers(t, func(t *testing.T) string { return t.TempDir() })
}

func testThreeCrawlers(t *testing.T, newStore func(t *testing.T) string) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	const (
		hosts = 20
		ttl   = 2 * time.Second
	)
	site := serveFleet(t, hosts)
	url := newStore(t)
	articles := len(loadTruth(t).Articles) * hosts
	workers := make([]*worker, 3)
	for i := range workers {
		cfg := site.config(t, url, fmt.Sprintf("w%d", i), 8, ttl)
		workers[i] = startWorker(t, "once", "--config", cfg, "--log-level", "error")
	}
	spec, dir := url, ""
	if !backend.IsPostgres(url) {
		spec, dir = "", url
	}
	pg, err := backend.Open(context.Background(), spec, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()

	// Kill w0 once it has fetched articles and the crawl is well under way.
	deadline := time.Now().Add(40 * time.Second)
	for {
		_, n, err := pg.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n >= int64(articles)/5 && hitsBy(site.hits(), "w0") > hosts {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d articles stored after 40 s; w0 stderr:\n%s", n, workers[0].stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err := workers[0].cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-workers[0].exited
	killedAt := time.Now()
	_, atKill, _ := pg.Counts(context.Background())
	if atKill >= int64(articles) {
		t.Fatalf("all %d articles stored before the kill; want a crawl cut in the middle", atKill)
	}
	for i, w := range workers[1:] {
		select {
		case <-w.exited:
			if w.err != nil {
				t.Fatalf("w%d: %v\n%s", i+1, w.err, w.stderr.String())
			}
		case <-time.After(45 * time.Second):
			t.Fatalf("w%d still running 45 s after the kill\n%s", i+1, w.stderr.String())
		}
	}

	// Every article stored once, each from one fetch (one page version).
	stored, err := pg.ArticlesSince(context.Background(), 0, 2*articles)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]int{}
	for _, a := range stored {
		byURL[a.URL]++
		if vs, err := pg.PageVersions(context.Background(), a.URL); err != nil || len(vs) != 1 {
			t.Errorf("%s: %d pages stored, %v; want one", a.URL, len(vs), err)
		}
	}
	if len(byURL) != articles || len(stored) != articles {
		t.Errorf("%d articles stored (%d distinct); want %d, %d killed mid-run with %d stored",
			len(stored), len(byURL), articles, articles, atKill)
	}

	// No host fetched by two processes within its delay: the server's log
	// in time order, per host. 10 ms of slack for the way to the server.
	log := site.hits()
	byHost := map[string][]fleetHit{}
	for _, h := range log {
		byHost[h.host] = append(byHost[h.host], h)
	}
	resumed := 0
	for host, hs := range byHost {
		for i := 1; i < len(hs); i++ {
			if gap := hs[i].at.Sub(hs[i-1].at); hs[i].agent != hs[i-1].agent && gap < fleetDelay-10*time.Millisecond {
				t.Errorf("%s: %s by %s, then %s by %s %v later; the delay is %v",
					host, hs[i-1].path, hs[i-1].agent, hs[i].path, hs[i].agent, gap, fleetDelay)
			}
		}
		// A host the killed process was fetching from and the others
		// finished: w0's last request to it is followed by theirs.
		last := -1
		for i, h := range hs {
			if h.agent == "w0" {
				last = i
			}
		}
		if last >= 0 && last < len(hs)-1 && hs[len(hs)-1].at.After(killedAt) {
			resumed++
		}
	}
	if resumed == 0 {
		t.Errorf("no host of the killed process was finished by the others")
	}
	t.Logf("%d articles; %d stored at the kill; %d of w0's hosts finished by w1 and w2; %d requests",
		articles, atKill, resumed, len(log))
}

func hitsBy(log []fleetHit, agent string) int {
	n := 0
	for _, h := range log {
		if h.agent == agent {
			n++
		}
	}
	return n
}

// BenchmarkFleet crawls the 20-host site (200 ms delay per host) with 1, 2,
// 4 and 8 `crawler once` processes on one PostgreSQL store, each leasing up
// to 4 hosts at once, and reports pages/s: requests over the time from the
// first to the last request at the server (process start-up not counted),
// and pages/s-all-up from the first request of the last process to start.
// Politeness bounds it: 20 hosts × 5 requests/s = 100 pages/s at most,
// reached once the processes lease every host at once (5 or more here).
//
//	go test ./cmd/crawler -run '^$' -bench Fleet -benchtime 1x
func BenchmarkFleet(b *testing.B) {
	const hosts, leased = 20, 4
	for _, n := range []int{1, 2, 4, 8} {
		b.Run(fmt.Sprintf("workers=%d", n), func(b *testing.B) {
			for range b.N {
				site := serveFleet(b, hosts)
				url := pgtest.URL(b)
				workers := make([]*worker, n)
				for i := range workers {
					cfg := site.config(b, url, fmt.Sprintf("w%d", i), leased, 30*time.Second)
					workers[i] = startWorker(b, "once", "--config", cfg, "--log-level", "error")
				}
				for i, w := range workers {
					<-w.exited
					if w.err != nil {
						b.Fatalf("w%d: %v\n%s", i, w.err, w.stderr.String())
					}
				}
				log := site.hits()
				span := log[len(log)-1].at.Sub(log[0].at).Seconds()
				b.ReportMetric(float64(len(log))/span, "pages/s")
				b.ReportMetric(span, "crawl-s")
				b.ReportMetric(float64(len(log)), "requests")
				// From the first request of the last process to start (each
				// loads its dictionaries first, which on a small machine
				// overlaps the others' crawling): the rate with all running.
				ready, first := log[0].at, map[string]bool{}
				for _, h := range log {
					if !first[h.agent] {
						first[h.agent], ready = true, h.at
					}
				}
				var after int
				for _, h := range log {
					if !h.at.Before(ready) {
						after++
					}
				}
				if d := log[len(log)-1].at.Sub(ready).Seconds(); d > 0 {
					b.ReportMetric(float64(after)/d, "pages/s-all-up")
				}
			}
		})
	}
}
