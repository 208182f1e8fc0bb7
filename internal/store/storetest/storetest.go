// Package storetest is the conformance suite every store backend must pass.
package storetest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// Run runs the suite against stores made by open; each call must return an
// empty store.
func Run(t *testing.T, open func(t *testing.T) store.Store) {
	t.Run("PagesRoundTrip", func(t *testing.T) { testPages(t, open(t)) })
	t.Run("ArticleUpsertNeverDuplicates", func(t *testing.T) { testUpsert(t, open(t)) })
	t.Run("ArticlesSinceFollowsChanges", func(t *testing.T) { testSince(t, open(t)) })
	t.Run("NotFound", func(t *testing.T) { testNotFound(t, open(t)) })
	t.Run("PutPageArticleLinksBoth", func(t *testing.T) { testPutPageArticle(t, open(t)) })
	t.Run("LatestPagesNewestSuccessfulFetch", func(t *testing.T) { testLatestPages(t, open(t)) })
	t.Run("BodyStoredOncePerContent", func(t *testing.T) { testBodiesOnce(t, open(t)) })
}

// testBodiesOnce: fetches returning the same bytes share one stored body,
// and each still reads back whole.
func testBodiesOnce(t *testing.T, s store.Store) {
	ctx := context.Background()
	big := bytes.Repeat([]byte("出口管制"), 1<<14)
	var ids []int64
	for i, body := range [][]byte{big, big, []byte("other"), big, nil, {}} {
		id, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: fmt.Sprintf("http://h/%d", i%2), FinalURL: "http://h/x",
			Status: 200, FetchedAt: time.Date(2025, 8, 26, 2, i, 0, 0, time.UTC), Body: body})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, id)
	}
	n, size, err := s.Bodies(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != 3 || size != int64(len(big)+len("other")) {
		t.Errorf("Bodies = %d, %d bytes; want 3 (big, other, empty), %d bytes", n, size, len(big)+len("other"))
	}
	for i, want := range []int{len(big), len(big), 5, len(big), 0, 0} {
		p, err := s.Page(ctx, ids[i])
		if err != nil || len(p.Body) != want {
			t.Errorf("page %d: body %d bytes (%v), want %d", i, len(p.Body), err, want)
		}
	}
}

func testPages(t *testing.T, s store.Store) {
	ctx := context.Background()
	p := zhwatch.Page{
		Source: "demo", URL: "http://h/a", FinalURL: "http://h/b", Status: 200,
		Header:    http.Header{"Content-Type": {"text/html; charset=gbk"}},
		FetchedAt: time.Date(2025, 8, 26, 2, 30, 0, 0, time.UTC),
		Body:      []byte{0xd6, 0xd0, 0xce, 0xc4}, // 中文 in GBK: bytes kept as fetched
	}
	id, err := s.PutPage(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	got, err := s.Page(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != p.URL || got.FinalURL != p.FinalURL || got.Status != 200 ||
		string(got.Body) != string(p.Body) || got.ContentType() != "text/html; charset=gbk" ||
		!got.FetchedAt.Equal(p.FetchedAt) {
		t.Errorf("page round trip: got %+v, want %+v", got, p)
	}
	for _, u := range []string{"http://h/a", "http://h/b"} {
		if ok, err := s.HasPage(ctx, u); err != nil || !ok {
			t.Errorf("HasPage(%s) = %v, %v; want true", u, ok, err)
		}
	}
	if _, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/404", FinalURL: "http://h/404", Status: 404}); err != nil {
		t.Fatal(err)
	}
	if ok, _ := s.HasPage(ctx, "http://h/404"); ok {
		t.Error("HasPage counts a 404 as stored")
	}
}

func testUpsert(t *testing.T, s store.Store) {
	ctx := context.Background()
	pid, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/1", FinalURL: "http://h/1", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	a := zhwatch.Article{PageID: pid, Source: "demo", URL: "http://h/1", Title: "v1", Topics: []string{"ai-policy"}}
	first, created, err := s.PutArticle(ctx, a)
	if err != nil || !created {
		t.Fatalf("first put: created=%v err=%v", created, err)
	}
	a.Title = "v2"
	second, created, err := s.PutArticle(ctx, a)
	if err != nil || created {
		t.Fatalf("second put: created=%v err=%v", created, err)
	}
	if first.ID != second.ID || second.Seq <= first.Seq || !second.StoredAt.Equal(first.StoredAt) {
		t.Errorf("update changed identity: first %+v second %+v", first, second)
	}
	_, n, err := s.Counts(ctx)
	if err != nil || n != 1 {
		t.Errorf("articles = %d, %v; want 1", n, err)
	}
	got, err := s.Article(ctx, first.ID)
	if err != nil || got.Title != "v2" || len(got.Topics) != 1 {
		t.Errorf("Article = %+v, %v", got, err)
	}
}

func testSince(t *testing.T, s store.Store) {
	ctx := context.Background()
	pid, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/p", FinalURL: "http://h/p", Status: 200})
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	for _, u := range []string{"http://h/1", "http://h/2", "http://h/3"} {
		a, _, err := s.PutArticle(ctx, zhwatch.Article{PageID: pid, Source: "demo", URL: u})
		if err != nil {
			t.Fatal(err)
		}
		last = a.Seq
	}
	all, err := s.ArticlesSince(ctx, 0, 10)
	if err != nil || len(all) != 3 {
		t.Fatalf("since 0: %d articles, %v", len(all), err)
	}
	if _, _, err := s.PutArticle(ctx, zhwatch.Article{PageID: pid, Source: "demo", URL: "http://h/1", Title: "changed"}); err != nil {
		t.Fatal(err)
	}
	changed, err := s.ArticlesSince(ctx, last, 10)
	if err != nil || len(changed) != 1 || changed[0].Title != "changed" {
		t.Errorf("since %d: %+v, %v; want the one changed article", last, changed, err)
	}
	page, err := s.ArticlesSince(ctx, 0, 2)
	if err != nil || len(page) != 2 || page[0].Seq >= page[1].Seq {
		t.Errorf("limit 2: %+v, %v", page, err)
	}
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := context.Background()
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Article(nope) err = %v; want ErrNotFound", err)
	}
	if _, err := s.Page(ctx, 12345); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Page(12345) err = %v; want ErrNotFound", err)
	}
	if _, _, err := s.PutArticle(ctx, zhwatch.Article{}); !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("PutArticle(empty URL) err = %v; want ErrInvalid", err)
	}
}

