// Package store defines the contract every zhwatch storage backend meets.
// The SQLite backend lives in store/sqlite; the conformance suite that both
// it and a later PostgreSQL backend must pass lives in store/storetest.
// Consumers (crawl, index, digest) declare the narrow interfaces they need.
package store

import (
	"context"

	"github.com/zhwatch/zhwatch"
)

// ErrNotFound is returned when an id or URL is not in the store.
var ErrNotFound = zhwatch.ErrNotFound

// Store is what a backend provides.
type Store interface {
	// PutPage records one fetch and returns its page id.
	PutPage(ctx context.Context, p zhwatch.Page) (int64, error)
	// HasPage reports whether a successful (2xx) fetch of url is stored.
	HasPage(ctx context.Context, url string) (bool, error)
	// Page returns a stored page with its body.
	Page(ctx context.Context, id int64) (zhwatch.Page, error)
	// PutArticle inserts the article or, when one with the same URL exists,
	// updates it in place. It assigns ID (derived from the URL), a new Seq
	// and the timestamps, and reports whether the article is new.
	PutArticle(ctx context.Context, a zhwatch.Article) (saved zhwatch.Article, created bool, err error)
	// Article returns one article by id.
	Article(ctx context.Context, id string) (zhwatch.Article, error)
	// ArticlesSince returns up to limit articles with Seq > seq, in Seq order.
	ArticlesSince(ctx context.Context, seq int64, limit int) ([]zhwatch.Article, error)
	// LatestPages returns up to limit pages with id > after, in id order,
	// keeping only the newest successful (2xx) fetch of each final URL: what
	// `crawler reprocess` re-extracts.
	LatestPages(ctx context.Context, after int64, limit int) ([]zhwatch.Page, error)
	// Counts returns how many pages and articles are stored.
	Counts(ctx context.Context) (pages, articles int64, err error)
	Close() error
}
