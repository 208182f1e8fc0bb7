package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"syscall"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// TestKillAtRandomPointsThenFinish kills `crawler once` with SIGKILL at
// random moments several times, each start resuming from the frontier the
// last one left, then lets a crawl finish. Every article ends up stored
// exactly once, and no article stored before a kill is fetched after it (a
// page and its article are committed together).
func TestKillAtRandomPointsThenFinish(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	site := serveDemo(t, 80*time.Millisecond)
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)
	db, err := sqlite.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	truth := loadTruth(t)
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7))
	t.Logf("seeded with time; kill points below")

	fetchedAtKill := map[string]int{} // article path → requests seen when it was found stored
	for round := range 4 {
		child := startCrawler(t, "once", "--config", cfg, "--log-level", "error")
		wait := time.Duration(20+rng.IntN(400)) * time.Millisecond
		time.Sleep(wait)
		child.Process.Signal(syscall.SIGKILL) //nolint:errcheck // may have finished already
		child.Wait()                          //nolint:errcheck // killed on purpose
		stored, err := db.ArticlesSince(context.Background(), 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("round %d: killed after %v with %d articles stored", round, wait, len(stored))
		for _, a := range stored {
			for _, want := range truth.Articles {
				if a.URL == site.URL+want.Path {
					if _, ok := fetchedAtKill[want.Path]; !ok {
						fetchedAtKill[want.Path] = site.count(want.Path)
					}
				}
			}
		}
	}

	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatalf("final crawl: %v\n%s", err, errOut.String())
	}
	after, err := db.ArticlesSince(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range after {
		seen[a.URL]++
	}
	for _, want := range truth.Articles {
		u := site.URL + want.Path
		if seen[u] != 1 {
			t.Errorf("%s stored %d times, want 1", want.Path, seen[u])
		}
		if n, stored := fetchedAtKill[want.Path]; stored && site.count(want.Path) != n {
			t.Errorf("%s was stored before a kill but fetched again (%d requests, %d then)", want.Path, site.count(want.Path), n)
		}
	}
	if len(after) != len(truth.Articles) {
		t.Errorf("%d articles, want %d", len(after), len(truth.Articles))
	}
	items, err := db.Frontier(context.Background(), "demo-news")
	if err != nil || len(items) != 0 {
		t.Errorf("frontier after the final crawl: %v, %v; want empty", items, err)
	}
}