func testLatestPages(t *testing.T, s store.Store) {
	ctx := context.Background()
	put := func(u string, status int, body string) int64 {
		id, err := s.PutPage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: status, Body: []byte(body)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	put("http://h/a", 200, "a v1")
	aNew := put("http://h/a", 200, "a v2")
	put("http://h/b", 404, "gone")
	bOld := put("http://h/c", 200, "c v1")
	put("http://h/c", 503, "busy") // a failed refetch does not hide the good copy
	var got []string
	for after := int64(0); ; {
		pages, err := s.LatestPages(ctx, after, 1)
		if err != nil {
			t.Fatal(err)
		}
		if len(pages) == 0 {
			break
		}
		got = append(got, string(pages[0].Body))
		after = pages[0].ID
	}
	if len(got) != 2 || got[0] != "a v2" || got[1] != "c v1" {
		t.Errorf("LatestPages bodies = %q; want [a v2, c v1] (ids %d, %d)", got, aNew, bOld)
	}
}

func testPutPageArticle(t *testing.T, s store.Store) {
	ctx := context.Background()
	p := zhwatch.Page{Source: "demo", URL: "http://h/1", FinalURL: "http://h/1", Status: 200, Body: []byte("<p>x</p>")}
	a, created, err := s.PutPageArticle(ctx, p, zhwatch.Article{Source: "demo", URL: "http://h/1", Title: "t"})
	if err != nil || !created || a.PageID == 0 {
		t.Fatalf("PutPageArticle = %+v, %v, %v", a, created, err)
	}
	page, err := s.Page(ctx, a.PageID)
	if err != nil || string(page.Body) != "<p>x</p>" {
		t.Errorf("page of the article: %+v, %v", page, err)
	}
	again, created, err := s.PutPageArticle(ctx, p, zhwatch.Article{Source: "demo", URL: "http://h/1", Title: "t2"})
	if err != nil || created || again.PageID == a.PageID || again.ID != a.ID {
		t.Errorf("second fetch: %+v created=%v err=%v; want the same article on a new page", again, created, err)
	}
	if _, _, err := s.PutPageArticle(ctx, p, zhwatch.Article{}); !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("empty article URL: err = %v", err)
	}
	pages, articles, _ := s.Counts(ctx)
	if pages != 2 || articles != 1 {
		t.Errorf("pages=%d articles=%d; want 2 and 1 (the invalid call stored nothing)", pages, articles)
	}
}
