package crawl

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// The hostile loopback server: one test per fault of issue 7, each checking
// what ends up in the store.

func TestCharsetLiesAndInvalidBytesAreStoredAsFetched(t *testing.T) {
	s := newSite(t)
	bodies := map[string]struct{ body, charset string }{
		"/news/utf8-as-gb2312.html": {"<p>美国出口管制</p>", "gb2312"},                // UTF-8 bytes, declared gb2312
		"/news/gbk-invalid.html":    {"<p>\xd6\xd0\xff\xfe\xce\xc4</p>", "gbk"}, // 中 <bad> 文
		"/news/big5-invalid.html":   {"<p>\xa4\xa4\x80\xa4\xe5</p>", "big5"},
		"/news/gb18030-cut.html":    {"<p>\x81\x30\x81</p>", "gb18030"}, // four-byte sequence cut short
	}
	index := ""
	for p, b := range bodies {
		s.handle(p, htmlPage(b.body, b.charset))
		index += fmt.Sprintf(`<a href="%s">x</a>`, p)
	}
	s.handle("/index.html", htmlPage(index, ""))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	for p, b := range bodies {
		got := e.pages(s.URL + p)
		if len(got) != 1 || string(got[0].Body) != b.body || got[0].ContentType() != "text/html; charset="+b.charset {
			t.Errorf("%s: stored %d pages; want one with the bytes and header as served", p, len(got))
		}
		if _, ok := e.article(s.URL + p); !ok {
			t.Errorf("%s: no article stored", p)
		}
	}
}

func TestServerErrorThenSuccessIsRetried(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	s.handle("/news/flaky.html", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			http.Error(w, "oops", http.StatusInternalServerError)
			return
		}
		htmlPage("<p>ok</p>", "utf-8")(w, r)
	})
	s.handle("/news/gone.html", http.NotFound)
	s.handle("/index.html", htmlPage(`<a href="/news/flaky.html">f</a><a href="/news/gone.html">g</a>`, ""))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := e.article(s.URL + "/news/flaky.html"); !ok || a.Body != "ok" {
		t.Errorf("500 then 200: article %+v stored=%v", a, ok)
	}
	if n := s.count("/news/flaky.html"); n != 2 {
		t.Errorf("500 then 200: %d requests, want 2", n)
	}
	if n := s.count("/news/gone.html"); n != 1 {
		t.Errorf("404 requested %d times; 4xx are not retried", n)
	}
	if got := e.pages(s.URL + "/news/gone.html"); len(got) != 1 || got[0].Status != 404 {
		t.Errorf("404 page not kept: %+v", got)
	}
	if snap.Retries != 1 || snap.Failures["http_4xx"] != 1 {
		t.Errorf("stats %s; want 1 retry and 1 http_4xx", snap)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	s := newSite(t)
	var first503, second503 time.Time
	var calls503, calls429 atomic.Int32
	s.handle("/news/busy.html", func(w http.ResponseWriter, r *http.Request) {
		if calls503.Add(1) == 1 {
			first503 = time.Now()
			w.Header().Set("Retry-After", "1")
			http.Error(w, "busy", http.StatusServiceUnavailable)
			return
		}
		second503 = time.Now()
		htmlPage("<p>done</p>", "utf-8")(w, r)
	})
	var first429, second429 time.Time
	s.handle("/news/slow-down.html", func(w http.ResponseWriter, r *http.Request) {
		if calls429.Add(1) == 1 {
			first429 = time.Now()
			w.Header().Set("Retry-After", time.Now().Add(2*time.Second).UTC().Format(http.TimeFormat))
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		second429 = time.Now()
		htmlPage("<p>done</p>", "utf-8")(w, r)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/busy.html">b</a>`, ""))
	s.handle("/index2.html", htmlPage(`<a href="/news/slow-down.html">s</a>`, ""))
	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	src.Parallelism = 1
	if _, err := e.crawl(src); err != nil {
		t.Fatal(err)
	}
	if gap := second503.Sub(first503); gap < 900*time.Millisecond {
		t.Errorf("503 Retry-After: 1 retried after %v", gap)
	}
	if _, ok := e.article(s.URL + "/news/busy.html"); !ok {
		t.Error("503 then 200: no article")
	}
	if _, err := e.crawl(s.source("/index2.html")); err != nil {
		t.Fatal(err)
	}
	// An HTTP date has one-second resolution: allow for the truncation.
	if gap := second429.Sub(first429); gap < 1000*time.Millisecond {
		t.Errorf("429 Retry-After (date 2s ahead) retried after %v", gap)
	}
	if _, ok := e.article(s.URL + "/news/slow-down.html"); !ok {
		t.Error("429 then 200: no article")
	}
}

func TestRetryAfterBeyondPatienceWaitsForTheNextRun(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	s.handle("/news/later.html", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "come back in an hour", http.StatusServiceUnavailable)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/later.html">l</a>`, ""))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	left := e.frontier("test")
	if calls.Load() != 1 || len(left) != 1 || left[0].URL != s.URL+"/news/later.html" ||
		left[0].NotBefore.Before(time.Now().Add(50*time.Minute)) {
		t.Errorf("%d requests, frontier %+v; want one request and the URL kept for an hour later", calls.Load(), left)
	}
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	if calls.Load() != 1 {
		t.Errorf("the next run asked again before Retry-After passed (%d requests)", calls.Load())
	}
}

func TestRedirectChainAndLoop(t *testing.T) {
	s := newSite(t)
	s.handle("/news/a.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/b.html", http.StatusMovedPermanently)
	})
	s.handle("/news/b.html", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/news/c.html", http.StatusFound) })
	s.handle("/news/c.html", htmlPage("<p>end of chain</p>", "utf-8"))
	s.handle("/news/loop1.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/loop2.html", http.StatusFound)
	})
	s.handle("/news/loop2.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/news/loop1.html", http.StatusFound)
	})
	s.handle("/news/far.html", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://elsewhere.invalid/news/x.html", http.StatusFound)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/a.html">a</a><a href="/news/loop1.html">l</a><a href="/news/far.html">f</a>`, ""))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/a.html")
	if len(got) != 1 || got[0].FinalURL != s.URL+"/news/c.html" {
		t.Fatalf("redirect chain: %+v", got)
	}
	if a, ok := e.article(s.URL + "/news/c.html"); !ok || a.Body != "end of chain" {
		t.Errorf("article at the end of the chain: %+v %v", a, ok)
	}
	if len(e.pages(s.URL+"/news/loop1.html")) != 0 || s.count("/news/loop1.html") != 1 {
		t.Errorf("loop: stored %d pages after %d requests; want none after one (loops are not retried)",
			len(e.pages(s.URL+"/news/loop1.html")), s.count("/news/loop1.html"))
	}
	if snap.Failures["redirect_loop"] != 1 || snap.Failures["offsite_redirect"] != 1 {
		t.Errorf("stats %s; want a redirect_loop and an offsite_redirect", snap)
	}
}

