package ingest

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// reprintPage dresses the story in site i's chrome, with the small edits
// reprinting sites make: their own source line, a dropped or reworded
// sentence, an editor line.
func reprintPage(story string, i int) string {
	paras := strings.Split(strings.TrimSpace(story), "\n")
	if i%3 == 1 {
		paras = paras[:len(paras)-1] // last paragraph cut
	}
	if i%4 == 2 {
		paras[0] = strings.Replace(paras[0], "日前", "近日", 1)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><meta charset="utf-8"><title>国务院印发人工智能+行动意见_站点%d</title></head><body>
<div class="nav"><a href="/">首页</a> <a href="/tech">科技</a> <a href="/world">国际</a> 站点%d网</div>
<h1>国务院印发关于深入实施“人工智能+”行动的意见</h1>
<div class="info">2025-08-%02d 10:%02d 来源：站点%d</div><div class="article">`, i, i, 26+i%3, i, i)
	for _, p := range paras {
		fmt.Fprintf(&b, "<p>%s</p>\n", p)
	}
	fmt.Fprintf(&b, `<p>（责任编辑：编辑%d）</p></div><div class="related"><h3>相关阅读</h3><ul>
<li><a href="/a%d">第%d届城市马拉松开跑</a></li></ul></div><div class="footer">版权所有 站点%d网</div></body></html>`, i, i, i, i)
	return b.String()
}

func TestTwentyReprintsOneCluster(t *testing.T) {
	story, err := os.ReadFile("testdata/reprint-story.txt")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewSaver(db, NewPipeline(extract.New(), topics, nil))
	for i := range 20 {
		u := fmt.Sprintf("http://site%d.test/2025/08/26/ai-plus.html", i)
		if _, err := s.SavePage(ctx, page(u, reprintPage(string(story), i)), true); err != nil {
			t.Fatal(err)
		}
	}
	other := page("http://h/2025/04/20/b.html", sportsPage)
	if _, err := s.SavePage(ctx, other, true); err != nil {
		t.Fatal(err)
	}

	articles, err := db.ArticlesSince(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	clusters := map[string]int{}
	for _, a := range articles {
		clusters[a.ClusterID]++
	}
	first := articles[0]
	if first.ClusterID != first.ID || clusters[first.ID] != 20 {
		t.Errorf("clusters %v; want the 20 reprints in the first one's cluster %s", clusters, first.ID)
	}
	if n, err := db.ClusterSize(ctx, first.ID); err != nil || n != 20 {
		t.Errorf("ClusterSize = %d, %v; want 20", n, err)
	}
	last := articles[len(articles)-1]
	if last.ClusterID != last.ID || clusters[last.ID] != 1 {
		t.Errorf("unrelated article joined cluster %s", last.ClusterID)
	}

	// Re-extracting keeps clusters stable.
	if _, err := s.Reprocess(ctx, db, func(p zhwatch.Page) bool { return true }, nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := db.ClusterSize(ctx, first.ID); n != 20 {
		t.Errorf("after reprocess ClusterSize = %d, want 20", n)
	}
}
