package crawl

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// memSink records what the crawler hands over.
type memSink struct {
	mu       sync.Mutex
	pages    []zhwatch.Page
	articles map[string]bool
}

func (s *memSink) SavePage(_ context.Context, p zhwatch.Page, isArticle bool) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.pages = append(s.pages, p)
	if !isArticle || p.Status != 200 {
		return false, nil
	}
	if strings.HasSuffix(p.FinalURL, ".pdf") {
		return false, zhwatch.ErrNotHTML
	}
	if s.articles == nil {
		s.articles = map[string]bool{}
	}
	created := !s.articles[p.FinalURL]
	s.articles[p.FinalURL] = true
	return created, nil
}

func (s *memSink) HasArticle(_ context.Context, u string) (bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.articles[u], nil
}

func (s *memSink) fetched(path string) []zhwatch.Page {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []zhwatch.Page
	for _, p := range s.pages {
		if u, _ := url.Parse(p.FinalURL); u.Path == path {
			out = append(out, p)
		}
	}
	return out
}

// testSite serves a list page, a feed, robots.txt and articles, and records
// every request path with its User-Agent.
type testSite struct {
	mu       sync.Mutex
	requests []string
	agents   []string
}

// gbkBody is 中文 in GBK.
var gbkBody = "<html><body><p>\xd6\xd0\xce\xc4</p></body></html>"

func (s *testSite) handler() http.Handler {
	mux := http.NewServeMux()
	page := func(body string, ct string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", ct)
			w.Write([]byte(body))
		}
	}
	mux.Handle("/robots.txt", page("User-agent: *\nDisallow: /admin/\n", "text/plain"))
	mux.Handle("/index.html", page(`<html><body>
		<a href="/news/1.html">one</a> <a href="news/2.html#comments">two</a>
		<a href="/admin/x.html">admin</a> <a href="http://other.example/news/9.html">off-host</a>
		<a href="javascript:void(0)">js</a> <a href="mailto:a@b.c">mail</a>
		<a href="/news/file.pdf">pdf</a> <a href="/list_2.html">next</a></body></html>`, "text/html"))
	mux.Handle("/list_2.html", page(`<a href="/news/3.html">three</a><a href="/list_3.html">deeper</a>`, "text/html"))
	mux.Handle("/list_3.html", page(`<a href="/news/5.html">too deep to matter</a>`, "text/html"))
	mux.Handle("/rss.xml", page(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
		<item><title>four</title><link>/news/4.html</link></item></channel></rss>`, "application/rss+xml"))
	mux.Handle("/news/1.html", page(gbkBody, "text/html; charset=gbk"))
	for _, p := range []string{"/news/2.html", "/news/3.html", "/news/4.html", "/news/5.html", "/admin/x.html"} {
		mux.Handle(p, page("<p>article</p>", "text/html; charset=utf-8"))
	}
	mux.Handle("/news/file.pdf", page("%PDF-1.4", "application/pdf"))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.URL.Path)
		s.agents = append(s.agents, r.UserAgent())
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	})
}

func (s *testSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, p := range s.requests {
		if p == path {
			n++
		}
	}
	return n
}

func testSource(base string) *config.Source {
	u, _ := url.Parse(base)
	return &config.Source{
		Name:         "test",
		Seeds:        []string{base + "/index.html", base + "/rss.xml"},
		AllowedHosts: []string{u.Host},
		Article:      regexp.MustCompile(`/news/[^/]+$`),
		Parallelism:  2,
		Timeout:      5 * time.Second,
		MaxBodyBytes: 1 << 20,
		MaxDepth:     1,
	}
}

const agent = "zhwatch-test/1.0"

func TestCrawlFollowsListsAndFeedsPolitely(t *testing.T) {
	site := &testSite{}
	srv := httptest.NewServer(site.handler())
	defer srv.Close()
	sink := &memSink{}
	c := New(Options{UserAgent: agent}, sink)
	stats := &Stats{}
	if err := c.Crawl(context.Background(), testSource(srv.URL), stats); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/news/1.html", "/news/2.html", "/news/3.html", "/news/4.html"} {
		if n := site.count(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
	}
	for _, p := range []string{"/admin/x.html", "/list_3.html", "/news/5.html"} {
		if n := site.count(p); n != 0 {
			t.Errorf("%s fetched %d times, want 0 (robots or depth)", p, n)
		}
	}
	for i, a := range site.agents {
		if a != agent {
			t.Errorf("request %s sent User-Agent %q", site.requests[i], a)
		}
	}
	snap := stats.Snapshot()
	if snap.Created != 4 || snap.Blocked != 1 || snap.Failures["not_html"] != 1 {
		t.Errorf("stats = %s; want 4 new articles, 1 robots-blocked, 1 not_html", snap)
	}
}

func TestRawBytesAndHeadersKept(t *testing.T) {
	srv := httptest.NewServer((&testSite{}).handler())
	defer srv.Close()
	sink := &memSink{}
	if err := New(Options{UserAgent: agent}, sink).Crawl(context.Background(), testSource(srv.URL), &Stats{}); err != nil {
		t.Fatal(err)
	}
	got := sink.fetched("/news/1.html")
	if len(got) != 1 {
		t.Fatalf("stored %d copies of /news/1.html", len(got))
	}
	p := got[0]
	if string(p.Body) != gbkBody {
		t.Errorf("body was re-encoded: %q", p.Body)
	}
	if ct := p.ContentType(); ct != "text/html; charset=gbk" {
		t.Errorf("Content-Type = %q, want the server's", ct)
	}
	if p.Status != 200 || p.FetchedAt.IsZero() || p.Source != "test" {
		t.Errorf("page = %+v", p)
	}
}

func TestSecondCrawlSkipsStoredArticles(t *testing.T) {
	site := &testSite{}
	srv := httptest.NewServer(site.handler())
	defer srv.Close()
	sink := &memSink{}
	c := New(Options{UserAgent: agent}, sink)
	for range 2 {
		if err := c.Crawl(context.Background(), testSource(srv.URL), &Stats{}); err != nil {
			t.Fatal(err)
		}
	}
	if n := site.count("/news/2.html"); n != 1 {
		t.Errorf("stored article fetched %d times over two crawls, want 1", n)
	}
	if n := site.count("/index.html"); n != 2 {
		t.Errorf("list page fetched %d times over two crawls, want 2", n)
	}
}

func TestUnreachableSeedIsAnError(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	base := srv.URL
	srv.Close() // nothing listens there now
	err := New(Options{UserAgent: agent}, &memSink{}).Crawl(context.Background(), testSource(base), &Stats{})
	if err == nil || !strings.Contains(err.Error(), "seed "+base+"/index.html") {
		t.Fatalf("err = %v; want it to name the seed", err)
	}
}

func TestSameSourceNeverRunsTwiceAtOnce(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/index.html" {
			<-release
		}
	}))
	defer srv.Close()
	c := New(Options{UserAgent: agent}, &memSink{})
	src := testSource(srv.URL)
	src.Seeds = src.Seeds[:1]
	done := make(chan error)
	go func() { done <- c.Crawl(context.Background(), src, &Stats{}) }()
	// Wait until the first crawl holds the source.
	for !slices.Contains(c.busy(), "test") {
		time.Sleep(time.Millisecond)
	}
	if err := c.Crawl(context.Background(), src, &Stats{}); !errors.Is(err, ErrAlreadyRunning) {
		t.Errorf("second crawl: err = %v, want ErrAlreadyRunning", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
}
