package crawl

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/netguard"
)

// TestCollectorIsConfiguredOnlyByZhwatch: the collector is synchronous,
// revisits, hands every status to OnResponse, leaves robots.txt to
// zhwatch, does not guess charsets and reads one byte past the cap —
// whatever COLLY_* variables the environment holds (colly.NewCollector
// would apply them over the options).
func TestCollectorIsConfiguredOnlyByZhwatch(t *testing.T) {
	for k, v := range map[string]string{
		"COLLY_ASYNC": "y", "COLLY_ALLOW_URL_REVISIT": "n", "COLLY_IGNORE_ROBOTSTXT": "n",
		"COLLY_DETECT_CHARSET": "y", "COLLY_MAX_BODY_SIZE": "10", "COLLY_CACHE_DIR": t.TempDir(),
		"COLLY_USER_AGENT": "colly-env", "COLLY_PARSE_HTTP_ERROR_RESPONSE": "n",
	} {
		t.Setenv(k, v)
	}
	c := New(testOptions(), nil, nil)
	scope := &netguard.Scope{Allowed: func(*url.URL) bool { return true }}
	col := c.newCollector(context.Background(), scope, 1000)
	if col.Async || !col.AllowURLRevisit || !col.IgnoreRobotsTxt || col.DetectCharset ||
		!col.ParseHTTPErrorResponse || col.CacheDir != "" || col.MaxBodySize != 1001 || col.UserAgent != agent {
		t.Errorf("collector: async %v, revisit %v, ignore robots %v, detect charset %v, parse errors %v, cache %q, max body %d, agent %q",
			col.Async, col.AllowURLRevisit, col.IgnoreRobotsTxt, col.DetectCharset, col.ParseHTTPErrorResponse,
			col.CacheDir, col.MaxBodySize, col.UserAgent)
	}
}