func TestSlowTrickleIsCut(t *testing.T) {
	s := newSite(t)
	s.handle("/news/trickle.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		for i := 0; i < 100; i++ {
			if _, err := w.Write([]byte("<")); err != nil {
				return
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(100 * time.Millisecond):
			}
		}
	})
	s.handle("/news/fine.html", htmlPage("<p>fine</p>", "utf-8"))
	s.handle("/index.html", htmlPage(`<a href="/news/trickle.html">t</a><a href="/news/fine.html">f</a>`, ""))
	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	src.Timeout = 300 * time.Millisecond
	start := time.Now()
	snap, err := e.crawl(src)
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("crawl took %v; the trickle should be cut at 300ms per attempt", took)
	}
	if len(e.pages(s.URL+"/news/trickle.html")) != 0 || snap.Failures["timeout"] != 1 || snap.Retries != 2 {
		t.Errorf("trickle: stats %s; want nothing stored, 2 retries then a timeout", snap)
	}
	if _, ok := e.article(s.URL + "/news/fine.html"); !ok {
		t.Error("a slow page cost more than itself")
	}
}

func TestHugeBodyIsCutWhileStreaming(t *testing.T) {
	s := newSite(t)
	var written atomic.Int64
	s.handle("/news/huge.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>x</p>"), 8192) // 64 KiB
		for i := 0; i < 50<<20/len(chunk); i++ {
			n, err := w.Write(chunk)
			written.Add(int64(n))
			if err != nil {
				return
			}
		}
	})
	s.handle("/index.html", htmlPage(`<a href="/news/huge.html">h</a>`, ""))
	e := newEnv(t, testOptions())
	src := s.source("/index.html")
	src.MaxBodyBytes = 1 << 20
	snap, err := e.crawl(src)
	if err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/huge.html")
	if len(got) != 1 || len(got[0].Body) != 1<<20 || got[0].Header.Get(truncatedHeader) != strconv.Itoa(1<<20) {
		t.Fatalf("50 MB body: stored %d pages; want one cut at 1 MiB and marked", len(got))
	}
	if _, ok := e.article(s.URL + "/news/huge.html"); ok {
		t.Error("a cut article was stored as an article")
	}
	time.Sleep(100 * time.Millisecond) // let the server notice the closed connection
	if w := written.Load(); w > 20<<20 {
		t.Errorf("server wrote %d MB before the crawler hung up", w>>20)
	}
	if snap.Failures["too_large"] != 1 {
		t.Errorf("stats %s; want too_large 1", snap)
	}
}

