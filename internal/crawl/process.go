package crawl

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// process fetches one item and deals with the outcome. Every path ends in
// done (the item leaves the frontier), retry, or finished without done (the
// item stays queued for a later run).
func (r *run) process(it *item) {
	u, err := url.Parse(it.URL)
	if err != nil {
		r.count.fail("bad_url")
		r.done(it)
		return
	}
	if r.backingOff(it) {
		r.count.backedOff()
		r.finished() // stays queued for the run it waits for
		return
	}
	gate := r.c.hosts.gate(u.Host, r.src.Parallelism, r.src.Delay)
	if !r.src.IgnoreRobots {
		v, err := r.c.robotsRules(r.ctx, origin(u), gate, r.lim.scope)
		if err != nil { // cancelled
			r.finished()
			return
		}
		if v.unreachable { // disallowed until robots.txt can be read: keep it for a later run
			r.count.fail("robots_unreachable")
			if it.Kind == kindSeed {
				r.seedFailed(it.URL, errRobotsUnreachable)
			}
			r.finished()
			return
		}
		group := v.group
		if group.CrawlDelay > 0 {
			gate.tighten(0, group.CrawlDelay)
		}
		if !group.Test(u.RequestURI()) {
			r.count.blocked()
			r.done(it)
			return
		}
	}

	cond, skip, err := r.conditional(it)
	if err != nil {
		r.count.fail("store")
		r.log.Error("look up last fetch", "url", it.URL, "err", err)
		r.finished() // stays queued
		return
	}
	if skip {
		r.count.skipped()
		r.done(it)
		return
	}
	if until := gate.pausedUntil(); until.Sub(r.c.now()) > r.c.opts.MaxRetryAfter {
		// The host asked for a long pause (Retry-After): leave the URL to a later run.
		it.NotBefore = until
		r.writer.retry(it.FrontierItem)
		r.count.fail("host_paused")
		r.finished()
		return
	}
	if !r.takeFetch() {
		r.finished()
		return
	}
	// Memory first, then the host: waiting for memory holds no host slot,
	// and no request is sent (no timeout runs) until its body can be held.
	reserved, err := r.c.mem.reserve(r.ctx, min(advanceBytes, r.lim.maxBody+1))
	if err != nil {
		r.finished()
		return
	}
	if err := gate.acquire(r.ctx); err != nil {
		r.c.mem.release(reserved)
		r.finished()
		return
	}
	start := time.Now()
	res := r.c.fetch(r.ctx, r.col, r.src.Name, it.URL, it.referer, &r.lim, cond, reserved)
	gate.release()
	// The body is freed once handled (stored, extracted); the store stage
	// takes the reservation over, setting res.held to 0.
	defer func() { r.c.mem.release(res.held) }()
	r.count.fetched(res.page.Status, time.Since(start))
	r.handle(it, &res, cond, gate)
}

// conditional decides whether a stored URL is fetched again, and with
// which validators. Articles already stored are skipped unless the recrawl
// policy asks for a check; list pages, feeds and seeds are always fetched,
// conditionally when a version is stored.
func (r *run) conditional(it *item) (cond *conditional, skip bool, err error) {
	lf := it.known
	if !it.checked {
		got, err := r.c.state.LastFetch(r.ctx, it.URL)
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return nil, false, err
		default:
			lf = &got
		}
	}
	if lf == nil {
		return nil, false, nil
	}
	if it.Kind == kindArticle {
		if !lf.Article {
			return nil, false, nil // page stored but not its article (a crash in between)
		}
		if !r.recheck(lf) {
			return nil, true, nil
		}
	}
	return &conditional{etag: lf.ETag, lastModified: lf.LastModified, pageID: lf.PageID, sha256: lf.SHA256}, false, nil
}

// recheck applies the source's recrawl policy to a stored article: fetch it
// again if it was published within the window and last fetched at least
// RecrawlEvery ago.
func (r *run) recheck(lf *store.LastFetch) bool {
	window, every := r.src.RecrawlWindow, r.src.RecrawlEvery
	if window <= 0 || lf.PublishedAt == "" {
		return false
	}
	published, ok := zhwatch.Article{PublishedAt: lf.PublishedAt}.Published()
	now := r.c.now()
	return ok && now.Sub(published) < window && now.Sub(lf.FetchedAt) >= every
}

