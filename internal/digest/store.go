package digest

import (
	"context"
	"time"

	"github.com/zhwatch/zhwatch"
)

// Store is what digests need from storage: the articles, their reprint
// clusters, and the record of every digest and what it delivered.
// *sqlite.DB implements it.
type Store interface {
	Article(ctx context.Context, id string) (zhwatch.Article, error)
	// ClusterArticles returns the stored articles of a reprint cluster,
	// first stored first.
	ClusterArticles(ctx context.Context, clusterID string) ([]zhwatch.Article, error)
	DigestLog
}

// DigestLog records digests and their deliveries.
type DigestLog interface {
	// LastDigest returns the newest recorded digest of a watchlist (any
	// state) and how many it has recorded; ok is false when none.
	LastDigest(ctx context.Context, watchlist string) (r Record, count int, ok bool, err error)
	// PendingDigests returns the recorded digests not yet taken by every
	// delivery, oldest first.
	PendingDigests(ctx context.Context, watchlist string) ([]Record, error)
	// RecentDigests returns up to limit digests that have items, newest
	// first, for the feed.
	RecentDigests(ctx context.Context, watchlist string, limit int) ([]Record, error)
	// Delivered returns which of ids were delivered (or are pending) in an
	// earlier digest of the watchlist, as an article or as the cluster of
	// one.
	Delivered(ctx context.Context, watchlist string, ids []string) (map[string]bool, error)
	// RecordDigest stores a digest with its items in one transaction. It
	// fails with zhwatch.ErrBusy when one of the items is already recorded
	// for the watchlist (another run got there first).
	RecordDigest(ctx context.Context, r Record) error
	// DeliveryDone records that a delivery took the digest.
	DeliveryDone(ctx context.Context, digestID, delivery string, at time.Time) error
	// DeliveryFailed records a failed attempt and when to try again.
	DeliveryFailed(ctx context.Context, digestID, delivery, problem string, next time.Time) error
	// FinishDigest marks a digest sent: every delivery has taken it.
	FinishDigest(ctx context.Context, digestID string, at time.Time) error
}

// The record types are vocabulary shared with the store, which keeps them;
// they live in the root package so the store need not import this one.
type (
	State         = zhwatch.DigestState
	Record        = zhwatch.DigestRecord
	Delivered     = zhwatch.DigestItem
	DeliveryState = zhwatch.DeliveryState
)

const (
	StatePending = zhwatch.DigestPending
	StateSent    = zhwatch.DigestSent
	StateEmpty   = zhwatch.DigestEmpty
)
