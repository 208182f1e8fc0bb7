// Package store defines the contract every zhwatch storage backend meets.
// The SQLite backend lives in store/sqlite; the conformance suite that both
// it and a later PostgreSQL backend must pass lives in store/storetest.
// Consumers (crawl, index, digest) declare the narrow interfaces they need.
package store

import (
	"context"
	"time"

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
	// PutPageArticle stores a page and the article extracted from it
	// atomically (a.PageID is set to the new page); otherwise as PutArticle.
	PutPageArticle(ctx context.Context, p zhwatch.Page, a zhwatch.Article) (saved zhwatch.Article, created bool, err error)
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
	// Bodies returns how many distinct page bodies are stored and their
	// total size: a body is stored once however many fetches returned it.
	Bodies(ctx context.Context) (count, bytes int64, err error)
	Close() error
}

// Crawler state: the persistent frontier, what the last fetch of a URL
// returned, page versions and article history, and one record per crawl run.
// The crawler (internal/crawl) declares the subset it calls.

// FrontierItem is a URL queued for a source. It stays in the store until the
// page fetched from it is committed (or the URL is given up on), so a crawler
// killed at any moment resumes with nothing lost.
type FrontierItem struct {
	Source    string
	URL       string    // canonical
	Kind      string    // "seed", "list" or "article"
	Depth     int       // non-article links followed from a seed
	Attempts  int       // failed fetches so far
	NotBefore time.Time // zero: at once
}

// FrontierUpdate is a batch of frontier changes applied in one transaction,
// in the order Add, Retry, Done.
type FrontierUpdate struct {
	Add   []FrontierItem // inserted unless the (source, URL) is queued already
	Retry []FrontierItem // replace Attempts and NotBefore of queued items
	Done  []FrontierItem // removed (only Source and URL are read)
}

// LastFetch is what zhwatch knows about the last successful (2xx) fetch of a
// URL, for conditional GET and recrawl decisions.
type LastFetch struct {
	PageID       int64
	FetchedAt    time.Time
	ETag         string
	LastModified string
	SHA256       string // of the stored body
	Article      bool   // an article is stored for this page's final URL
	PublishedAt  string // of that article
}

// PageVersion is one stored fetch of a URL, oldest first in lists.
type PageVersion struct {
	PageID    int64
	Status    int
	FetchedAt time.Time
	SHA256    string
}

// Run is one crawl of one source, as shown by `crawler status`.
type Run struct {
	ID              int64
	Number          int64 // 1 for the source's first run, 2 for its second, …; set by Runs
	Source          string
	StartedAt       time.Time
	FinishedAt      time.Time // zero while running (or if the crawler died)
	Pages           int64     // fetched pages stored, any status
	NotModified     int64     // 304 answers to conditional GETs
	ArticlesNew     int64
	ArticlesUpdated int64
	ArticlesEmpty   int64 // articles stored in this run whose body came out empty
	Errors          map[string]int64
	Err             string // why the run failed, "" if it did not
}

// CrawlState is what a backend provides for the crawler, on top of Store.
type CrawlState interface {
	// UpdateFrontier applies one batch of frontier changes atomically.
	UpdateFrontier(ctx context.Context, u FrontierUpdate) error
	// Frontier returns the items queued for source, oldest first.
	Frontier(ctx context.Context, source string) ([]FrontierItem, error)
	// LastFetch describes the newest 2xx page stored for url (as requested);
	// ErrNotFound if there is none.
	LastFetch(ctx context.Context, url string) (LastFetch, error)
	// PageVersions lists every stored fetch requested as url, oldest first.
	PageVersions(ctx context.Context, url string) ([]PageVersion, error)
	// ArticleHistory returns the earlier versions of an article (before each
	// update that came from a new page), oldest first; the current version is
	// Article(id).
	ArticleHistory(ctx context.Context, id string) ([]zhwatch.Article, error)
	// StartRun records the start of a run and returns its id.
	StartRun(ctx context.Context, r Run) (int64, error)
	// FinishRun stores the run's figures and counts the articles stored during
	// it whose body is empty.
	FinishRun(ctx context.Context, r Run) (Run, error)
	// Runs returns the latest runs of source (every source if ""), newest first.
	Runs(ctx context.Context, source string, limit int) ([]Run, error)

	// RecordFailure stores (replaces) the failure record of f.Source, f.URL.
	RecordFailure(ctx context.Context, f Failure) error
	// ClearFailure forgets the failure record of a URL (it was fetched).
	ClearFailure(ctx context.Context, source, url string) error
	// Failures lists the failure records of source, by URL.
	Failures(ctx context.Context, source string) ([]Failure, error)
}

// Failure is a URL whose last fetch failed and the run it waits for: the
// crawler backs off across runs (retry on the next run, then after 2, 4, …).
type Failure struct {
	Source   string
	URL      string
	Kind     string // what failed last: timeout, http_4xx, …
	Failures int    // consecutive runs in which it failed
	LastRun  int64  // the source's run number (Run.Number) of the last failure
	RetryRun int64  // not fetched in runs numbered below this
	FailedAt time.Time
}
