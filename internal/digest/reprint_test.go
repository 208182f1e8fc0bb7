package digest_test

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/ingest"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// newSaver returns the real ingest path (extraction, text layer, reprint
// clustering) writing to db, without entity tagging.
func newSaver(db *sqlite.DB) *ingest.Saver {
	p := ingest.NewPipeline(extract.New(), map[string][]string{"export-controls": {"出口管制"}}, nil)
	return ingest.NewSaver(db, p)
}

// reprintPage dresses the story in site i's chrome with the small edits
// reprinting sites make: their own source line, a dropped last paragraph,
// a reworded phrase, an editor line.
func reprintPage(story string, i int) string {
	paras := strings.Split(strings.TrimSpace(story), "\n")
	if i%3 == 1 {
		paras = paras[:len(paras)-1]
	}
	if i%4 == 2 {
		paras[0] = strings.Replace(paras[0], "近日", "日前", 1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta charset="utf-8"><title>商务部回应美方收紧半导体出口管制_网站%d</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/finance">财经</a> <a href="/world">国际</a> 网站%d</div>
<h1>商务部新闻发言人就美方收紧半导体出口管制答记者问</h1>
<div class="info">2025-08-26 %02d:%02d 来源：网站%d</div><div class="article">`, i, i, 10+i%8, i, i)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	fmt.Fprintf(&b, `<p>（责任编辑：编辑%d）</p></div><div class="related"><h3>相关阅读</h3><ul>
<li><a href="/r%d">第%d届国际车展开幕</a></li></ul></div><div class="footer">版权所有 网站%d</div></body></html>`, i, i, i, i)
	return b.String()
}

func page(url, body string, fetched time.Time) zhwatch.Page {
	return zhwatch.Page{Source: "demo-news", URL: url, FinalURL: url, Status: 200,
		Header: http.Header{"Content-Type": {"text/html; charset=utf-8"}}, Body: []byte(body), FetchedAt: fetched}
}

// TestTwentyReprintsOneEntry: twenty copies of one story (other chrome,
// small edits) are one digest entry with 19 reprints, named after the
// official copy when one is on an official host, else the earliest.
func TestTwentyReprintsOneEntry(t *testing.T) {
	story, err := os.ReadFile("testdata/reprint-story.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, official := range []bool{false, true} {
		t.Run(fmt.Sprintf("official=%v", official), func(t *testing.T) {
			ctx := context.Background()
			clk := newClock()
			db := openDB(t, t.TempDir(), clk)
			s := newSaver(db)
			var urls []string
			for i := range 20 {
				u := fmt.Sprintf("http://site%d.test/2025/08/26/chips.html", i)
				if official && i == 7 {
					u = "https://www.mofcom.gov.cn/xwfb/xwfyrth/art/2025/art_chips.html"
				}
				urls = append(urls, u)
				if _, err := s.SavePage(ctx, page(u, reprintPage(string(story), i), clk.Now()), true); err != nil {
					t.Fatal(err)
				}
				clk.Advance(time.Minute)
			}
			if _, err := s.SavePage(ctx, page("http://other.test/2025/08/26/x.html",
				`<html><head><meta charset="utf-8"><title>另一件事</title></head><body><h1>欧盟更新两用物项出口管制清单</h1><div class="article"><p>欧盟委员会发布两用物项出口管制清单年度更新，新增若干量子计算和先进半导体相关物项，成员国须在规定期限内执行。</p><p>此次更新与瓦森纳安排的最新调整保持一致，委员会表示将继续评估新兴技术的管控需要。</p></div></body></html>`,
				clk.Now()), true); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Hour)

			mem := &memSender{name: "mem"}
			r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{watchlist(config.Delivery{Type: "dir"})},
				digest.Options{Now: clk.Now, Open: openWith(mem)})
			if err != nil {
				t.Fatal(err)
			}
			res, err := r.Run(ctx, "export-controls", digest.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Digest.Items) != 2 {
				t.Fatalf("%d entries, want 2 (the story once, the other article):\n%s", len(res.Digest.Items), digest.Markdown(res.Digest))
			}
			var entry digest.Item
			for _, it := range res.Digest.Items {
				if strings.Contains(it.Title, "半导体") {
					entry = it
				}
			}
			if entry.Reprints != 19 {
				t.Errorf("reprints %d, want 19", entry.Reprints)
			}
			want := urls[0] // the earliest published (site 0 publishes at 10:00)
			if official {
				want = urls[7]
			}
			if entry.URL != want {
				t.Errorf("entry named after %s, want %s", entry.URL, want)
			}
			if !strings.Contains(entry.Snippet, "<mark>出口管制</mark>") {
				t.Errorf("snippet %q", entry.Snippet)
			}
			if md := digest.Markdown(res.Digest); !strings.Contains(md, "19 reprints") {
				t.Errorf("Markdown does not show the reprints:\n%s", md)
			}

			// A twenty-first reprint later is not news: the story was delivered.
			if _, err := s.SavePage(ctx, page("http://late.test/2025/08/27/chips.html", reprintPage(string(story), 20), clk.Now()), true); err != nil {
				t.Fatal(err)
			}
			clk.Advance(time.Hour)
			next, err := r.Run(ctx, "export-controls", digest.RunOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if !next.Digest.Empty() {
				t.Errorf("a late reprint of a delivered story came again: %v", ids(next.Digest))
			}
		})
	}
}
