package crawl

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestBackoffRuns(t *testing.T) {
	for n, want := range map[int]int64{1: 1, 2: 2, 3: 4, 4: 8, 7: 64, 8: 64, 30: 64} {
		if got := backoffRuns(n, 64); got != want {
			t.Errorf("backoffRuns(%d) = %d, want %d", n, got, want)
		}
	}
}

// TestRunsBuildOnTheLast: four runs against a site with two oversized
// pages and four failing URLs (404, 500, a stall, a redirect loop). Each
// oversized body is stored once, however often it is fetched; the failing
// URLs are fetched on runs 1, 2 and 4 only (back-off 1, 2, 4 runs).
func TestRunsBuildOnTheLast(t *testing.T) {
	s := newSite(t)
	links := `<a href="/news/big1">1</a><a href="/news/big2">2</a><a href="/news/404">3</a>` +
		`<a href="/news/500">4</a><a href="/news/stall">5</a><a href="/news/loop">6</a><a href="/news/ok">7</a>`
	s.handle("/index.html", htmlPage(links, "utf-8"))
	s.handle("/news/ok", htmlPage("<p>正常</p>", "utf-8"))
	big := "<p>" + strings.Repeat("出口管制", 100_000) + "</p>" // 1.2 MB, over the 256 KiB cap
	s.handle("/news/big1", htmlPage(big, "utf-8"))
	s.handle("/news/big2", htmlPage(big+"二", "utf-8"))
	s.handle("/news/404", http.NotFound)
	s.handle("/news/500", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusInternalServerError) })
	s.handle("/news/stall", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	s.handle("/news/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/loop", http.StatusFound)
	})
	failing := []string{"/news/404", "/news/500", "/news/stall", "/news/loop"}

	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	src.MaxBodyBytes = 256 << 10
	src.Timeout = 300 * time.Millisecond
	before := map[string]int{}
	fetchedIn := map[string][]int{}
	for run := 1; run <= 4; run++ {
		snap, err := e.crawl(src)
		if err != nil {
			t.Fatalf("run %d: %v", run, err)
		}
		for _, p := range append(failing, "/news/big1") {
			if n := s.count(p); n > before[p] {
				fetchedIn[p] = append(fetchedIn[p], run)
			}
			before[p] = s.count(p)
		}
		if run == 3 && snap.BackedOff != int64(len(failing)) {
			t.Errorf("run 3: %s; want %d backed off", snap, len(failing))
		}
	}
	for _, p := range failing {
		if got := fetchedIn[p]; len(got) != 3 || got[0] != 1 || got[1] != 2 || got[2] != 4 {
			t.Errorf("%s fetched in runs %v, want [1 2 4]", p, got)
		}
	}
	if got := fetchedIn["/news/big1"]; len(got) != 4 {
		t.Errorf("oversized page fetched in runs %v; it is not an article yet, so every run", got)
	}
	if len(e.pages(s.URL+"/news/big1")) != 4 {
		t.Errorf("%d fetches of big1 stored, want 4", len(e.pages(s.URL+"/news/big1")))
	}
	n, size, err := e.db.Bodies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// Bodies: index, ok, big1 and big2 cut at the cap (the same first 256
	// KiB, so one body), the 404 page, the empty 500.
	if size > 2*(256<<10) {
		t.Errorf("%d bodies, %d bytes stored; each oversized body once is at most %d bytes", n, size, 2*(256<<10))
	}
	fails, err := e.db.Failures(context.Background(), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(fails) != len(failing) {
		t.Fatalf("failure records %+v, want %d", fails, len(failing))
	}
	for _, f := range fails {
		if f.Failures != 3 || f.LastRun != 4 || f.RetryRun != 8 {
			t.Errorf("%s: %d failures, last run %d, retry run %d; want 3, 4, 8", f.URL, f.Failures, f.LastRun, f.RetryRun)
		}
	}
}
