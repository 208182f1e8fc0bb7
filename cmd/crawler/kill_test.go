package main

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// TestKillMidCrawlThenRestart kills `crawler run` with SIGKILL while it is
// storing articles, starts a crawl again, and checks that every article ends
// up stored exactly once and none that was stored before the kill is fetched
// again.
func TestKillMidCrawlThenRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a child process")
	}
	site := serveDemo(t, 150*time.Millisecond) // slow enough to kill mid-crawl
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)

	child := startCrawler(t, "run", "--config", cfg, "--log-level", "error")
	db, err := sqlite.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	before := waitForArticles(t, db, 2, child)
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait() //nolint:errcheck // killed on purpose
	stored, err := db.ArticlesSince(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(stored) < before || len(stored) >= len(loadTruth(t).Articles) {
		t.Fatalf("killed with %d articles stored; want a crawl cut in the middle", len(stored))
	}
	storedBefore := map[string]bool{}
	for _, a := range stored {
		storedBefore[a.URL] = true
	}

	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatalf("restart: %v\n%s", err, errOut.String())
	}
	after, err := db.ArticlesSince(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range after {
		seen[a.URL]++
	}
	for _, want := range loadTruth(t).Articles {
		u := site.URL + want.Path
		if seen[u] != 1 {
			t.Errorf("%s stored %d times after restart, want 1", want.Path, seen[u])
		}
		if storedBefore[u] && site.count(want.Path) != 1 {
			t.Errorf("%s was stored before the kill but fetched %d times", want.Path, site.count(want.Path))
		}
	}
	if len(after) != len(loadTruth(t).Articles) {
		t.Errorf("%d articles after restart, want %d", len(after), len(loadTruth(t).Articles))
	}
}

// waitForArticles polls the store until at least n articles are in it.
func waitForArticles(t *testing.T, db *sqlite.DB, n int, child *exec.Cmd) int {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		_, got, err := db.Counts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if got >= int64(n) {
			return int(got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	child.Process.Kill() //nolint:errcheck // giving up
	t.Fatalf("no %d articles stored within 30s", n)
	return 0
}

// startCrawler runs `crawler args...` as a child process: the test binary
// itself, which TestMain turns into the command.
func startCrawler(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	child := exec.Command(os.Args[0], args...)
	child.Env = append(os.Environ(), "ZHWATCH_BE_CRAWLER=1")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	return child
}
