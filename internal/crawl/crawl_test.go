package crawl

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"
)

const agent = "zhwatch-test/1.0"

// gbkBody is 中文 in GBK.
var gbkBody = "<html><body><p>\xd6\xd0\xce\xc4</p></body></html>"

// newsSite serves a list page, a feed, robots.txt and articles.
func newsSite(t *testing.T) *site {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /admin/\n"))
	})
	s.handle("/index.html", htmlPage(`<html><body>
		<a href="/news/1.html">one</a> <a href="news/2.html#comments">two</a>
		<a href="/admin/x.html">admin</a> <a href="http://other.example/news/9.html">off-host</a>
		<a href="javascript:void(0)">js</a> <a href="mailto:a@b.c">mail</a> <a href="data:text/html,x">data</a>
		<a href="/news/file.pdf">pdf</a> <a href="/list_2.html">next</a></body></html>`, ""))
	s.handle("/list_2.html", htmlPage(`<a href="/news/3.html">three</a><a href="/list_3.html">deeper</a>`, ""))
	s.handle("/list_3.html", htmlPage(`<a href="/news/5.html">too deep to matter</a>`, ""))
	s.handle("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
		<item><title>four</title><link>/news/4.html</link></item></channel></rss>`))
	})
	s.handle("/news/1.html", htmlPage(gbkBody, "gbk"))
	for _, p := range []string{"/news/2.html", "/news/3.html", "/news/4.html", "/news/5.html", "/admin/x.html"} {
		s.handle(p, htmlPage("<p>article</p>", "utf-8"))
	}
	s.handle("/news/file.pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	return s
}

func TestCrawlFollowsListsAndFeedsPolitely(t *testing.T) {
	s := newsSite(t)
	e := newEnv(t, testOptions())
	src := s.source("/index.html", "/rss.xml")
	src.MaxDepth = 1
	snap, err := e.crawl(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/news/1.html", "/news/2.html", "/news/3.html", "/news/4.html"} {
		if n := s.count(p); n != 1 {
			t.Errorf("%s fetched %d times, want 1", p, n)
		}
		if _, ok := e.article(s.URL + p); !ok {
			t.Errorf("%s: no article stored", p)
		}
	}
	for _, p := range []string{"/admin/x.html", "/list_3.html", "/news/5.html"} {
		if n := s.count(p); n != 0 {
			t.Errorf("%s fetched %d times, want 0 (robots or depth)", p, n)
		}
	}
	if snap.Created != 4 || snap.Blocked != 1 || snap.Failures["not_html"] != 1 {
		t.Errorf("stats = %s; want 4 new articles, 1 robots-blocked, 1 not_html", snap)
	}
	if left := e.frontier("test"); len(left) != 0 {
		t.Errorf("frontier after a complete run: %v", left)
	}
}

func TestRawBytesAndHeadersKept(t *testing.T) {
	s := newsSite(t)
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/1.html")
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

func TestSecondCrawlSkipsStoredArticlesAndAsksListsConditionally(t *testing.T) {
	s := newSite(t)
	listMod := time.Date(2025, 8, 1, 0, 0, 0, 0, time.UTC)
	s.handle("/index.html", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "index.html", listMod, strings.NewReader(
			`<a href="/news/1.html">1</a><a href="/list_2.html">2</a>`))
	})
	s.handle("/list_2.html", func(w http.ResponseWriter, r *http.Request) {
		http.ServeContent(w, r, "list_2.html", listMod, strings.NewReader(`<a href="/news/2.html">2</a>`))
	})
	s.handle("/news/", htmlPage("<p>article</p>", "utf-8"))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/news/1.html", "/news/2.html"} {
		if n := s.count(p); n != 1 {
			t.Errorf("stored article %s fetched %d times over two crawls, want 1", p, n)
		}
	}
	if n := s.count("/list_2.html"); n != 2 {
		t.Errorf("list page behind an unchanged one fetched %d times, want 2 (reached from the stored copy)", n)
	}
	if snap.NotModified != 2 || snap.Skipped != 2 || snap.Created != 0 {
		t.Errorf("second run: %s; want 2 not modified, 2 skipped", snap)
	}
	versions := e.pages(s.URL + "/index.html")
	if len(versions) != 2 || versions[1].Status != http.StatusNotModified {
		t.Errorf("index versions %d, last status %d; want the 200 and the 304", len(versions), versions[len(versions)-1].Status)
	}
}

func TestUnreachableSeedIsAnError(t *testing.T) {
	s := newSite(t)
	src := s.source("/index.html")
	src.IgnoreRobots = true // robots.txt unreachable has its own test
	s.srv.Close()           // nothing listens there now
	e := newEnv(t, testOptions())
	_, err := e.crawl(src)
	if err == nil || !strings.Contains(err.Error(), "seed "+s.URL+"/index.html") {
		t.Fatalf("err = %v; want it to name the seed", err)
	}
	if left := e.frontier("test"); len(left) != 0 {
		t.Errorf("an unreachable seed is given up on after its retries, frontier = %v", left)
	}
}

// TestUnreachableRobotsDisallowsAll: RFC 9309 §2.3.1.4, a robots.txt that
// cannot be read (network error) means "disallow all"; the seed is not
// fetched, reported, and kept in the frontier for a later run.
func TestUnreachableRobotsDisallowsAll(t *testing.T) {
	s := newSite(t)
	src := s.source("/index.html")
	s.srv.Close()
	e := newEnv(t, testOptions())
	snap, err := e.crawl(src)
	if err == nil || !strings.Contains(err.Error(), "seed "+s.URL+"/index.html") || !strings.Contains(err.Error(), "robots.txt") {
		t.Fatalf("err = %v; want it to name the seed and robots.txt", err)
	}
	if snap.Failures["robots_unreachable"] != 1 {
		t.Errorf("stats %s; want robots_unreachable 1", snap)
	}
	if left := e.frontier("test"); len(left) != 1 {
		t.Errorf("frontier = %v; want the seed kept until robots.txt can be read", left)
	}
}

func TestSameSourceNeverRunsTwiceAtOnce(t *testing.T) {
	release := make(chan struct{})
	s := newSite(t)
	s.handle("/index.html", func(w http.ResponseWriter, r *http.Request) { <-release })
	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	done := make(chan error)
	go func() { done <- e.c.Crawl(context.Background(), src, &Stats{}) }()
	for !slices.Contains(e.c.busy(), "test") {
		time.Sleep(time.Millisecond)
	}
	if err := e.c.Crawl(context.Background(), src, &Stats{}); !errors.Is(err, ErrAlreadyRunning) {
		t.Errorf("second crawl: err = %v, want ErrAlreadyRunning", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Error(err)
	}
}