func TestImageAtArticleURL(t *testing.T) {
	s := newSite(t)
	s.handle("/news/photo.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(bytes.Repeat([]byte{0xff, 0xd8, 0xff}, 1000))
	})
	s.handle("/index.html", htmlPage(`<a href="/news/photo.html">p</a>`, ""))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/photo.html")
	if len(got) != 1 || len(got[0].Body) != 0 || got[0].ContentType() != "image/jpeg" {
		t.Errorf("image: %d pages; want one with headers and no body", len(got))
	}
	if _, ok := e.article(s.URL + "/news/photo.html"); ok || snap.Failures["not_html"] != 1 {
		t.Errorf("image stored as article, or not counted: %s", snap)
	}
}

func TestBrokenGzip(t *testing.T) {
	s := newSite(t)
	s.handle("/news/gz.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffthis is not deflate data at all"))
	})
	s.handle("/news/ok.html", htmlPage("<p>ok</p>", "utf-8"))
	s.handle("/index.html", htmlPage(`<a href="/news/gz.html">g</a><a href="/news/ok.html">o</a>`, ""))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if len(e.pages(s.URL+"/news/gz.html")) != 0 || snap.Failures["bad_encoding"] != 1 || s.count("/news/gz.html") != 1 {
		t.Errorf("broken gzip: %s, %d requests; want nothing stored, one bad_encoding, no retry", snap, s.count("/news/gz.html"))
	}
	if _, ok := e.article(s.URL + "/news/ok.html"); !ok {
		t.Error("broken gzip cost more than its page")
	}
}

func TestDeeplyNestedPage(t *testing.T) {
	s := newSite(t)
	deep := strings.Repeat("<i>", 100000) + `<a href="/news/inside.html">in</a>` + strings.Repeat("</i>", 100000)
	s.handle("/index.html", htmlPage(deep, ""))
	s.handle("/news/inside.html", htmlPage("<p>found</p>", "utf-8"))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	if got := e.pages(s.URL + "/index.html"); len(got) != 1 || len(got[0].Body) != len(deep) {
		t.Error("100k nested tags: page not stored whole")
	}
	if _, ok := e.article(s.URL + "/news/inside.html"); !ok {
		t.Error("link at the bottom of 100k nested tags not followed")
	}
}

func TestRobotsDisallowAndCrawlDelay(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /news/secret\nCrawl-delay: 0.2\n"))
	})
	s.handle("/index.html", htmlPage(`<a href="/news/1.html">1</a><a href="/news/2.html">2</a><a href="/news/secret.html">s</a>`, ""))
	s.handle("/news/", htmlPage("<p>a</p>", "utf-8"))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if s.count("/news/secret.html") != 0 || snap.Blocked != 1 {
		t.Errorf("robots Disallow: fetched %d times, stats %s", s.count("/news/secret.html"), snap)
	}
	if len(e.pages(s.URL+"/news/secret.html")) != 0 {
		t.Error("a disallowed page is in the store")
	}
	s.mu.Lock()
	starts := s.starts[1:] // after robots.txt
	s.mu.Unlock()
	for i := 1; i < len(starts); i++ {
		if gap := starts[i].Sub(starts[i-1]); gap < 190*time.Millisecond {
			t.Errorf("request %d started %v after the previous; Crawl-delay is 0.2s", i, gap)
		}
	}
}

func TestLinksThatAreNotPagesOfTheSource(t *testing.T) {
	s := newSite(t)
	s.handle("/index.html", htmlPage(`
		<a href="javascript:location.href='/news/js.html'">js</a>
		<a href="mailto:editor@example.com">mail</a>
		<a href="data:text/html,<a href=/news/data.html>">data</a>
		<a href="http://other.invalid/news/x.html">other host</a>
		<a href="//other.invalid/news/y.html">scheme-relative other host</a>
		<a href="tel:+861012345678">tel</a>
		<a href="/news/ok.html">ok</a>`, ""))
	s.handle("/news/", htmlPage("<p>a</p>", "utf-8"))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	if n := s.total(); n != 2 {
		t.Errorf("%d requests; want the index and /news/ok.html only", n)
	}
	if e.articleCount() != 1 {
		t.Errorf("%d articles, want 1", e.articleCount())
	}
}

