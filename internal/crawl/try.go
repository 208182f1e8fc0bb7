package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"time"

	"github.com/gocolly/colly/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/netguard"
)

// Verdicts on a link found by Try: what a crawl of the source would do with it.
const (
	VerdictArticle = "article"  // fetched and extracted
	VerdictList    = "list"     // followed to find more articles
	VerdictOffHost = "off-host" // its host is not in allowed_hosts
	VerdictRobots  = "robots"   // robots.txt disallows it
	VerdictDepth   = "too-deep" // not an article, and beyond max_depth
)

// TryLink is one link found on a seed.
type TryLink struct {
	URL, Verdict string
	Title, Date  string // from a JSON list, if it names them
}

// TrySeed is what fetching one seed gave.
type TrySeed struct {
	URL      string
	Status   int    // 0: no response
	Err      string // why there was no usable answer
	Links    []TryLink
	Repeated int // links already listed under an earlier seed, or seeds themselves
}

// TryArticle is one article fetched and extracted by Try.
type TryArticle struct {
	URL, Title, Date string
	BodyChars        int // characters of extracted text
	Err              string
}

// HostThrottle is what limits the requests to one host.
type HostThrottle struct {
	Host        string
	Delay       time.Duration // the source's delay
	CrawlDelay  time.Duration // robots.txt Crawl-delay; 0 if none
	RetryAfter  time.Duration // longest Retry-After seen in the answers; 0 if none
	Parallelism int
}

// Effective is the pause between two requests to the host.
func (h HostThrottle) Effective() time.Duration { return max(h.Delay, h.CrawlDelay) }

// PerHour is how many requests an hour the pause allows; 0 means no limit.
func (h HostThrottle) PerHour() int {
	if d := h.Effective(); d > 0 {
		return int(time.Hour / d)
	}
	return 0
}

// TryReport is the outcome of Try.
type TryReport struct {
	Source   string
	Seeds    []TrySeed
	Articles []TryArticle
	Hosts    []HostThrottle
}

// Extractor turns a fetched page into an article (extract.Extractor).
type Extractor interface {
	Extract(p zhwatch.Page) (zhwatch.Article, error)
}

// Try fetches the source's seeds as a crawl would (robots.txt, delay and
// Crawl-delay obeyed), gives each link found its verdict, then fetches and
// extracts up to limit of the articles. It stores nothing.
func (c *Crawler) Try(ctx context.Context, src *config.Source, limit int, ex Extractor) (*TryReport, error) {
	t := &trial{c: c, src: src, ex: ex, hosts: map[string]*HostThrottle{}, seen: map[string]bool{},
		lim: fetchLimits{timeout: src.Timeout, maxBody: src.MaxBodyBytes}}
	t.lim.scope = netguard.Scope{Allowed: t.allowed, MaxRedirects: c.opts.MaxRedirects}
	if t.lim.timeout <= 0 {
		t.lim.timeout = config.DefaultCrawl.Timeout
	}
	if t.lim.maxBody <= 0 {
		t.lim.maxBody = config.DefaultCrawl.MaxBodyBytes
	}
	t.col = c.newCollector(ctx, &t.lim.scope, t.lim.maxBody)
	rep := &TryReport{Source: src.Name}
	for _, s := range src.AllSeeds() { // queued already, as in a crawl
		if cu, err := Canonical(nil, s); err == nil {
			t.seen[cu.String()] = true
		}
	}
	var articles []TryLink
	for _, s := range src.AllSeeds() {
		seed := t.seed(ctx, s)
		for _, l := range seed.Links {
			if l.Verdict == VerdictArticle {
				articles = append(articles, l)
			}
		}
		rep.Seeds = append(rep.Seeds, seed)
		if err := ctx.Err(); err != nil {
			return rep, err
		}
	}
	for _, l := range articles[:min(limit, len(articles))] {
		rep.Articles = append(rep.Articles, t.article(ctx, l))
		if err := ctx.Err(); err != nil {
			return rep, err
		}
	}
	for _, h := range t.hosts {
		rep.Hosts = append(rep.Hosts, *h)
	}
	sort.Slice(rep.Hosts, func(i, j int) bool { return rep.Hosts[i].Host < rep.Hosts[j].Host })
	return rep, nil
}

// trial is one Try.
type trial struct {
	c     *Crawler
	src   *config.Source
	ex    Extractor
	lim   fetchLimits
	col   *colly.Collector
	hosts map[string]*HostThrottle
	seen  map[string]bool
}

func (t *trial) allowed(u *url.URL) bool { return netguard.HostAllowed(t.src.AllowedHosts, u) }

