package crawl

import (
	"errors"
	"net/url"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// discover queues the links of a fetched page that the source wants and
// this run has not seen. For an article page whose rel=canonical names
// another URL on the same host, it queues that URL and returns it: the
// article is stored there, once.
func (r *run) discover(from *item, p zhwatch.Page) (canonical string) {
	base, err := url.Parse(p.FinalURL)
	if err != nil || len(p.Body) == 0 {
		return ""
	}
	var hrefs []string
	if links, ok := r.jsonLinks(from, p.Body); ok {
		hrefs = links
	} else if looksLikeFeed(p.Body) {
		hrefs = feedLinks(p.Body)
		if len(hrefs) > r.c.opts.MaxLinksPerPage {
			hrefs = hrefs[:r.c.opts.MaxLinksPerPage]
		}
	} else {
		links := htmlLinks(p.Body, r.c.opts.MaxLinksPerPage)
		if links.base != "" {
			if b, err := Canonical(base, links.base); err == nil {
				base = b
			}
		}
		hrefs = append(links.hrefs, links.feeds...)
		if from.Kind == kindArticle && links.canonical != "" {
			canonical = r.canonicalOf(from, base, links.canonical)
		}
	}
	var found []store.FrontierItem
	var queue []*item
	add := func(it *item) {
		it.referer = p.FinalURL
		found = append(found, it.FrontierItem)
		queue = append(queue, it)
	}
	if canonical != "" {
		if it := r.consider(from, canonical, true); it != nil {
			add(it)
		}
	}
	for _, href := range hrefs {
		cu, err := Canonical(base, href)
		if err != nil { // javascript:, mailto:, data:, malformed
			continue
		}
		if it := r.consider(from, cu.String(), false); it != nil {
			add(it)
		}
	}
	// Into the frontier writer before any worker can take them: a worker
	// settling an item (done) before its add was queued would leave the
	// add to be written after the removal, and the item queued for ever.
	r.writer.add(found...)
	for _, it := range queue {
		r.push(it)
	}
	return canonical
}

// canonicalOf returns the page's rel=canonical URL when it is on the same
// host and differs from the URL fetched, else "".
func (r *run) canonicalOf(from *item, base *url.URL, href string) string {
	cu, err := Canonical(base, href)
	if err != nil || cu.Host != base.Host {
		return ""
	}
	c := cu.String()
	if c == from.URL || !r.src.Article.MatchString(c) {
		return ""
	}
	fin, err := Canonical(nil, base.String())
	if err == nil && fin.String() == c {
		return "" // the redirect target is the canonical URL
	}
	return c
}

// consider returns a new frontier item for a link, or nil if the source
// does not want it, this run has seen it, or it is an article already
// stored that the recrawl policy does not re-check.
func (r *run) consider(from *item, u string, isCanonical bool) *item {
	if len(u) > r.c.opts.MaxURLLength {
		r.count.dropped("url_too_long")
		return nil
	}
	v := linkVerdict(r.src, u, from.Depth+1)
	if v == VerdictOffHost {
		return nil
	}
	it := &item{FrontierItem: store.FrontierItem{Source: r.src.Name, URL: u, Depth: from.Depth + 1}}
	switch {
	case isCanonical:
		it.Kind, it.Depth = kindArticle, from.Depth
	case v == VerdictArticle:
		it.Kind = kindArticle
	case v == VerdictList:
		it.Kind = kindList
	default:
		return nil
	}
	if !r.firstSight(u) {
		return nil
	}
	if it.Kind != kindArticle {
		return it
	}
	lf, err := r.c.state.LastFetch(r.ctx, u)
	switch {
	case errors.Is(err, store.ErrNotFound):
		it.checked = true
	case err != nil: // looked up again when processed
	default:
		it.known, it.checked = &lf, true
		if lf.Article && !r.recheck(&lf) {
			r.count.skipped()
			return nil
		}
	}
	return it
}
