package sqlite_test

import (
	"context"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/store/storetest"
)

func open(t *testing.T, dir string) *sqlite.DB {
	t.Helper()
	db, err := sqlite.Open(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t, t.TempDir()) })
}

func TestReopenKeepsDataAndMigrationsOnce(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := open(t, dir)
	pid, err := db.PutPage(ctx, zhwatch.Page{URL: "http://h/a", FinalURL: "http://h/a", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := db.PutArticle(ctx, zhwatch.Article{PageID: pid, URL: "http://h/a"}); err != nil {
		t.Fatal(err)
	}
	db.Close()

	again := open(t, dir)
	pages, articles, err := again.Counts(ctx)
	if err != nil || pages != 1 || articles != 1 {
		t.Errorf("after reopen: pages=%d articles=%d err=%v", pages, articles, err)
	}
}
