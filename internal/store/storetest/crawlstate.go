package storetest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// CrawlStore is a backend that also keeps the crawler's state.
type CrawlStore interface {
	store.Store
	store.CrawlState
}

// RunCrawlState runs the crawl-state suite against stores made by open; each
// call must return an empty store.
func RunCrawlState(t *testing.T, open func(t *testing.T) CrawlStore) {
	t.Run("FrontierKeepsOrderAndOneItemPerURL", func(t *testing.T) { testFrontier(t, open(t)) })
	t.Run("LastFetchForConditionalGET", func(t *testing.T) { testLastFetch(t, open(t)) })
	t.Run("ArticleHistoryOnNewPageVersion", func(t *testing.T) { testHistory(t, open(t)) })
	t.Run("RunsRecordFiguresAndEmptyArticles", func(t *testing.T) { testRuns(t, open(t)) })
	t.Run("RunsNumberedPerSource", func(t *testing.T) { testRunNumbers(t, open(t)) })
	t.Run("FailuresRecordedAndCleared", func(t *testing.T) { testFailures(t, open(t)) })
}

func testRunNumbers(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	for _, src := range []string{"a", "b", "a", "a", "b"} {
		if _, err := s.StartRun(ctx, store.Run{Source: src}); err != nil {
			t.Fatal(err)
		}
	}
	for src, want := range map[string][]int64{"a": {3, 2, 1}, "b": {2, 1}} {
		runs, err := s.Runs(ctx, src, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, r := range runs {
			got = append(got, r.Number)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("run numbers of %s = %v, want %v (newest first)", src, got, want)
		}
	}
}

func testFailures(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	at := time.Date(2025, 8, 28, 1, 0, 0, 0, time.UTC)
	f := store.Failure{Source: "demo", URL: "http://h/b", Kind: "timeout", Failures: 1, LastRun: 1, RetryRun: 2, FailedAt: at}
	for _, rec := range []store.Failure{f, {Source: "demo", URL: "http://h/a", Kind: "http_4xx", Failures: 1, LastRun: 1, RetryRun: 2, FailedAt: at},
		{Source: "other", URL: "http://h/a", Kind: "dns", Failures: 1, LastRun: 1, RetryRun: 2, FailedAt: at}} {
		if err := s.RecordFailure(ctx, rec); err != nil {
			t.Fatal(err)
		}
	}
	f.Failures, f.LastRun, f.RetryRun, f.Kind = 2, 2, 4, "http_5xx"
	if err := s.RecordFailure(ctx, f); err != nil {
		t.Fatal(err)
	}
	got, err := s.Failures(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].URL != "http://h/a" || got[1] != f {
		t.Errorf("Failures(demo) = %+v; want h/a, then h/b replaced by %+v", got, f)
	}
	if err := s.ClearFailure(ctx, "demo", "http://h/b"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Failures(ctx, "demo"); len(got) != 1 || got[0].URL != "http://h/a" {
		t.Errorf("after ClearFailure: %+v", got)
	}
	if got, _ := s.Failures(ctx, "other"); len(got) != 1 {
		t.Errorf("Failures(other) = %+v; another source's record was touched", got)
	}
}

func testFrontier(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	item := func(u string) store.FrontierItem {
		return store.FrontierItem{Source: "demo", URL: u, Kind: "article", Depth: 1}
	}
	if err := s.UpdateFrontier(ctx, store.FrontierUpdate{Add: []store.FrontierItem{item("http://h/2"), item("http://h/1")}}); err != nil {
		t.Fatal(err)
	}
	later := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	retried := item("http://h/2")
	retried.Attempts, retried.NotBefore = 2, later
	err := s.UpdateFrontier(ctx, store.FrontierUpdate{
		Add:   []store.FrontierItem{item("http://h/1"), item("http://h/3"), {Source: "other", URL: "http://h/1", Kind: "seed"}},
		Retry: []store.FrontierItem{retried},
		Done:  []store.FrontierItem{item("http://h/3")},
	})
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Frontier(ctx, "demo")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].URL != "http://h/2" || got[1].URL != "http://h/1" {
		t.Fatalf("frontier = %+v; want h/2 then h/1 (insertion order, no duplicate, h/3 done)", got)
	}
	if got[0].Attempts != 2 || !got[0].NotBefore.Equal(later) || got[0].Kind != "article" || got[0].Depth != 1 {
		t.Errorf("retried item = %+v", got[0])
	}
	if other, _ := s.Frontier(ctx, "other"); len(other) != 1 {
		t.Errorf("frontier of another source = %+v; sources are separate", other)
	}
}

func testLastFetch(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	if _, err := s.LastFetch(ctx, "http://h/list"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("LastFetch of an unknown URL: %v; want ErrNotFound", err)
	}
	put := func(status int, etag string) int64 {
		h := http.Header{"Etag": {etag}, "Last-Modified": {"Tue, 26 Aug 2025 02:30:00 GMT"}}
		id, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/list", FinalURL: "http://h/list",
			Status: status, Header: h, Body: []byte(etag), FetchedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	put(200, `"a"`)
	second := put(200, `"b"`)
	put(304, `"b"`)
	put(500, `"c"`)
	lf, err := s.LastFetch(ctx, "http://h/list")
	if err != nil {
		t.Fatal(err)
	}
	if lf.PageID != second || lf.ETag != `"b"` || lf.LastModified == "" || lf.Article || lf.SHA256 == "" {
		t.Errorf("LastFetch = %+v; want the newest 2xx (page %d) with its validators", lf, second)
	}
	if _, _, err := s.PutArticle(ctx, zhwatch.Article{PageID: second, Source: "demo", URL: "http://h/list", PublishedAt: "2025-08-26"}); err != nil {
		t.Fatal(err)
	}
	if lf, _ = s.LastFetch(ctx, "http://h/list"); !lf.Article || lf.PublishedAt != "2025-08-26" {
		t.Errorf("LastFetch after the article = %+v", lf)
	}
	versions, err := s.PageVersions(ctx, "http://h/list")
	if err != nil || len(versions) != 4 || versions[2].Status != 304 {
		t.Errorf("PageVersions = %+v, %v; want all four fetches in order", versions, err)
	}
}

func testHistory(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	u := "http://h/a"
	var pages []int64
	for _, body := range []string{"v1", "v2"} {
		id, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		pages = append(pages, id)
	}
	for i, body := range []string{"v1", "v1 re-extracted", "v2"} {
		page := pages[0]
		if i == 2 {
			page = pages[1]
		}
		if _, _, err := s.PutArticle(ctx, zhwatch.Article{PageID: page, Source: "demo", URL: u, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := s.ArticleHistory(ctx, zhwatch.ArticleID(u))
	if err != nil || len(hist) != 1 || hist[0].Body != "v1 re-extracted" || hist[0].PageID != pages[0] {
		t.Errorf("history = %+v, %v; want one earlier version (the last from the first page)", hist, err)
	}
}

func testRuns(t *testing.T, s CrawlStore) {
	ctx := context.Background()
	start := time.Now().UTC().Add(-time.Minute)
	id, err := s.StartRun(ctx, store.Run{Source: "demo", StartedAt: start})
	if err != nil {
		t.Fatal(err)
	}
	for i, body := range []string{"", "text", " "} {
		u := "http://h/" + string(rune('a'+i))
		pid, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200, FetchedAt: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.PutArticle(ctx, zhwatch.Article{PageID: pid, Source: "demo", URL: u, Body: body}); err != nil {
			t.Fatal(err)
		}
	}
	done, err := s.FinishRun(ctx, store.Run{ID: id, Source: "demo", Pages: 4, NotModified: 1, ArticlesNew: 3,
		Errors: map[string]int64{"timeout": 2}, FinishedAt: time.Now().UTC().Add(time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	if done.ArticlesEmpty != 2 {
		t.Errorf("empty articles = %d, want 2", done.ArticlesEmpty)
	}
	if _, err := s.StartRun(ctx, store.Run{Source: "other"}); err != nil {
		t.Fatal(err)
	}
	runs, err := s.Runs(ctx, "demo", 10)
	if err != nil || len(runs) != 1 {
		t.Fatalf("Runs(demo) = %+v, %v", runs, err)
	}
	r := runs[0]
	if r.Pages != 4 || r.NotModified != 1 || r.ArticlesNew != 3 || r.ArticlesEmpty != 2 || r.Errors["timeout"] != 2 ||
		r.FinishedAt.IsZero() || !r.StartedAt.Equal(start) {
		t.Errorf("run = %+v", r)
	}
	if all, _ := s.Runs(ctx, "", 10); len(all) != 2 || all[0].Source != "other" || !all[0].FinishedAt.IsZero() {
		t.Errorf("Runs(all) = %+v; want both, newest (unfinished) first", all)
	}
	if _, err := s.FinishRun(ctx, store.Run{ID: 999, Source: "demo"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("FinishRun(unknown) = %v; want ErrNotFound", err)
	}
}
