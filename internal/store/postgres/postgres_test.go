package postgres_test

import (
	"context"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/storetest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

func open(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, pgtest.URL(t)) })
}

func TestCrawlStateConformance(t *testing.T) {
	storetest.RunCrawlState(t, func(t *testing.T) storetest.CrawlStore { return open(t, pgtest.URL(t)) })
}

func TestReopenKeepsDataAndMigrationsOnce(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	db := open(t, url)
	pid, err := db.PutPage(ctx, zhwatch.Page{URL: "http://h/a", FinalURL: "http://h/a", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PutArticle(ctx, zhwatch.Article{PageID: pid, URL: "http://h/a"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	again := open(t, url)
	pages, articles, err := again.Counts(ctx)
	if err != nil || pages != 1 || articles != 1 {
		t.Errorf("after reopen: pages=%d articles=%d err=%v", pages, articles, err)
	}
}

// A database created before migration 003 keeps its page bodies inline;
// the migration moves each distinct body into bodies once and every page
// still reads back whole.
func TestBodiesMigration(t *testing.T) {
	url := pgtest.URL(t)
	ctx := context.Background()
	db := open(t, url)
	db.Close()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Back to the schema of 002: no bodies, bodies inline in pages.
	if _, err := conn.Exec(ctx, `DROP TABLE bodies; DROP TABLE crawl_failures;
		ALTER TABLE pages ALTER COLUMN body DROP DEFAULT;
		DELETE FROM migrations WHERE name >= 'migration/003';
		INSERT INTO pages (source, url, final_url, status, header, fetched_at, sha256, body) VALUES
		('demo', 'http://h/a', 'http://h/a', 200, '{}', '2026-12-01T00:00:00Z', encode(sha256('甲'::bytea), 'hex'), '甲'::bytea),
		('demo', 'http://h/a', 'http://h/a', 200, '{}', '2026-12-01T00:00:01Z', encode(sha256('甲'::bytea), 'hex'), '甲'::bytea),
		('demo', 'http://h/b', 'http://h/b', 200, '{}', '2026-12-01T00:00:02Z', encode(sha256(''::bytea), 'hex'), ''::bytea)`); err != nil {
		t.Fatal(err)
	}
	again := open(t, url)
	if n, size, err := again.Bodies(ctx); err != nil || n != 2 || size != int64(len("甲")) {
		t.Errorf("Bodies after migration = %d, %d bytes, %v; want 2, %d bytes", n, size, err, len("甲"))
	}
	for id, want := range map[int64]string{1: "甲", 2: "甲", 3: ""} {
		if p, err := again.Page(ctx, id); err != nil || string(p.Body) != want {
			t.Errorf("page %d: body %q, %v; want %q", id, p.Body, err, want)
		}
	}
	var inline int
	if err := conn.QueryRow(ctx, `SELECT count(*) FROM pages WHERE body <> ''::bytea`).Scan(&inline); err != nil || inline != 0 {
		t.Errorf("%d pages keep their body inline (%v), want 0", inline, err)
	}
}

// Several pools on one database stand for several processes.
func TestSharedConformance(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (storetest.SharedStore, func() storetest.SharedStore) {
		url := pgtest.URL(t)
		return open(t, url), func() storetest.SharedStore { return open(t, url) }
	})
}

func BenchmarkPutPageArticle(b *testing.B) {
	db, err := postgres.Open(context.Background(), pgtest.URL(b))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchPutPageArticle(b, db)
}
