package postgres_test

import (
	"context"
	"testing"

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
