package main

import (
	"bytes"
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// A single-machine store moves to PostgreSQL with migrate-store, and the
// crawler then works on PostgreSQL through the config's store key alone:
// a recrawl stores nothing twice and status reads the copied runs.
func TestMigrateStoreThenCrawlOnPostgres(t *testing.T) {
	ctx := context.Background()
	site := serveDemo(t, 0)
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatalf("once on SQLite: %v\n%s", err, errOut.String())
	}
	lite, err := sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	wantPages, wantArticles, _ := lite.Counts(ctx)
	lite.Close()

	url := pgtest.URL(t)
	out.Reset()
	if err := run(ctx, []string{"migrate-store", "--config", cfg, "--to", url}, &out, &errOut); err != nil {
		t.Fatalf("migrate-store: %v\n%s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "articles") || !strings.Contains(out.String(), "store: "+url) {
		t.Errorf("migrate-store output:\n%s", out.String())
	}

	// The same config, now pointing at PostgreSQL.
	body, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append([]byte("store: "+url+"\n"), body...), 0o644); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatalf("once on PostgreSQL: %v\n%s", err, errOut.String())
	}
	pg, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	pages, articles, _ := pg.Counts(ctx)
	if articles != wantArticles || pages < wantPages {
		t.Errorf("on PostgreSQL after a recrawl: %d pages, %d articles; want ≥ %d pages and exactly the %d articles copied",
			pages, articles, wantPages, wantArticles)
	}
	if runs, err := pg.Runs(ctx, "demo-news", 10); err != nil || len(runs) != 2 {
		t.Errorf("runs on PostgreSQL: %d, %v; want the copied run and the new one", len(runs), err)
	}
	out.Reset()
	if err := run(ctx, []string{"status", "--config", cfg}, &out, &errOut); err != nil || !strings.Contains(out.String(), "demo-news") {
		t.Errorf("status on PostgreSQL: %v\n%s%s", err, out.String(), errOut.String())
	}

	// A second migration into the filled database is refused.
	errOut.Reset()
	err = run(ctx, []string{"migrate-store", "--config", cfg}, &out, &errOut)
	if code := exitCode(err, &errOut); code != 1 || !strings.Contains(errOut.String(), "empty database") {
		t.Errorf("second migrate-store: exit %d, %s", code, errOut.String())
	}
}

func TestMigrateStoreBadTarget(t *testing.T) {
	for _, tt := range []struct{ to, want string }{
		{"mysql://u@h/db", "want a postgres:// URL"},
		{"postgres://u:hunter2@h/db", "keep the password out of the command line"},
	} {
		var out, errOut bytes.Buffer
		err := run(context.Background(), []string{"migrate-store", "--data", t.TempDir(), "--to", tt.to}, &out, &errOut)
		if code := exitCode(err, &errOut); code != 2 || !strings.Contains(errOut.String(), tt.want) || strings.Contains(errOut.String(), "hunter2") {
			t.Errorf("--to %s: exit %d, %q; want exit 2 mentioning %q without the password", tt.to, code, errOut.String(), tt.want)
		}
	}
}

// Two `crawler run` processes on one PostgreSQL store, started together:
// the start-up crawl of the source (its tick) is made by one of them, and
// every article page is fetched once.
func TestTwoDaemonsShareOneRun(t *testing.T) {
	if s := time.Now().Second(); s > 45 {
		time.Sleep(time.Duration(61-s) * time.Second) // both claims must fall in one minute
	}
	site := serveDemo(t, 0)
	url := pgtest.URL(t)
	cfg := writeConfig(t, site.URL, t.TempDir())
	body, _ := os.ReadFile(cfg)
	if err := os.WriteFile(cfg, append([]byte("store: "+url+"\n"), body...), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Go(func() {
			var out, errOut bytes.Buffer
			if err := run(ctx, []string{"run", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
				t.Errorf("daemon %d: %v\n%s", i, err, errOut.String())
			}
		})
	}
	pg, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	deadline := time.Now().Add(30 * time.Second)
	for {
		runs, err := pg.Runs(context.Background(), "demo-news", 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(runs) > 0 && !runs[0].FinishedAt.IsZero() {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no finished run after 30 s: %+v", runs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // room for a second, wrong, run to show itself
	cancel()
	wg.Wait()
	runs, _ := pg.Runs(context.Background(), "demo-news", 10)
	if len(runs) != 1 {
		t.Errorf("%d runs recorded; want 1 across both daemons", len(runs))
	}
	for _, want := range loadTruth(t).Articles {
		if n := site.count(want.Path); n != 1 {
			t.Errorf("%s fetched %d times; want once across both daemons", want.Path, n)
		}
	}
}
