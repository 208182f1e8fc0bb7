package crawl

import (
	"errors"

	"github.com/gocolly/colly/v2"

	"github.com/zhwatch/zhwatch"
)

// attachPageSink stores every response, successful or not.
func attachPageSink(r *run) {
	r.col.OnResponse(func(resp *colly.Response) {
		r.save(resp)
	})
	r.col.OnError(func(resp *colly.Response, err error) {
		seed := resp.Ctx != nil && resp.Ctx.Get(ctxSeed) == "1"
		if resp.StatusCode > 0 {
			r.stats.fail(httpKind(resp.StatusCode))
			r.save(resp)
		} else {
			r.stats.fail("fetch")
		}
		u := resp.Request.URL.String()
		r.log("fetch", "url", u, "status", resp.StatusCode, "err", err)
		if seed {
			r.seedFailed(u, err)
		}
	})
}

func (r *run) save(resp *colly.Response) {
	p := r.page(resp)
	isArticle := resp.Ctx.Get(ctxSeed) != "1" && r.src.Article.MatchString(p.FinalURL)
	created, err := r.sink.SavePage(r.ctx, p, isArticle)
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		r.stats.add(&r.stats.pages)
	}
	switch {
	case errors.Is(err, zhwatch.ErrNotHTML):
		r.stats.fail("not_html")
		r.log("not an article page", "url", p.FinalURL, "content_type", p.ContentType())
	case err != nil:
		r.stats.fail("store")
		r.log("save page", "url", p.FinalURL, "err", err)
	case !isArticle || resp.StatusCode >= 300:
	case created:
		r.stats.add(&r.stats.created)
	default:
		r.stats.add(&r.stats.updated)
	}
}

func httpKind(status int) string {
	switch {
	case status >= 500:
		return "http_5xx"
	case status >= 400:
		return "http_4xx"
	default:
		return "http_other"
	}
}

// attachLinkFollower follows <a href> links on HTML pages.
func attachLinkFollower(r *run) {
	r.col.OnHTML("a[href]", func(e *colly.HTMLElement) {
		r.follow(e.Request, e.Attr("href"))
	})
}

// attachFeedReader follows the items of RSS/Atom feeds and the entries of
// sitemaps.
func attachFeedReader(r *run) {
	r.col.OnResponse(func(resp *colly.Response) {
		for _, link := range feedLinks(resp.Body) {
			r.follow(resp.Request, link)
		}
	})
}
