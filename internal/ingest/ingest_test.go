package ingest

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

const tradPage = `<html><head><meta charset="utf-8"><title>美國擬收緊AI芯片出口管制_示例網</title></head>
<body><h1>美國擬收緊AI芯片出口管制</h1><div class="content">
<p>據美國媒體報道，美國正在考慮收緊人工智能芯片對華出口管制措施，此舉可能涉及英偉達目前出口中國的A800、H800等型號的芯片。</p>
<p>美國商務部去年把31家中國實體列入了“未經驗證清單”。分析人士認為，這些舉措既違反市場規律，也會使美國企業損失不小。</p>
</div></body></html>`

const sportsPage = `<html><head><meta charset="utf-8"><title>城市马拉松周日开跑</title></head>
<body><h1>城市马拉松周日开跑</h1><div class="content">
<p>本届马拉松将于周日早上七点半鸣枪起跑，三万名跑者将沿江而行，途经多处城市地标。</p>
<p>组委会提醒，比赛当天部分道路将实行交通管制，请市民提前规划出行路线。</p>
</div></body></html>`

var topics = map[string][]string{
	"export-controls": {"出口管制", "未经验证清单"},
	"ai-policy":       {"人工智能", "AI芯片"},
}

func page(url, body string) zhwatch.Page {
	return zhwatch.Page{Source: "demo", URL: url, FinalURL: url, Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, Body: []byte(body)}
}

func TestPipelineScriptNormalisationTopics(t *testing.T) {
	p := NewPipeline(extract.New(), topics, nil)
	a, err := p.Article(page("http://h/2023/10/18/a.html", tradPage))
	if err != nil {
		t.Fatal(err)
	}
	if a.Script != zhwatch.ScriptTraditional {
		t.Errorf("script = %q, want hant", a.Script)
	}
	if !slices.Equal(a.Topics, []string{"ai-policy", "export-controls"}) {
		t.Errorf("topics = %v", a.Topics)
	}
	if !contains(a.Normalized, "英伟达") || !contains(a.Normalized, "a800") || contains(a.Body, "英伟达") {
		t.Errorf("normalised %q / body %q: want simplified, folded normal form beside the original", a.Normalized, a.Body)
	}
	off, err := p.Article(page("http://h/2025/04/20/b.html", sportsPage))
	if err != nil {
		t.Fatal(err)
	}
	if !off.OffTopic() || off.Topics == nil {
		t.Errorf("sports page topics = %#v; want an empty, non-nil list", off.Topics)
	}
}

func TestSaverKeepsPageWhenExtractionFails(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewSaver(db, NewPipeline(extract.New(), topics, nil))
	pdf := zhwatch.Page{Source: "demo", URL: "http://h/a.pdf", FinalURL: "http://h/a.pdf", Status: 200,
		Header: http.Header{"Content-Type": {"application/pdf"}}, Body: []byte("%PDF-1.4")}
	if _, err := s.SavePage(ctx, pdf, true); !errors.Is(err, zhwatch.ErrNotHTML) {
		t.Errorf("pdf: err = %v, want ErrNotHTML", err)
	}
	created, err := s.SavePage(ctx, page("http://h/2023/10/18/a.html", tradPage), true)
	if err != nil || !created {
		t.Fatalf("article: created=%v err=%v", created, err)
	}
	created, err = s.SavePage(ctx, page("http://h/2023/10/18/a.html", tradPage), true)
	if err != nil || created {
		t.Errorf("same article again: created=%v err=%v; want an update", created, err)
	}
	pages, articles, _ := db.Counts(ctx)
	if pages != 3 || articles != 1 {
		t.Errorf("pages=%d articles=%d; want 3 pages kept, 1 article", pages, articles)
	}
	a, err := db.Article(ctx, zhwatch.ArticleID("http://h/2023/10/18/a.html"))
	if err != nil || a.PageID == 0 {
		t.Errorf("stored article %+v, %v: want it linked to its page", a, err)
	}
	if _, err := db.Article(ctx, zhwatch.ArticleID("http://h/a.pdf")); !errors.Is(err, zhwatch.ErrNotFound) {
		t.Errorf("pdf article: err = %v, want not found", err)
	}
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func TestReprocessReachesStoredPages(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// Crawled before the "ai-policy" topic existed.
	old := NewSaver(db, NewPipeline(extract.New(), map[string][]string{"export-controls": {"出口管制"}}, nil))
	for _, p := range []zhwatch.Page{page("http://h/2023/10/18/a.html", tradPage), page("http://h/list.html", sportsPage)} {
		if _, err := old.SavePage(ctx, p, strings.Contains(p.URL, "/2023/")); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := db.ArticlesSince(ctx, 0, 10)

	res, err := NewSaver(db, NewPipeline(extract.New(), topics, nil)).Reprocess(ctx, db,
		func(p zhwatch.Page) bool { return strings.Contains(p.FinalURL, "/2023/") }, nil)
	if err != nil || res.Pages != 1 || res.Failed != 0 || res.Created != 0 {
		t.Fatalf("Reprocess = %+v, %v; want the one article page re-extracted", res, err)
	}
	after, _ := db.ArticlesSince(ctx, before[0].Seq, 10)
	if len(after) != 1 || !slices.Equal(after[0].Topics, []string{"ai-policy", "export-controls"}) {
		t.Errorf("after reprocess: %+v; want the article updated with both topics and a new seq", after)
	}
}
