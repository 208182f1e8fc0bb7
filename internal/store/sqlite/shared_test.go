package sqlite_test

import (
	"context"
	"testing"

	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/store/storetest"
)

// Several handles on one file stand for several processes on one machine.
func TestSharedConformance(t *testing.T) {
	storetest.RunShared(t, func(t *testing.T) (storetest.SharedStore, func() storetest.SharedStore) {
		dir := t.TempDir()
		return open(t, dir), func() storetest.SharedStore { return open(t, dir) }
	})
}

func BenchmarkPutPageArticle(b *testing.B) {
	db, err := sqlite.Open(context.Background(), b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	storetest.BenchPutPageArticle(b, db)
}
