package crawl

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// titleExtractor stands in for the extractor: the page's <p> text is the
// body, its URL the title.
type titleExtractor struct{}

func (titleExtractor) Extract(p zhwatch.Page) (zhwatch.Article, error) {
	m := paragraph.FindSubmatch(p.Body)
	if m == nil {
		return zhwatch.Article{}, errors.New("no paragraph")
	}
	return zhwatch.Article{Title: p.FinalURL, Body: string(m[1]), PublishedAt: "2026-09-11"}, nil
}

func TestTryGivesEveryLinkItsVerdict(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nCrawl-delay: 1\nDisallow: /private/\n"))
	})
	s.handle("/index.html", htmlPage(`<html><body>
		<a href="/news/1.html">one</a>
		<a href="news/2.html">two</a>
		<a href="/private/news/3.html">robots</a>
		<a href="/more.html">list</a>
		<a href="https://elsewhere.example/news/4.html">off host</a>
		<a href="/news/1.html#top">one again</a>
	</body></html>`, "utf-8"))
	s.handle("/list.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`[{"URL":"/news/5.html","TITLE":"五","DATE":"2026-09-10"}]`))
	})
	for _, p := range []string{"/news/1.html", "/news/2.html", "/news/5.html"} {
		s.handle(p, htmlPage("<html><body><p>正文正文</p></body></html>", "utf-8"))
	}
	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	src.MaxDepth = 1
	src.JSONSeeds = []config.JSONSeed{{URL: s.URL + "/list.json", Link: "URL", Title: "TITLE", Date: "DATE"}}
	src.Delay = 10 * time.Millisecond

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	rep, err := e.c.Try(ctx, src, 2, titleExtractor{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Seeds) != 2 {
		t.Fatalf("%d seeds reported, want 2", len(rep.Seeds))
	}
	got := map[string]string{}
	for _, l := range rep.Seeds[0].Links {
		got[l.URL] = l.Verdict
	}
	want := map[string]string{
		s.URL + "/news/1.html":                  VerdictArticle,
		s.URL + "/news/2.html":                  VerdictArticle,
		s.URL + "/private/news/3.html":          VerdictRobots,
		s.URL + "/more.html":                    VerdictList,
		"https://elsewhere.example/news/4.html": VerdictOffHost,
	}
	if len(got) != len(want) {
		t.Errorf("links %v, want %v", got, want)
	}
	for u, v := range want {
		if got[u] != v {
			t.Errorf("%s: verdict %q, want %q", u, got[u], v)
		}
	}
	if j := rep.Seeds[1].Links; len(j) != 1 || j[0].Verdict != VerdictArticle || j[0].Title != "五" || j[0].Date != "2026-09-10" {
		t.Errorf("JSON seed links = %+v", j)
	}

	// --limit 2: the first two articles found, extracted; nothing stored.
	if len(rep.Articles) != 2 || rep.Articles[0].URL != s.URL+"/news/1.html" || rep.Articles[0].BodyChars != 4 || rep.Articles[0].Err != "" {
		t.Errorf("articles = %+v", rep.Articles)
	}
	if s.count("/news/5.html") != 0 || s.count("/private/news/3.html") != 0 || s.count("/more.html") != 0 {
		t.Error("fetched beyond the limit, a robots-blocked URL or a list page")
	}
	if n := e.articleCount(); n != 0 {
		t.Errorf("%d articles stored; try stores nothing", n)
	}

	// What throttles the host: robots.txt's Crawl-delay over the delay.
	if len(rep.Hosts) != 1 {
		t.Fatalf("hosts = %+v", rep.Hosts)
	}
	h := rep.Hosts[0]
	if h.CrawlDelay != time.Second || h.Effective() != time.Second || h.PerHour() != 3600 || h.RetryAfter != 0 {
		t.Errorf("throttle = %+v (effective %v, %d/h)", h, h.Effective(), h.PerHour())
	}
}

// A 503 with Retry-After is reported, and the host's other URLs are not
// fetched (nor waited for) during the trial.
func TestTryReportsRetryAfter(t *testing.T) {
	s := newSite(t)
	s.handle("/busy.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/1.html">one</a>`, "utf-8"))
	e := newEnv(t, testOptions())
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rep, err := e.c.Try(ctx, s.source("/busy.html", "/index.html"), 3, titleExtractor{})
	if err != nil {
		t.Fatal(err)
	}
	if b := rep.Seeds[0]; b.Status != http.StatusServiceUnavailable || b.Err == "" {
		t.Errorf("busy seed: status %d err %q", b.Status, b.Err)
	}
	if i := rep.Seeds[1]; !strings.Contains(i.Err, "Retry-After") || s.count("/index.html") != 0 {
		t.Errorf("second seed: %+v, fetched %d times; want it left alone", i, s.count("/index.html"))
	}
	if len(rep.Hosts) != 1 || rep.Hosts[0].RetryAfter != 2*time.Minute {
		t.Errorf("hosts = %+v, want Retry-After 2m", rep.Hosts)
	}
}

func TestLinkVerdictDepth(t *testing.T) {
	s := newSite(t)
	src := s.source()
	src.MaxDepth = 0
	if v := linkVerdict(src, s.URL+"/more.html", 1); v != VerdictDepth {
		t.Errorf("list link beyond max_depth 0: %q, want %q", v, VerdictDepth)
	}
	if v := linkVerdict(src, s.URL+"/news/1.html", 1); v != VerdictArticle {
		t.Errorf("article link beyond max_depth 0: %q, want %q (articles are fetched from every page)", v, VerdictArticle)
	}
}
