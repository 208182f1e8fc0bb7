package crawl

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/netguard"
)

// Errors a fetch can end with before a usable response. The network
// policy (internal/netguard) raises them; they are re-exported here so
// callers of crawl need not import it.
var (
	ErrRedirectLoop     = netguard.ErrRedirectLoop
	ErrTooManyRedirects = netguard.ErrTooManyRedirects
	ErrOffsiteRedirect  = netguard.ErrOutOfScope
	ErrForbiddenAddress = netguard.ErrForbiddenAddress
)

// truncatedHeader marks a stored page whose body was cut at the size cap;
// its value is the cap in bytes. It is not sent by the server.
const truncatedHeader = "X-Zhwatch-Truncated"

// fetchResult is the outcome of one request.
type fetchResult struct {
	page      zhwatch.Page // Status 0 when there was no response
	truncated bool         // body cut at the size cap
	media     bool         // image/audio/video/font: body not read
	kind      string       // failure kind when err != nil
	retryable bool
	held      int64 // bytes of the crawler's memory budget held for the body; release when done
	err       error
}

// fetchLimits are one source's per-request limits.
type fetchLimits struct {
	timeout time.Duration // whole exchange, body included
	maxBody int64
	scope   netguard.Scope // hosts and ports it may reach, redirects included
}

// newTransport is the crawler's one HTTP transport, under every collector:
// every request it sends, and every redirect, is checked against the
// request's scope, and every connection against the address policy.
func newTransport(o Options) *fetchTransport {
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return newFetchTransport(netguard.RoundTripper(o.Network.Transport(t, dialer)))
}

// fetch GETs u through col (the run's collector) with the source's limits;
// referer, if set, is the page u was found on; cond, if set, makes it
// conditional. reserved bytes of the memory budget were taken for it by the
// caller (0: the fetch is not budgeted, as for robots.txt); res.held says
// how many the caller must release once the page is handled.
func (c *Crawler) fetch(ctx context.Context, col *colly.Collector, source, u, referer string, lim *fetchLimits, cond *conditional, reserved int64) (res fetchResult) {
	parent := ctx
	ctx, dl := newDeadline(ctx, lim.timeout)
	defer dl.stop()
	st := &fetchState{ctx: netguard.WithScope(ctx, &lim.scope), limit: lim.maxBody, held: reserved}
	if reserved > 0 {
		st.grow = func(want int64) (int64, error) { return c.mem.grow(parent, st.held, want, dl) }
	}
	id := c.transport.register(st)
	defer c.transport.unregister(id)

	hdr := http.Header{}
	hdr.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	hdr.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	if cond != nil {
		if cond.etag != "" {
			hdr.Set("If-None-Match", cond.etag)
		}
		if cond.lastModified != "" {
			hdr.Set("If-Modified-Since", cond.lastModified)
		}
	}
	hdr.Set(fetchIDHeader, id)
	cctx := colly.NewContext()
	cctx.Put(stateKey, st)
	if referer != "" {
		cctx.Put(refererKey, referer) // sent by colly's Referer extension
	}
	st.fetchedAt = c.now().UTC()
	err := col.Request(http.MethodGet, u, nil, cctx, hdr)
	if err != nil && st.err == nil && !st.headers {
		// colly refused it before any callback: a URL it cannot parse.
		return fetchResult{held: st.held, kind: "bad_url", err: fmt.Errorf("request %s: %w", u, err)}
	}
	// A request cut by its deadline fails with context.Canceled; say timeout.
	if st.err != nil && parent.Err() == nil && errors.Is(context.Cause(ctx), errFetchTimeout) {
		st.err = fmt.Errorf("%w: %w", context.DeadlineExceeded, st.err)
	}
	return c.result(source, u, st)
}

// result turns what the collector's callbacks and the transport recorded
// into a fetch result.
func (c *Crawler) result(source, u string, st *fetchState) (res fetchResult) {
	res.held = st.held
	if st.headers {
		if st.hops == 1 {
			// colly re-serialises the URL (WHATWG rules: a query's
			// non-ASCII and ' are percent-encoded); without a redirect the
			// page is still the URL that was asked for.
			st.page.finalURL = u
		}
		res.page = zhwatch.Page{
			Source:    source,
			URL:       u,
			FinalURL:  st.page.finalURL,
			Status:    st.page.status,
			Header:    st.page.header,
			FetchedAt: st.fetchedAt,
		}
	}
	switch {
	case st.media:
		res.media = true
		return res
	case errors.Is(st.err, errMemoryWait):
		res.kind, res.err = "cancelled", fmt.Errorf("read %s: %w", u, st.err)
		return res
	case st.err != nil && !st.headers:
		kind, retry := classify(st.err)
		res.kind, res.retryable, res.err = kind, retry, fmt.Errorf("fetch %s: %w", u, st.err)
		return res
	case st.err != nil || !st.responded:
		err := st.err
		if err == nil {
			err = io.ErrUnexpectedEOF // not expected: colly ends every fetch in OnResponse or OnError
		}
		kind, retry := classify(err)
		res.kind, res.retryable, res.err = kind, retry, fmt.Errorf("read %s: %w", u, err)
		return res
	}
	body := st.raw
	if keep := int64(len(body)) + 1; st.grow != nil && keep < res.held {
		// Hold what the page takes, not the advance; a body in a buffer
		// larger than that is copied out, so the rest is really free.
		if int64(cap(body)) > keep {
			body = bytes.Clone(body)
		}
		c.mem.release(res.held - keep)
		res.held = keep
	}
	if body == nil {
		body = []byte{}
	}
	if int64(len(body)) > st.limit {
		body = body[:st.limit]
		res.truncated = true
		res.page.Header.Set(truncatedHeader, fmt.Sprint(st.limit))
	}
	res.page.Body = body
	return res
}

// conditional holds the validators of a stored page.
type conditional struct {
	etag, lastModified string
	pageID             int64
	sha256             string
}

// classify names a transport or body error and says whether trying again
// later can help.
func classify(err error) (kind string, retryable bool) {
	var netErr net.Error
	var corrupt flate.CorruptInputError
	switch {
	case errors.Is(err, ErrRedirectLoop):
		return "redirect_loop", false
	case errors.Is(err, ErrTooManyRedirects):
		return "too_many_redirects", false
	case errors.Is(err, ErrOffsiteRedirect):
		return "offsite_redirect", false
	case errors.Is(err, ErrForbiddenAddress):
		return "forbidden_address", false
	case errors.Is(err, netguard.ErrNoScope):
		return "no_scope", false
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &corrupt):
		return "bad_encoding", false
	case errors.Is(err, context.Canceled):
		return "cancelled", false
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout", true
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNRESET), errors.Is(err, io.EOF),
		errors.Is(err, syscall.EPIPE):
		return "connection_cut", true
	case errors.Is(err, syscall.ECONNREFUSED):
		return "refused", true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return "dns", !dnsErr.IsNotFound
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "malformed") {
		return "bad_response", true
	}
	return "network", true
}

// isMedia reports content types never worth reading for text.
func isMedia(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		return false
	}
	for _, prefix := range []string{"image/", "audio/", "video/", "font/"} {
		if strings.HasPrefix(mt, prefix) {
			return true
		}
	}
	return false
}

// looksLikeFeed reports whether a body is XML that may be a feed or sitemap.
func looksLikeFeed(body []byte) bool {
	head := bytes.TrimSpace(body[:min(len(body), 512)])
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	for _, p := range []string{"<?xml", "<rss", "<feed", "<urlset", "<sitemapindex"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return false
}
