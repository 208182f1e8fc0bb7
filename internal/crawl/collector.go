package crawl

import (
	"context"
	"math"
	"net/http"

	"github.com/gocolly/colly/v2"
	"github.com/gocolly/colly/v2/extensions"

	"github.com/zhwatch/zhwatch/internal/netguard"
)

// stateKey is where a request's fetchState sits in colly's Request.Ctx.
const stateKey = "zhwatch.fetch"

// refererKey is where colly's Referer extension reads the Referer header
// from; it fills it itself only along Request.Visit chains, and zhwatch's
// requests come from the frontier instead.
const refererKey = "_referer"

// newCollector returns a synchronous colly collector for one run, one Try
// or one robots.txt fetch: the requests it sends carry ctx and scope (which
// redirects it may follow) and their bodies are cut after maxBody bytes.
// zhwatch's workers call it concurrently; colly adds no goroutines, queue,
// visited set, robots.txt handling or per-domain limits of its own, since
// those are the store's frontier, robotsCache and the host gates.
func (c *Crawler) newCollector(ctx context.Context, scope *netguard.Scope, maxBody int64) *colly.Collector {
	// Not colly.NewCollector: it applies COLLY_* environment variables
	// over the options, a second, hidden way to configure the crawler.
	col := &colly.Collector{}
	col.Init()
	for _, opt := range []colly.CollectorOption{
		colly.UserAgent(c.opts.UserAgent),
		colly.AllowURLRevisit(),        // the frontier in the store says what is fetched, and when
		colly.ParseHTTPErrorResponse(), // a 304, 404 or 503 is a response to handle, not an error
		colly.IgnoreRobotsTxt(),        // robotsCache: RFC 9309, a TTL, Crawl-delay
		colly.MaxBodySize(maxBodySize(maxBody)),
		colly.StdlibContext(netguard.WithScope(ctx, scope)),
	} {
		opt(col)
	}
	// Our client: the shared transport, netguard's CheckRedirect in place
	// of colly's (which checks colly's visited set and allows 10 hops), no
	// cookie jar and no client timeout (each request has its deadline).
	col.SetClient(&http.Client{Transport: c.transport, CheckRedirect: netguard.CheckRedirect})
	extensions.Referer(col)
	attachFetchResult(col)
	return col
}

// maxBodySize is colly's MaxBodySize for a cap: one byte past it, so that
// a body cut at the cap can be told from one that ends there.
func maxBodySize(maxBody int64) int {
	if maxBody >= math.MaxInt-1 {
		return 0 // no limit in colly; budgetBody still cuts at the cap
	}
	return int(maxBody + 1)
}

// attachFetchResult makes colly's callbacks the place where a response
// becomes a fetch result: the headers give status, header and final URL
// (and stop a media download before its body), OnResponse marks a body
// read in full, OnError records why there is none.
func attachFetchResult(col *colly.Collector) {
	col.OnResponseHeaders(func(r *colly.Response) {
		st := stateOf(r.Ctx)
		st.headers = true
		st.page = pageHead{status: r.StatusCode, header: r.Headers.Clone(), finalURL: r.Request.URL.String()}
		if isMedia(r.Headers.Get("Content-Type")) {
			st.media = true
			r.Request.Abort()
		}
	})
	col.OnResponse(func(r *colly.Response) {
		// r.Body is colly's copy, re-encoded to UTF-8 when the header
		// names another charset; the page keeps the transport's raw bytes.
		stateOf(r.Ctx).responded = true
	})
	col.OnError(func(r *colly.Response, err error) {
		stateOf(r.Ctx).err = err
	})
}

func stateOf(ctx *colly.Context) *fetchState {
	if st, ok := ctx.GetAny(stateKey).(*fetchState); ok {
		return st
	}
	// Only Crawler.fetch sends requests through these collectors, and the
	// transport refuses any other; what a callback records here is dropped.
	return &fetchState{}
}
