package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/ingest"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/transfer"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// Two search processes, each with its own index directory, over one
// PostgreSQL store: both answer as the SQLite store did, and both find an
// article stored after they were built (query catches the index up first).
func TestReplicasOverOnePostgresStore(t *testing.T) {
	ctx := context.Background()
	lite := storeDemo(t)
	want, _ := queryIDs(t, lite, "英伟达")
	url := pgtest.URL(t)
	if _, err := transfer.Copy(ctx, lite, url); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg := filepath.Join(dir, "zhwatch.yaml")
	if err := os.WriteFile(cfg, []byte(fmt.Sprintf(`store: %s
sources:
  - {name: demo, seeds: ["http://demo.test/"], article_pattern: "^http://demo.test/20"}
`, url)), 0o644); err != nil {
		t.Fatal(err)
	}
	replicas := []string{filepath.Join(dir, "r1"), filepath.Join(dir, "r2")}
	for _, r := range replicas {
		got, _ := queryIDs(t, r, "英伟达", "--config", cfg)
		if !slices.Equal(got, want) || len(got) == 0 {
			t.Errorf("replica %s: 英伟达 → %v; want %v as on SQLite", r, got, want)
		}
		if _, err := os.Stat(filepath.Join(r, "zhwatch.db")); err == nil {
			t.Errorf("replica %s created a SQLite store beside its index", r)
		}
	}

	pg, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	saver := ingest.NewSaver(pg, ingest.NewPipeline(extract.New(), nil, nil))
	u := "http://demo.test/2026/12/03/new.html"
	if _, err := saver.SavePage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Now(),
		Body: []byte(`<html><head><title>稀土出口新规</title></head><body><article><h1>稀土出口新规</h1><p>商务部今日发布稀土出口管制新规，涉及镓、锗等关键矿产。新规自发布之日起施行，出口经营者应当依法申请许可。</p></article></body></html>`)}, true); err != nil {
		t.Fatal(err)
	}
	for _, r := range replicas {
		got, _ := queryIDs(t, r, "稀土出口", "--config", cfg)
		if !slices.Contains(got, zhwatch.ArticleID(u)) {
			t.Errorf("replica %s: 稀土出口 → %v; want the article just stored", r, got)
		}
	}
}

// Two serving replicas over one PostgreSQL store, each following it with
// keepInStep as `search serve` does but with polling turned off (an hour):
// an article stored in the store becomes searchable on both only through
// LISTEN/NOTIFY. The time it took is logged.
func TestServeReplicasWokenByNotify(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	lite := storeDemo(t)
	url := pgtest.URL(t)
	if _, err := transfer.Copy(ctx, lite, url); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Parse([]byte("store: "+url+"\nsources:\n  - {name: demo, seeds: [\"http://demo.test/\"], article_pattern: \"^http://demo.test/20\"}\n"), "t.yaml", "")
	if err != nil {
		t.Fatal(err)
	}
	var workers sync.WaitGroup
	var servers []*httptest.Server
	for i := 0; i < 2; i++ {
		o, err := open(ctx, &commonFlags{data: t.TempDir(), cfg: cfg, resolved: true}, false, nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { o.Close() })
		workers.Go(func() { keepInStep(ctx, o, slog.New(slog.DiscardHandler), time.Hour) })
		srv := httptest.NewServer(newHandler(o, slog.New(slog.DiscardHandler)))
		t.Cleanup(srv.Close)
		servers = append(servers, srv)
	}
	// Stop the followers before the stores close (cleanups run last first).
	t.Cleanup(func() { cancel(); workers.Wait() })

	q := "稀土出口"
	for _, srv := range servers {
		waitFor(t, func() bool { _, ids := apiIDs(t, srv, "英伟达"); return len(ids) > 0 }) // the initial sync is done
	}
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	u := "http://demo.test/2026/12/03/notify.html"
	stored := time.Now()
	if _, err := ingest.NewSaver(pg, ingest.NewPipeline(extract.New(), nil, nil)).SavePage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Now(),
		Body: []byte(`<html><head><title>稀土出口新规</title></head><body><article><h1>稀土出口新规</h1><p>商务部今日发布稀土出口管制新规，涉及镓、锗等关键矿产。新规自发布之日起施行，出口经营者应当依法申请许可。</p></article></body></html>`)}, true); err != nil {
		t.Fatal(err)
	}
	for i, srv := range servers {
		waitFor(t, func() bool { _, ids := apiIDs(t, srv, q); return slices.Contains(ids, zhwatch.ArticleID(u)) })
		t.Logf("replica %d answers with the new article %v after it was stored", i+1, time.Since(stored).Round(time.Millisecond))
	}
}

// waitFor polls cond for up to ten seconds (a generous bound for a shared
// machine: the point is that it happens at all, polling being off).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(10 * time.Second); !cond(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("not within 10 s")
		}
	}
}