// handle deals with a fetch result.
func (r *run) handle(it *item, res *fetchResult, cond *conditional, gate *hostGate) {
	status := res.page.Status
	switch {
	case res.kind == "cancelled" || (res.err != nil && r.ctx.Err() != nil):
		r.finished() // stays queued
	case res.err != nil:
		if res.retryable && r.retry(it, r.backoff(it), res.kind) {
			return
		}
		r.giveUp(it, res.kind, res.err)
	case status == http.StatusNotModified && cond != nil:
		r.notModified(it, res, cond)
	case retryStatus(status):
		wait, ok := time.Duration(0), false
		if status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable {
			wait, ok = retryAfter(res.page.Header, r.c.now())
		}
		if ok {
			gate.pause(r.c.now().Add(wait))
		} else {
			wait = r.backoff(it)
		}
		if r.retry(it, wait, httpKind(status)) {
			return
		}
		r.save(it, res.page, false)
		r.giveUp(it, httpKind(status), nil)
	case status < 200 || status > 299:
		r.save(it, res.page, false)
		r.count.fail(httpKind(status))
		r.failed(it, httpKind(status))
		if it.Kind == kindSeed {
			r.seedFailed(it.URL, errors.New(http.StatusText(status)))
		}
		r.done(it)
	default:
		r.ok(it, res, cond)
	}
}

func (r *run) backoff(it *item) time.Duration {
	return backoff(r.c.opts.RetryBase, r.c.opts.RetryCeiling, it.Attempts+1)
}

func (r *run) giveUp(it *item, kind string, err error) {
	r.count.fail(kind)
	r.failed(it, kind)
	if err != nil {
		r.log.Warn("fetch failed", "url", it.URL, "kind", kind, "attempts", it.Attempts+1, "err", err)
		if it.Kind == kindSeed {
			r.seedFailed(it.URL, err)
		}
	}
	r.done(it)
}

// notModified keeps a 304 as a fetch and follows the links of the stored
// version, so an unchanged list page still leads to its other pages.
func (r *run) notModified(it *item, res *fetchResult, cond *conditional) {
	r.count.notModified()
	r.succeeded(it)
	r.save(it, res.page, false)
	if it.Kind != kindArticle {
		stored, err := r.c.state.Page(r.ctx, cond.pageID)
		if err != nil {
			r.count.fail("store")
			r.log.Error("read stored page", "url", it.URL, "page", cond.pageID, "err", err)
			r.finished() // stays queued
			return
		}
		r.discover(it, stored)
	}
	r.done(it)
}

// ok handles a 2xx answer.
func (r *run) ok(it *item, res *fetchResult, cond *conditional) {
	p := res.page
	r.succeeded(it)
	isArticle := it.Kind == kindArticle && r.src.Article.MatchString(p.FinalURL)
	switch {
	case res.media:
		r.save(it, p, false)
		if it.Kind == kindArticle {
			r.count.fail("not_html")
		}
		r.done(it)
		return
	case res.truncated:
		r.count.fail("too_large")
		isArticle = false // a cut article would be stored cut
	case isArticle && cond != nil && sha(p.Body) == cond.sha256:
		r.count.unchanged()
		r.done(it)
		return
	}
	if canon := r.discover(it, p); isArticle && canon != "" {
		isArticle = false // the article lives at its canonical URL, queued by discover
	}
	r.saveThenDone(it, p, isArticle, &res.held)
}

// save hands a page to the sink and counts the outcome.
func (r *run) save(it *item, p zhwatch.Page, isArticle bool) {
	created, err := r.c.sink.SavePage(context.WithoutCancel(r.ctx), p, isArticle)
	if err == nil || !errors.Is(err, context.Canceled) {
		r.count.page()
	}
	switch {
	case errors.Is(err, zhwatch.ErrNotHTML):
		r.count.fail("not_html")
	case err != nil:
		kind := saveErrorKind(err)
		r.count.fail(kind)
		r.log.Warn("save page", "url", p.FinalURL, "kind", kind, "err", err)
	case !isArticle:
	case created:
		r.count.created()
	default:
		r.count.updated()
	}
}

// saveErrorKind says what failed when a fetched page was handed to the
// sink: its HTML could not be parsed, no article could be extracted from
// it (the page itself is stored), or the store failed.
func saveErrorKind(err error) string {
	switch {
	case errors.Is(err, zhwatch.ErrUnparsable):
		return "parse"
	case errors.Is(err, zhwatch.ErrExtract):
		return "extract"
	default:
		return "store"
	}
}

func sha(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func httpKind(status int) string {
	switch {
	case status == http.StatusTooManyRequests:
		return "http_429"
	case status >= 500:
		return "http_5xx"
	case status >= 400:
		return "http_4xx"
	default:
		return "http_other"
	}
}