func TestCalendarTrapEndsAtThePageCap(t *testing.T) {
	s := newSite(t)
	s.handle("/calendar", func(w http.ResponseWriter, r *http.Request) {
		day, _ := strconv.Atoi(r.URL.Query().Get("day"))
		htmlPage(fmt.Sprintf(`<a href="/calendar?day=%d">next day</a><a href="/calendar?day=%d">previous</a>`, day+1, day-1), "")(w, r)
	})
	e := newEnv(t, testOptions())
	src := s.source("/calendar?day=0")
	src.MaxDepth = 1000000
	src.MaxPagesPerRun = 25
	snap, err := e.crawl(src)
	if err != nil {
		t.Fatal(err)
	}
	if n := s.total(); n != 25 {
		t.Errorf("calendar trap: %d requests, want the cap of 25", n)
	}
	if snap.Failures["page_cap"] != 1 {
		t.Errorf("stats %s; want page_cap 1", snap)
	}
	if len(e.frontier("test")) == 0 {
		t.Error("what the cap cut off should stay queued")
	}

	// With a depth limit the trap ends there instead.
	s2 := newSite(t)
	s2.handle("/calendar", func(w http.ResponseWriter, r *http.Request) {
		day, _ := strconv.Atoi(r.URL.Query().Get("day"))
		htmlPage(fmt.Sprintf(`<a href="/calendar?day=%d">next day</a>`, day+1), "")(w, r)
	})
	e2 := newEnv(t, testOptions())
	src2 := s2.source("/calendar?day=0")
	src2.MaxDepth = 3
	if _, err := e2.crawl(src2); err != nil {
		t.Fatal(err)
	}
	if n := s2.total(); n != 4 {
		t.Errorf("calendar with max_depth 3: %d requests, want 4", n)
	}
}

func TestTrackingParameterDuplicatesAreOneArticle(t *testing.T) {
	s := newSite(t)
	host := strings.TrimPrefix(s.URL, "http://")
	s.handle("/index.html", htmlPage(`
		<a href="/news/1.html">plain</a>
		<a href="/news/1.html?utm_source=weibo&utm_medium=social">utm</a>
		<a href="/news/1.html?spm=a2c4g.11186623&from=timeline">spm/from</a>
		<a href="/news/1.html#comments">fragment</a>
		<a href="HTTP://`+strings.ToUpper(host)+`/news/1.html">upper-case</a>
		<a href="/news/../news/1.html">dot segments</a>
		<a href="/news/2.html?b=2&a=1&utm_campaign=x">params</a>
		<a href="/news/2.html?a=1&b=2">params reordered</a>
		<a href="/news/alias.html">alias with rel=canonical</a>`, ""))
	s.handle("/news/alias.html", htmlPage(`<link rel="canonical" href="/news/3.html"><p>three</p>`, "utf-8"))
	s.handle("/news/", htmlPage("<p>a</p>", "utf-8"))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	if n := s.count("/news/1.html"); n != 1 {
		t.Errorf("/news/1.html fetched %d times, want 1", n)
	}
	if n := s.count("/news/2.html?a=1&b=2"); n != 1 {
		t.Errorf("/news/2.html?a=1&b=2 fetched %d times, want 1", n)
	}
	if n := e.articleCount(); n != 3 {
		t.Errorf("%d articles, want 3 (1, 2 and the canonical 3)", n)
	}
	if _, ok := e.article(s.URL + "/news/3.html"); !ok {
		t.Error("rel=canonical target not stored as the article")
	}
	if _, ok := e.article(s.URL + "/news/alias.html"); ok {
		t.Error("the alias of a canonical URL was stored as a second article")
	}
}

func TestConnectionCutMidBody(t *testing.T) {
	s := newSite(t)
	var calls atomic.Int32
	s.handle("/news/cut.html", func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			w.Header().Set("Content-Type", "text/html")
			w.Header().Set("Content-Length", "1000")
			w.Write([]byte("<p>half"))
			w.(http.Flusher).Flush()
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		htmlPage("<p>whole</p>", "utf-8")(w, r)
	})
	s.handle("/index.html", htmlPage(`<a href="/news/cut.html">c</a>`, ""))
	e := newEnv(t, testOptions())
	snap, err := e.crawl(s.source("/index.html"))
	if err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/cut.html")
	if len(got) != 1 || string(got[0].Body) != "<p>whole</p>" || snap.Retries != 1 {
		t.Errorf("cut mid-body: %d pages, stats %s; want the whole page once after one retry", len(got), snap)
	}
}

func TestEmptyOK(t *testing.T) {
	s := newSite(t)
	s.handle("/news/empty.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	s.handle("/index.html", htmlPage(`<a href="/news/empty.html">e</a>`, ""))
	e := newEnv(t, testOptions())
	if _, err := e.crawl(s.source("/index.html")); err != nil {
		t.Fatal(err)
	}
	got := e.pages(s.URL + "/news/empty.html")
	if len(got) != 1 || got[0].Status != 200 || len(got[0].Body) != 0 {
		t.Errorf("empty 200: %+v; want one stored page with an empty body", got)
	}
	runs, err := e.db.Runs(t.Context(), "test", 1)
	if err != nil || len(runs) != 1 || runs[0].ArticlesEmpty != 1 {
		t.Errorf("runs %+v, %v; want the empty article counted", runs, err)
	}
}