// get fetches u politely: robots.txt first, then through the host's gate.
// blocked reports a URL robots.txt disallows (nothing is fetched).
func (t *trial) get(ctx context.Context, u string) (res fetchResult, blocked bool) {
	pu, err := url.Parse(u)
	if err != nil {
		return fetchResult{kind: "bad_url", err: err}, false
	}
	gate := t.c.hosts.gate(pu.Host, t.src.Parallelism, t.src.Delay)
	th := t.throttle(pu.Host)
	if !t.src.IgnoreRobots {
		v, err := t.c.robotsRules(ctx, origin(pu), gate, t.lim.scope)
		if err != nil {
			return fetchResult{kind: "cancelled", err: err}, false
		}
		if v.unreachable {
			return fetchResult{kind: "robots_unreachable", err: errRobotsUnreachable}, false
		}
		group := v.group
		if group.CrawlDelay > 0 {
			gate.tighten(0, group.CrawlDelay)
			th.CrawlDelay = max(th.CrawlDelay, group.CrawlDelay)
		}
		if !group.Test(pu.RequestURI()) {
			return fetchResult{}, true
		}
	}
	if until := gate.pausedUntil(); until.After(t.c.now()) {
		// A crawl would leave the URL for later; a trial says so instead of waiting.
		return fetchResult{kind: "host_paused", err: fmt.Errorf("not fetched: %s asked to wait until %s (Retry-After)",
			pu.Host, until.Format(time.RFC3339))}, false
	}
	reserved, err := t.c.mem.reserve(ctx, min(advanceBytes, t.lim.maxBody+1))
	if err != nil {
		return fetchResult{kind: "cancelled", err: err}, false
	}
	if err := gate.acquire(ctx); err != nil {
		t.c.mem.release(reserved)
		return fetchResult{kind: "cancelled", err: err}, false
	}
	res = t.c.fetch(ctx, t.col, t.src.Name, u, "", &t.lim, nil, reserved)
	gate.release()
	// A trial handles one page at a time and keeps none: its bytes need
	// not count against the crawl-wide budget once fetched.
	t.c.mem.release(res.held)
	if s := res.page.Status; s == http.StatusTooManyRequests || s == http.StatusServiceUnavailable {
		if wait, ok := retryAfter(res.page.Header, t.c.now()); ok {
			gate.pause(t.c.now().Add(wait))
			th.RetryAfter = max(th.RetryAfter, wait)
		}
	}
	return res, false
}

func (t *trial) throttle(host string) *HostThrottle {
	h := t.hosts[host]
	if h == nil {
		h = &HostThrottle{Host: host, Delay: t.src.Delay, Parallelism: max(t.src.Parallelism, 1)}
		t.hosts[host] = h
	}
	return h
}

// seed fetches one seed and judges its links.
func (t *trial) seed(ctx context.Context, raw string) TrySeed {
	out := TrySeed{URL: raw}
	cu, err := Canonical(nil, raw)
	if err != nil {
		out.Err = err.Error()
		return out
	}
	u := cu.String()
	res, blocked := t.get(ctx, u)
	switch {
	case blocked:
		out.Err = "disallowed by robots.txt"
		return out
	case res.err != nil:
		out.Err = res.err.Error()
		return out
	}
	out.Status = res.page.Status
	if out.Status < 200 || out.Status > 299 {
		out.Err = http.StatusText(out.Status)
		return out
	}
	for _, l := range t.links(u, res.page) {
		if t.seen[l.URL] {
			out.Repeated++
			continue
		}
		t.seen[l.URL] = true
		l.Verdict = t.verdict(ctx, l.URL)
		out.Links = append(out.Links, l)
	}
	return out
}

// links returns the links of a fetched seed, resolved and canonical.
func (t *trial) links(seedURL string, p zhwatch.Page) []TryLink {
	base, err := url.Parse(p.FinalURL)
	if err != nil {
		return nil
	}
	var found []TryLink
	if seed, ok := (&run{src: t.src}).jsonSeed(seedURL); ok {
		for _, e := range JSONEntries(p.Body, seed) {
			found = append(found, TryLink{URL: e.Link, Title: e.Title, Date: e.Date})
		}
	} else if looksLikeFeed(p.Body) {
		for _, h := range feedLinks(p.Body) {
			found = append(found, TryLink{URL: h})
		}
	} else {
		links := htmlLinks(p.Body, t.c.opts.MaxLinksPerPage)
		if links.base != "" {
			if b, err := Canonical(base, links.base); err == nil {
				base = b
			}
		}
		for _, h := range append(links.hrefs, links.feeds...) {
			found = append(found, TryLink{URL: h})
		}
	}
	out := found[:0]
	for _, l := range found {
		cu, err := Canonical(base, l.URL)
		if err != nil {
			continue
		}
		l.URL = cu.String()
		out = append(out, l)
	}
	return out
}

// verdict is what a crawl would do with a link found on a seed (depth 1).
func (t *trial) verdict(ctx context.Context, u string) string {
	v := linkVerdict(t.src, u, 1)
	if v != VerdictArticle && v != VerdictList {
		return v
	}
	if t.src.IgnoreRobots {
		return v
	}
	pu, _ := url.Parse(u)
	gate := t.c.hosts.gate(pu.Host, t.src.Parallelism, t.src.Delay)
	v2, err := t.c.robotsRules(ctx, origin(pu), gate, t.lim.scope)
	if err == nil && (v2.unreachable || !v2.group.Test(pu.RequestURI())) {
		return VerdictRobots
	}
	return v
}

// linkVerdict applies the source's rules to a link at depth (robots.txt
// aside): the same rules consider applies during a crawl.
func linkVerdict(src *config.Source, u string, depth int) string {
	pu, err := url.Parse(u)
	if err != nil || !netguard.HostAllowed(src.AllowedHosts, pu) {
		return VerdictOffHost
	}
	switch {
	case src.Article.MatchString(u):
		return VerdictArticle
	case depth <= src.MaxDepth:
		return VerdictList
	default:
		return VerdictDepth
	}
}

// article fetches and extracts one article link.
func (t *trial) article(ctx context.Context, l TryLink) TryArticle {
	out := TryArticle{URL: l.URL}
	res, blocked := t.get(ctx, l.URL)
	switch {
	case blocked:
		out.Err = "disallowed by robots.txt"
	case res.err != nil:
		out.Err = res.err.Error()
	case res.page.Status < 200 || res.page.Status > 299:
		out.Err = fmt.Sprintf("HTTP %d", res.page.Status)
	default:
		a, err := t.ex.Extract(res.page)
		if err != nil {
			out.Err = err.Error()
			break
		}
		out.Title, out.Date, out.BodyChars = a.Title, a.PublishedAt, len([]rune(a.Body))
	}
	return out
}
