package crawl

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
)

// An article re-checked under the recrawl policy: unchanged behind its ETag
// it costs a 304; changed, it becomes a new page version and the article is
// updated with its earlier version kept.
func TestArticleUpdatedBehindETagAndLastModified(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	version := "v1"
	s.handle("/news/etag.html", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v := version
		mu.Unlock()
		etag := `"` + v + `"`
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		htmlPage("<p>text "+v+"</p>", "utf-8")(w, r)
	})
	modified := time.Now().Add(-time.Hour).Truncate(time.Second)
	s.handle("/news/lastmod.html", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		v, mod := version, modified
		mu.Unlock()
		w.Header().Set("Content-Type", "text/html")
		http.ServeContent(w, r, "x.html", mod, strings.NewReader("<p>text "+v+"</p>"))
	})
	s.handle("/index.html", htmlPage(`<a href="/news/etag.html">e</a><a href="/news/lastmod.html">l</a>`, ""))

	opts := testOptions()
	clock := time.Now()
	opts.Now = func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		return clock
	}
	e := newEnv(t, opts)
	// Today in China: a date-only publication time is read as its midnight
	// there, so yesterday's date fell out of the 48 h window after about
	// 19:50 China time once the test advanced its clock by 4 h.
	e.sink.published = time.Now().In(zhwatch.ChinaTime).Format("2006-01-02")
	advance := func(d time.Duration) {
		mu.Lock()
		clock = clock.Add(d)
		mu.Unlock()
	}

	if _, err := e.crawl(recent(s.source("/index.html"))); err != nil {
		t.Fatal(err)
	}
	// Within the hour: not re-checked at all.
	advance(10 * time.Minute)
	if snap, _ := e.crawl(recent(s.source("/index.html"))); snap.Skipped != 2 {
		t.Errorf("re-checked too soon: %s", snap)
	}
	// Later, unchanged: 304s.
	advance(2 * time.Hour)
	snap, err := e.crawl(recent(s.source("/index.html")))
	if err != nil {
		t.Fatal(err)
	}
	if snap.NotModified != 2 || snap.Updated != 0 || s.count("/news/etag.html") != 2 {
		t.Errorf("unchanged re-check: %s; want both articles answered 304", snap)
	}
	// Changed: new version, article updated, history kept.
	mu.Lock()
	version, modified = "v2", modified.Add(time.Hour)
	mu.Unlock()
	advance(2 * time.Hour)
	if snap, err = e.crawl(recent(s.source("/index.html"))); err != nil {
		t.Fatal(err)
	}
	if snap.Updated != 2 {
		t.Errorf("changed articles: %s; want 2 updated", snap)
	}
	for _, p := range []string{"/news/etag.html", "/news/lastmod.html"} {
		u := s.URL + p
		a, ok := e.article(u)
		if !ok || a.Body != "text v2" {
			t.Errorf("%s: article %q, want the new text", p, a.Body)
		}
		hist, err := e.db.ArticleHistory(context.Background(), zhwatch.ArticleID(u))
		if err != nil || len(hist) != 1 || hist[0].Body != "text v1" {
			t.Errorf("%s: history %+v, %v; want the v1 text kept", p, hist, err)
		}
		versions := e.pages(u)
		var ok200 int
		for _, v := range versions {
			if v.Status == 200 {
				ok200++
			}
		}
		if ok200 != 2 {
			t.Errorf("%s: %d stored 200 versions, want 2", p, ok200)
		}
	}
	// Once the articles are older than the window, they are not re-checked.
	advance(72 * time.Hour)
	if snap, _ := e.crawl(recent(s.source("/index.html"))); snap.Skipped != 2 || snap.NotModified != 0 {
		t.Errorf("after the window: %s; want both articles skipped", snap)
	}
}

// recent sets the recrawl policy this test is about: articles published in
// the last 48 hours are re-checked at most hourly.
func recent(src *config.Source) *config.Source {
	src.RecrawlWindow, src.RecrawlEvery = 48*time.Hour, time.Hour
	return src
}
