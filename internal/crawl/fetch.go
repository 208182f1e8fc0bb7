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

// newClient is the crawler's one HTTP client: every request it sends, and
// every redirect it follows, is checked against the request's scope, and
// every connection against the address policy.
func newClient(o Options) *http.Client {
	dialer := &net.Dialer{Timeout: o.ConnectTimeout, KeepAlive: 30 * time.Second}
	t := &http.Transport{
		TLSHandshakeTimeout:   o.ConnectTimeout,
		ResponseHeaderTimeout: o.HeaderTimeout,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	g := o.Network
	return g.Client(t, dialer, 0)
}

// fetch GETs u with the source's limits; cond, if set, makes it conditional.
// reserved bytes of the memory budget were taken for it by the caller;
// res.held says how many the caller must release once the page is handled.
func (c *Crawler) fetch(ctx context.Context, source, u string, lim *fetchLimits, cond *conditional, reserved int64) (res fetchResult) {
	res.held = reserved
	parent := ctx
	ctx, dl := newDeadline(ctx, lim.timeout)
	defer dl.stop()
	ctx = netguard.WithScope(ctx, &lim.scope)
	// A request cut by its deadline fails with context.Canceled; say timeout.
	timedOut := func(err error) error {
		if parent.Err() == nil && errors.Is(context.Cause(ctx), errFetchTimeout) {
			return fmt.Errorf("%w: %w", context.DeadlineExceeded, err)
		}
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		res.kind, res.err = "bad_url", fmt.Errorf("request %s: %w", u, err)
		return res
	}
	req.Header.Set("User-Agent", c.opts.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
	req.Header.Set("Accept-Language", "zh-CN,zh;q=0.9,en;q=0.5")
	if cond != nil {
		if cond.etag != "" {
			req.Header.Set("If-None-Match", cond.etag)
		}
		if cond.lastModified != "" {
			req.Header.Set("If-Modified-Since", cond.lastModified)
		}
	}
	fetchedAt := c.now().UTC()
	resp, err := c.client.Do(req)
	if err != nil {
		err = timedOut(err)
		kind, retry := classify(err)
		res.kind, res.retryable, res.err = kind, retry, fmt.Errorf("fetch %s: %w", u, err)
		return res
	}
	defer resp.Body.Close()
	res.page = zhwatch.Page{
		Source:    source,
		URL:       u,
		FinalURL:  resp.Request.URL.String(),
		Status:    resp.StatusCode,
		Header:    resp.Header.Clone(),
		FetchedAt: fetchedAt,
	}
	if isMedia(resp.Header.Get("Content-Type")) {
		res.media = true
		return res
	}
	grow := func(want int64) (int64, error) { return c.mem.grow(parent, res.held, want, dl) }
	if cl := resp.ContentLength; cl > res.held && cl <= lim.maxBody {
		// Declared larger than the advance: reserve it all before reading.
		if res.held, err = grow(cl + 1); err != nil {
			res.held = 0 // grow gave the advance back
			res.kind, res.err = "cancelled", fmt.Errorf("wait for memory for %s: %w", u, err)
			return res
		}
	}
	body, held, err := readBody(resp.Body, lim.maxBody, res.held, grow)
	res.held = held
	if keep := int64(len(body)) + 1; err == nil && keep < res.held {
		// Hold what the page takes, not the advance: a small body is copied
		// out of the advance-sized buffer so the rest is really free.
		body = bytes.Clone(body)
		c.mem.release(res.held - keep)
		res.held = keep
	}
	if err != nil {
		err = timedOut(err)
		kind, retry := classify(err)
		res.kind, res.retryable, res.err = kind, retry, fmt.Errorf("read %s: %w", u, err)
		return res
	}
	if int64(len(body)) > lim.maxBody {
		body = body[:lim.maxBody]
		res.truncated = true
		res.page.Header.Set(truncatedHeader, fmt.Sprint(lim.maxBody))
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
