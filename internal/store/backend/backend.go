// Package backend opens the store a configuration names: SQLite under the
// data directory (the default) or PostgreSQL (`store: postgres://…`). Every
// command opens its store here, so the choice is made in one place.
package backend

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// Store is everything the commands use of a store: the contract, the
// crawler's state, reprint lookups and the digest log. Both backends
// implement it.
type Store interface {
	store.Store
	store.CrawlState
	store.HostLeases

	ReprintCandidates(ctx context.Context, bands []int64) ([]zhwatch.ReprintCandidate, error)
	ClusterSize(ctx context.Context, clusterID string) (int, error)
	ClusterArticles(ctx context.Context, clusterID string) ([]zhwatch.Article, error)

	LastDigest(ctx context.Context, watchlist string) (zhwatch.DigestRecord, int, bool, error)
	PendingDigests(ctx context.Context, watchlist string) ([]zhwatch.DigestRecord, error)
	RecentDigests(ctx context.Context, watchlist string, limit int) ([]zhwatch.DigestRecord, error)
	Delivered(ctx context.Context, watchlist string, ids []string) (map[string]bool, error)
	RecordDigest(ctx context.Context, r zhwatch.DigestRecord) error
	DeliveryDone(ctx context.Context, digestID, delivery string, at time.Time) error
	DeliveryFailed(ctx context.Context, digestID, delivery, problem string, next time.Time) error
	FinishDigest(ctx context.Context, digestID string, at time.Time) error

	// Path names the store in messages: the SQLite file, or the
	// PostgreSQL URL without a password.
	Path() string
}

var (
	_ Store = (*sqlite.DB)(nil)
	_ Store = (*postgres.DB)(nil)
)

// IsPostgres reports whether spec (the config's store key) names a
// PostgreSQL database.
func IsPostgres(spec string) bool {
	return strings.HasPrefix(spec, "postgres://") || strings.HasPrefix(spec, "postgresql://")
}

// Open opens the store spec names; "" is SQLite in dataDir.
func Open(ctx context.Context, spec, dataDir string) (Store, error) {
	switch {
	case spec == "":
		return sqlite.Open(ctx, dataDir)
	case IsPostgres(spec):
		return postgres.Open(ctx, spec)
	default:
		return nil, fmt.Errorf("open store: %w: %q is not a postgres:// URL", zhwatch.ErrInvalid, postgres.Redact(spec))
	}
}
