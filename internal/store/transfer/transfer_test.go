package transfer_test

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/store/transfer"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// fill writes a little of everything a crawl and a digest leave behind.
func fill(t *testing.T, db *sqlite.DB) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < 30; i++ {
		u := fmt.Sprintf("http://h/%d", i%20) // ten URLs fetched twice: history
		p := zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200,
			Header: http.Header{"Etag": {fmt.Sprintf(`"%d"`, i)}}, Body: []byte{0xd6, 0xd0, byte(i)},
			FetchedAt: time.Date(2026, 12, 1, 0, 0, i, 123456789, time.UTC)}
		a := zhwatch.Article{Source: "demo", URL: u, Title: fmt.Sprintf("标题 %d", i), Body: "正文",
			Fingerprint: zhwatch.Fingerprint{Signature: []byte{byte(i), 1, 2}, Bands: []int64{int64(i % 3), 7}}}
		if i%4 == 0 {
			a.Topics = []string{"ai-policy"}
		}
		if _, _, err := db.PutPageArticle(ctx, p, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.PutPage(ctx, zhwatch.Page{Source: "demo", URL: "http://h/gone", FinalURL: "http://h/gone", Status: 404}); err != nil {
		t.Fatal(err)
	}
	if err := db.UpdateFrontier(ctx, store.FrontierUpdate{Add: []store.FrontierItem{
		{Source: "demo", URL: "http://h/q2", Kind: "list"}, {Source: "demo", URL: "http://h/q1", Kind: "article", Depth: 1, Attempts: 2, NotBefore: time.UnixMilli(1900000000000)}}}); err != nil {
		t.Fatal(err)
	}
	id, err := db.StartRun(ctx, store.Run{Source: "demo", StartedAt: time.Date(2026, 12, 1, 0, 0, 0, 5, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.FinishRun(ctx, store.Run{ID: id, Source: "demo", Pages: 31, Errors: map[string]int64{"http_404": 1}}); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordFailure(ctx, store.Failure{Source: "demo", URL: "http://h/gone", Kind: "http_4xx", Failures: 2,
		LastRun: 1, RetryRun: 3, FailedAt: time.Date(2026, 12, 1, 0, 1, 0, 7, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 12, 2, 0, 0, 0, 0, time.UTC)
	if err := db.RecordDigest(ctx, zhwatch.DigestRecord{ID: "trade-1", Watchlist: "trade", Until: now, CreatedAt: now,
		State: zhwatch.DigestPending, Doc: []byte(`{"x":1}`), Items: []zhwatch.DigestItem{{ArticleID: zhwatch.ArticleID("http://h/1"), ClusterID: "c"}}}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeliveryFailed(ctx, "trade-1", "dir /tmp", "disk full", now.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
}

func TestCopyLosesNothing(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src, err := sqlite.Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	fill(t, src)
	url := pgtest.URL(t)
	counts, err := transfer.Copy(ctx, dir, url)
	if err != nil {
		t.Fatal(err)
	}
	dst, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer dst.Close()
	defer src.Close()

	if counts["pages"] != 31 || counts["articles"] != 20 || counts["article_history"] != 10 || counts["digests"] != 1 ||
		counts["frontier"] != 2 || counts["crawl_runs"] != 1 || counts["reprint_bands"] == 0 ||
		counts["bodies"] != 31 || counts["crawl_failures"] != 1 {
		t.Errorf("copied %v", counts)
	}
	sp, sa, _ := src.Counts(ctx)
	dp, da, _ := dst.Counts(ctx)
	if sp != dp || sa != da {
		t.Errorf("counts: sqlite %d pages %d articles, postgres %d, %d", sp, sa, dp, da)
	}

	// Every article, in seq order, with every field; pages with their bytes.
	want, _ := src.ArticlesSince(ctx, 0, 1000)
	got, err := dst.ArticlesSince(ctx, 0, 1000)
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("articles differ: %v\nsqlite   %+v\npostgres %+v", err, want[:1], got[:min(1, len(got))])
	}
	for _, id := range []int64{1, 17, 31} {
		w, _ := src.Page(ctx, id)
		g, err := dst.Page(ctx, id)
		if len(g.Body) == 0 && len(w.Body) == 0 {
			g.Body, w.Body = nil, nil // an empty body may read back as nil or []byte{}
		}
		if err != nil || !reflect.DeepEqual(g, w) {
			t.Errorf("page %d: %+v, %v; want %+v", id, g, err, w)
		}
	}
	a1 := zhwatch.ArticleID("http://h/1")
	wh, _ := src.ArticleHistory(ctx, a1)
	if gh, err := dst.ArticleHistory(ctx, a1); err != nil || len(gh) != 1 || !reflect.DeepEqual(gh, wh) {
		t.Errorf("history: %+v, %v; want %+v", gh, err, wh)
	}
	for _, q := range [][]int64{{0, 7}, {2}} {
		w, _ := src.ReprintCandidates(ctx, q)
		g, err := dst.ReprintCandidates(ctx, q)
		if err != nil || len(g) != len(w) || len(g) == 0 {
			t.Errorf("reprint candidates %v: %d, %v; want %d", q, len(g), err, len(w))
		}
	}
	wf, _ := src.Frontier(ctx, "demo")
	if gf, err := dst.Frontier(ctx, "demo"); err != nil || !reflect.DeepEqual(gf, wf) {
		t.Errorf("frontier: %+v, %v; want %+v", gf, err, wf)
	}
	wr, _ := src.Runs(ctx, "", 10)
	if gr, err := dst.Runs(ctx, "", 10); err != nil || !reflect.DeepEqual(gr, wr) {
		t.Errorf("runs: %+v, %v; want %+v", gr, err, wr)
	}
	wn, wb, _ := src.Bodies(ctx)
	if gn, gb, err := dst.Bodies(ctx); err != nil || gn != wn || gb != wb {
		t.Errorf("bodies: %d, %d bytes, %v; want %d, %d bytes", gn, gb, err, wn, wb)
	}
	wfl, _ := src.Failures(ctx, "demo")
	if gfl, err := dst.Failures(ctx, "demo"); err != nil || len(gfl) != 1 || !reflect.DeepEqual(gfl, wfl) {
		t.Errorf("failures: %+v, %v; want %+v", gfl, err, wfl)
	}
	wd, _ := src.PendingDigests(ctx, "trade")
	if gd, err := dst.PendingDigests(ctx, "trade"); err != nil || !reflect.DeepEqual(gd, wd) {
		t.Errorf("digests: %+v, %v; want %+v", gd, err, wd)
	}

	// New rows continue the copied numbering instead of colliding with it.
	last := want[len(want)-1].Seq
	a, created, err := dst.PutPageArticle(ctx, zhwatch.Page{Source: "demo", URL: "http://h/new", FinalURL: "http://h/new", Status: 200},
		zhwatch.Article{Source: "demo", URL: "http://h/new"})
	if err != nil || !created || a.Seq <= last || a.PageID != 32 {
		t.Errorf("after the copy: %+v created=%v err=%v; want seq > %d, page 32", a, created, err, last)
	}
	if err := dst.RecordDigest(ctx, zhwatch.DigestRecord{ID: "trade-2", Watchlist: "trade", State: zhwatch.DigestEmpty, Doc: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if l, n, _, _ := dst.LastDigest(ctx, "trade"); n != 2 || l.ID != "trade-2" {
		t.Errorf("last digest after the copy = %s of %d; want trade-2, the newest", l.ID, n)
	}

	// A second copy into the now non-empty database refuses and changes nothing.
	if _, err := transfer.Copy(ctx, dir, url); err == nil || !strings.Contains(err.Error(), "empty database") {
		t.Errorf("copy into a full database: %v", err)
	}
	if p, _, _ := dst.Counts(ctx); p != 32 {
		t.Errorf("pages after the refused copy = %d, want 32", p)
	}
}