// TestRequestHeadersAsZhwatchSendsThem: the server sees zhwatch's user
// agent, conditional headers and, on a link found in this run, the page it
// was found on as Referer; never the id that ties a request to its fetch
// state, and no cookie (there is no cookie jar).
func TestRequestHeadersAsZhwatchSendsThem(t *testing.T) {
	t.Setenv("COLLY_USER_AGENT", "colly-env")
	s := newSite(t)
	var mu sync.Mutex
	var seen []http.Header
	record := func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Clone())
		mu.Unlock()
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "1", Path: "/"})
	}
	s.handle("/index.html", func(w http.ResponseWriter, r *http.Request) {
		record(w, r)
		w.Header().Set("ETag", `"list-1"`)
		if r.Header.Get("If-None-Match") == `"list-1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		htmlPage(`<a href="/news/a">a</a>`, "utf-8")(w, r)
	})
	s.handle("/news/a", func(w http.ResponseWriter, r *http.Request) {
		record(w, r)
		htmlPage("<p>甲</p>", "utf-8")(w, r)
	})
	e := newEnv(t, testOptions())
	for range 2 {
		if _, err := e.crawl(s.source("/index.html")); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 {
		t.Fatalf("%d requests, want 3 (list, article, conditional list)", len(seen))
	}
	for i, h := range seen {
		if h.Get("User-Agent") != agent || h.Get(fetchIDHeader) != "" || h.Get("Cookie") != "" ||
			!strings.HasPrefix(h.Get("Accept-Language"), "zh-CN") {
			t.Errorf("request %d headers %v", i, h)
		}
	}
	if ref := []string{seen[0].Get("Referer"), seen[1].Get("Referer"), seen[2].Get("Referer")}; ref[0] != "" ||
		ref[1] != s.URL+"/index.html" || ref[2] != "" {
		t.Errorf("Referer of list, article, list: %q; want the list page on the article only", ref)
	}
	if got := seen[2].Get("If-None-Match"); got != `"list-1"` {
		t.Errorf("second run's list request: If-None-Match %q, want the stored ETag", got)
	}
}

// TestGzipFileStoredAsSent: a gzip file served without Content-Encoding
// (a sitemap.xml.gz), here one cut short, is kept as the server sent it;
// colly, which would decompress it outside any size cap (and fail on this
// one), is not let to.
func TestGzipFileStoredAsSent(t *testing.T) {
	var full bytes.Buffer
	zw := gzip.NewWriter(&full)
	zw.Write(bytes.Repeat([]byte("<urlset></urlset>"), 1<<16)) // ~1 MiB unpacked
	zw.Close()
	gz := bytes.NewBuffer(full.Bytes()[:full.Len()/2])
	s := newSite(t)
	s.handle("/sitemap.xml.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/x-gzip")
		w.Write(gz.Bytes())
	})
	e := newEnv(t, testOptions())
	src := s.source("/sitemap.xml.gz")
	src.MaxBodyBytes = 64 << 10
	if _, err := e.crawl(src); err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/sitemap.xml.gz")
	if len(got) != 1 || !bytes.Equal(got[0].Body, gz.Bytes()) || got[0].Header.Get(truncatedHeader) != "" {
		t.Errorf("stored %d pages; want one holding the %d gzip bytes as sent", len(got), gz.Len())
	}
}

// TestBodyCutAtTheCapWhateverCollySays: the transport stops reading at
// the cap even when the collector's own limit is off.
func TestBodyCutAtTheCapWhateverCollySays(t *testing.T) {
	s := newSite(t)
	s.handle("/big", htmlPage(strings.Repeat("x", 100_000), ""))
	c := New(testOptions(), nil, nil)
	lim := fetchLimits{timeout: 5 * time.Second, maxBody: 10_000,
		scope: netguard.Scope{Allowed: func(*url.URL) bool { return true }}}
	col := c.newCollector(context.Background(), &lim.scope, lim.maxBody)
	col.MaxBodySize = 0 // colly: no limit
	reserved, err := c.mem.reserve(context.Background(), advanceBytes)
	if err != nil {
		t.Fatal(err)
	}
	res := c.fetch(context.Background(), col, "test", s.URL+"/big", "", &lim, nil, reserved)
	defer c.mem.release(res.held)
	if res.err != nil || !res.truncated || len(res.page.Body) != 10_000 || res.held != 10_002 {
		t.Errorf("err %v, truncated %v, %d bytes, %d held; want cut at 10000 bytes, holding 10002",
			res.err, res.truncated, len(res.page.Body), res.held)
	}
}

// TestCollectorSendsNothingOutsideFetch: a request not made through
// Crawler.fetch (no deadline, no budget) is refused by the transport.
func TestCollectorSendsNothingOutsideFetch(t *testing.T) {
	s := newSite(t)
	s.handle("/", htmlPage("<p>x</p>", "utf-8"))
	c := New(testOptions(), nil, nil)
	scope := &netguard.Scope{Allowed: func(*url.URL) bool { return true }}
	col := c.newCollector(context.Background(), scope, 1000)
	err := col.Visit(s.URL + "/")
	if !errors.Is(err, errNoFetch) || s.all() != 0 {
		t.Errorf("Visit: %v, %d requests; want errNoFetch and none sent", err, s.all())
	}
}

// TestURLKeptWhenCollyReencodesIt: colly percent-encodes a query's
// non-ASCII characters before sending; the page is still stored under the
// URL that was asked for, and its article found there.
func TestURLKeptWhenCollyReencodesIt(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(`<a href="/news/a?q=中文&amp;k='x'">a</a>`, "utf-8"))
	s.handle("/news/a", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("q") != "中文" {
			http.NotFound(w, r)
			return
		}
		htmlPage("<p>甲</p>", "utf-8")(w, r)
	})
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	u := s.URL + "/news/a?k='x'&q=中文"
	got := e.pages(u)
	if len(got) != 1 || got[0].FinalURL != u || got[0].Status != http.StatusOK {
		t.Fatalf("%s: %+v; want one page, final URL as asked", u, got)
	}
	if _, ok := e.article(u); !ok {
		t.Errorf("%s: no article", u)
	}
}
