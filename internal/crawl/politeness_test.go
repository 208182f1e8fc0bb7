package crawl

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"sync"
	"testing"
	"time"
)

// Two sources on one host, crawled at the same time by one Crawler, together
// keep to the host's limits: the stricter parallelism and the longer delay.
func TestPeakConcurrencyAndDelayPerHostAcrossSources(t *testing.T) {
	s := newSite(t)
	s.handle("/news/", func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(30 * time.Millisecond) // long enough for requests to overlap if allowed
		htmlPage("<p>a</p>", "utf-8")(w, r)
	})
	for _, section := range []string{"a", "b"} {
		links := ""
		for i := range 12 {
			links += fmt.Sprintf(`<a href="/news/%s%d.html">x</a>`, section, i)
		}
		s.handle("/"+section+".html", htmlPage(links, ""))
	}
	e := newEnv(t, testOptions())
	srcA := s.source("/a.html")
	srcA.Name, srcA.Parallelism, srcA.Delay = "a", 4, 10*time.Millisecond
	srcB := s.source("/b.html")
	srcB.Name, srcB.Parallelism, srcB.Delay = "b", 2, 40*time.Millisecond

	var wg sync.WaitGroup
	for _, src := range []*struct {
		name string
		err  error
	}{{name: "a"}, {name: "b"}} {
		source := srcA
		if src.name == "b" {
			source = srcB
		}
		wg.Go(func() { src.err = e.c.Crawl(context.Background(), source, &Stats{}) })
		defer func() {
			if src.err != nil {
				t.Error(src.err)
			}
		}()
	}
	wg.Wait()

	if n := e.articleCount(); n != 24 {
		t.Fatalf("%d articles, want 24", n)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.peak > 2 {
		t.Errorf("peak concurrency on the shared host %d, want at most 2 (the stricter source)", s.peak)
	}
	starts := append(s.starts[:0:0], s.starts...)
	sort.Slice(starts, func(i, j int) bool { return starts[i].Before(starts[j]) })
	// The first requests of the two sources may start before the other
	// tightened the shared gate, and a loaded machine delays some requests
	// on their way to the server (so two may arrive close together); the
	// delay must still hold over the whole run.
	n := len(starts)
	if span := starts[n-1].Sub(starts[2]); span < time.Duration(n-4)*40*time.Millisecond {
		t.Errorf("%d requests within %v; a 40ms delay needs at least %v", n-2, span, time.Duration(n-4)*40*time.Millisecond)
	}
	var short int
	for i := 3; i < n; i++ {
		if starts[i].Sub(starts[i-1]) < 20*time.Millisecond {
			short++
		}
	}
	if short > 2 {
		t.Errorf("%d of %d gaps between request starts under half the 40ms delay", short, n-3)
	}
}
