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

// Several handles on one file share the frontier through host leases as
// crawler processes on one machine would.
func TestLeaseConformance(t *testing.T) {
	storetest.RunLeases(t, func(t *testing.T) (storetest.LeaseStore, func() storetest.LeaseStore) {
		dir := t.TempDir()
		return open(t, dir), func() storetest.LeaseStore { return open(t, dir) }
	})
}
