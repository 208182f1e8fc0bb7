// Package crawl fetches what the configured sources publish: it builds one
// colly collector per source, follows list pages, feeds and sitemaps to
// article URLs, obeys robots.txt and per-host limits, and hands every fetched
// page to a Sink. It finds links; it does not extract articles.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// Sink is what the crawler needs from the rest of zhwatch.
type Sink interface {
	// SavePage stores a fetched page and, for article pages, its article;
	// created reports a new article.
	SavePage(ctx context.Context, p zhwatch.Page, isArticle bool) (created bool, err error)
	// HasArticle reports whether the article at url is already stored.
	HasArticle(ctx context.Context, url string) (bool, error)
}

// Options are the crawler-wide settings.
type Options struct {
	UserAgent string
	// Transport, if set, replaces the default HTTP transport (tests).
	Transport http.RoundTripper
	Logger    *slog.Logger
}

// Crawler crawls sources into a Sink.
type Crawler struct {
	opts Options
	sink Sink
	log  *slog.Logger
	// running holds the names of sources being crawled, so a source is never
	// crawled twice at once.
	mu      sync.Mutex
	running map[string]bool
}

// ErrAlreadyRunning means a crawl of the same source is still going.
var ErrAlreadyRunning = errors.New("a crawl of this source is already running")

// New returns a Crawler.
func New(opts Options, sink Sink) *Crawler {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Crawler{opts: opts, sink: sink, log: log, running: map[string]bool{}}
}

// Crawl runs one pass over src, adding to stats as it goes. It returns an
// error if a seed could not be fetched (the rest of the pass still runs) or
// ctx was cancelled.
func (c *Crawler) Crawl(ctx context.Context, src *config.Source, stats *Stats) error {
	if !c.claim(src.Name) {
		return fmt.Errorf("source %s: %w", src.Name, ErrAlreadyRunning)
	}
	defer c.release(src.Name)

	r, err := c.newRun(ctx, src, stats)
	if err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	for _, seed := range src.Seeds {
		r.visit(seed, 0, true)
	}
	r.col.Wait()
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	if err := r.seedErrors(); err != nil {
		return fmt.Errorf("source %s: %w", src.Name, err)
	}
	return nil
}

func (c *Crawler) claim(name string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.running[name] {
		return false
	}
	c.running[name] = true
	return true
}

func (c *Crawler) release(name string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.running, name)
}

// busy lists the sources being crawled now.
func (c *Crawler) busy() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make([]string, 0, len(c.running))
	for name := range c.running {
		out = append(out, name)
	}
	return out
}
