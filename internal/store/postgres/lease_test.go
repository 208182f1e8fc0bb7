package postgres_test

import (
	"testing"

	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/storetest"
)

func TestLeaseConformance(t *testing.T) {
	storetest.RunLeases(t, func(t *testing.T) (storetest.LeaseStore, func() storetest.LeaseStore) {
		url := pgtest.URL(t)
		return open(t, url), func() storetest.LeaseStore { return open(t, url) }
	})
}
