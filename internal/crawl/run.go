package crawl

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// Keys of the per-request colly context.
const (
	ctxRequested = "zhwatch.requested" // URL as asked for, before redirects
	ctxDepth     = "zhwatch.depth"     // links followed from a seed
	ctxSeed      = "zhwatch.seed"      // "1" on seed requests
)

// run is one pass over one source.
type run struct {
	ctx   context.Context
	src   *config.Source
	sink  Sink
	stats *Stats
	col   *colly.Collector
	log   func(msg string, args ...any)

	mu       sync.Mutex
	seedErrs []error
	queued   map[string]bool // URLs already considered in this run
}

func (c *Crawler) newRun(ctx context.Context, src *config.Source, stats *Stats) (*run, error) {
	col := colly.NewCollector(
		colly.UserAgent(c.opts.UserAgent),
		colly.StdlibContext(ctx),
		colly.MaxBodySize(int(src.MaxBodyBytes)),
		colly.Async(true),
	)
	col.IgnoreRobotsTxt = src.IgnoreRobots // colly's default is to ignore robots.txt
	col.SetRequestTimeout(src.Timeout)
	base := c.opts.Transport
	if base == nil {
		base = http.DefaultTransport.(*http.Transport).Clone()
	}
	col.WithTransport(keepRawBody{base})
	if err := col.Limit(&colly.LimitRule{
		DomainGlob:  "*",
		Parallelism: src.Parallelism,
		Delay:       src.Delay,
	}); err != nil {
		return nil, fmt.Errorf("limits: %w", err)
	}
	logger := c.log.With("source", src.Name)
	r := &run{ctx: ctx, src: src, sink: c.sink, stats: stats, col: col, log: logger.Warn,
		queued: map[string]bool{}}
	attachPageSink(r)
	attachLinkFollower(r)
	attachFeedReader(r)
	return r, nil
}

// visit queues u unless this run has seen it or it is an article already
// stored.
func (r *run) visit(u string, depth int, seed bool) {
	if r.ctx.Err() != nil || !r.firstSight(u) {
		return
	}
	isArticle := !seed && r.src.Article.MatchString(u)
	if isArticle {
		stored, err := r.sink.HasArticle(r.ctx, u)
		if err != nil {
			r.stats.fail("store")
			r.log("look up article", "url", u, "err", err)
			return
		}
		if stored {
			r.stats.add(&r.stats.skipped)
			return
		}
	}
	cctx := colly.NewContext()
	cctx.Put(ctxRequested, u)
	cctx.Put(ctxDepth, strconv.Itoa(depth))
	if seed {
		cctx.Put(ctxSeed, "1")
	}
	err := r.col.Request(http.MethodGet, u, nil, cctx, nil)
	var visited *colly.AlreadyVisitedError
	switch {
	case err == nil, errors.As(err, &visited), errors.Is(err, colly.ErrForbiddenDomain):
	case errors.Is(err, colly.ErrRobotsTxtBlocked):
		r.stats.add(&r.stats.blocked)
	default:
		r.stats.fail("fetch")
		r.log("request", "url", u, "err", err)
		if seed {
			r.seedFailed(u, err)
		}
	}
}

func (r *run) firstSight(u string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.queued[u] {
		return false
	}
	r.queued[u] = true
	return true
}

func (r *run) seedFailed(u string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seedErrs = append(r.seedErrs, fmt.Errorf("seed %s: %w", u, err))
}

func (r *run) seedErrors() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return errors.Join(r.seedErrs...)
}

// follow resolves a link found on a page and queues it if the source wants it.
func (r *run) follow(from *colly.Request, href string) {
	href = strings.TrimSpace(href)
	if href == "" {
		return
	}
	u, err := url.Parse(from.AbsoluteURL(href))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || !r.hostAllowed(u.Host) {
		return
	}
	u.Fragment = ""
	abs := u.String()
	depth, _ := strconv.Atoi(from.Ctx.Get(ctxDepth))
	if r.src.Article.MatchString(abs) {
		r.visit(abs, depth+1, false)
		return
	}
	if depth+1 <= r.src.MaxDepth {
		r.visit(abs, depth+1, false)
	}
}

func (r *run) hostAllowed(host string) bool {
	host = strings.ToLower(host)
	for _, h := range r.src.AllowedHosts {
		if strings.EqualFold(h, host) {
			return true
		}
	}
	return false
}

// page turns a colly response into the Page to store.
func (r *run) page(resp *colly.Response) zhwatch.Page {
	requested := resp.Ctx.Get(ctxRequested)
	final := resp.Request.URL.String()
	if requested == "" {
		requested = final
	}
	return zhwatch.Page{
		Source:    r.src.Name,
		URL:       requested,
		FinalURL:  final,
		Status:    resp.StatusCode,
		Header:    restoreHeader(resp.Headers),
		FetchedAt: time.Now().UTC(),
		Body:      resp.Body,
	}
}
