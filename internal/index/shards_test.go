package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// manyArticles are n articles about chips, every third one dated.
func manyArticles(n int) memSource {
	var src memSource
	for i := range n {
		a := zhwatch.Article{ID: fmt.Sprintf("a%03d", i), Seq: int64(i + 1),
			Title: fmt.Sprintf("芯片新闻%d", i), Body: "英伟达芯片出口管制的新闻。"}
		if i%3 == 0 {
			a.PublishedAt = fmt.Sprintf("2024-%02d-10", i%12+1)
		}
		src = append(src, a)
	}
	return src
}

func TestArticlesSpreadOverShardsAndAreFoundInAll(t *testing.T) {
	src := manyArticles(60)
	ix := openWith(t, src, nil)
	if len(ix.shards) < 2 {
		t.Fatalf("%d shards; want at least 2", len(ix.shards))
	}
	for i, s := range ix.shards {
		if n, err := s.DocCount(); err != nil || n == 0 {
			t.Errorf("shard %d holds %d articles (%v); the ids should spread", i, n, err)
		}
	}
	res, err := ix.Search(context.Background(), Request{Query: "芯片", Limit: 100, Facets: true})
	if err != nil || res.Total != 60 || len(res.Hits) != 60 {
		t.Fatalf("search over shards: total %d, %d hits, %v; want 60", res.Total, len(res.Hits), err)
	}
	dated := 0
	for _, c := range res.Facets.Date {
		dated += c.Count
	}
	if dated != 20 {
		t.Errorf("date facet counts %d articles over the shards; want 20", dated)
	}
	// Paging by date across shards visits every article once.
	var seen []string
	err = ix.Each(context.Background(), "芯片", func(h Hit) error { seen = append(seen, h.ID); return nil })
	slices.Sort(seen)
	if err != nil || len(slices.Compact(seen)) != 60 {
		t.Errorf("Each saw %d distinct articles, %v; want 60", len(seen), err)
	}
}

func TestUpdateReplacesTheArticleInItsShard(t *testing.T) {
	src := manyArticles(20)
	ix := openWith(t, src, nil)
	changed := src[7]
	changed.Seq, changed.Body = 21, "这篇文章改写了，只谈光刻机。"
	if err := ix.Apply(context.Background(), []zhwatch.Article{changed}); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 20 {
		t.Errorf("count after update = %d; want 20", n)
	}
	if got, _ := searchIDs(ix, Request{Query: "光刻机"}); !slices.Equal(got, []string{changed.ID}) {
		t.Errorf("光刻机 finds %v; want the updated article", got)
	}
	if seq, err := ix.Seq(); err != nil || seq != 21 {
		t.Errorf("Seq = %d, %v; want 21", seq, err)
	}
}

func TestFullWidthFindsHalfWidth(t *testing.T) {
	ix := openWith(t, memSource{
		{ID: "half", Seq: 1, Title: "H20", Body: "英伟达H20芯片。"},
		{ID: "full", Seq: 2, Title: "Ｈ２０", Body: "英伟达Ｈ２０芯片。"},
	}, nil)
	for _, q := range []string{"H20", "Ｈ２０", "h20"} {
		if got, err := searchIDs(ix, Request{Query: q}); err != nil || !slices.Equal(got, []string{"full", "half"}) {
			t.Errorf("%s finds %v, %v; want both", q, got, err)
		}
	}
}

// A shard that gets no article (an empty store, or fewer articles than
// shards) is built empty; bleve's builder cannot close without a document.
func TestRebuildWithEmptyShards(t *testing.T) {
	for _, src := range []memSource{nil, manyArticles(1)} {
		dir := filepath.Join(t.TempDir(), DirName)
		ix, n, err := Rebuild(context.Background(), dir, testSegmenter(t), src, Options{Texts: src}, nil)
		if err != nil || n != len(src) {
			t.Fatalf("Rebuild of %d articles = %d, %v", len(src), n, err)
		}
		if c, err := ix.Count(); err != nil || c != uint64(len(src)) {
			t.Errorf("Count = %d, %v; want %d", c, err, len(src))
		}
		if err := ix.Apply(context.Background(), manyArticles(10)); err != nil {
			t.Errorf("indexing into the rebuilt shards: %v", err)
		}
		ix.Close()
	}
}

// An index missing a shard refuses to open (its articles would route
// elsewhere) and says to rebuild; so does one with a shard added.
func TestMissingShardSaysReindex(t *testing.T) {
	for _, damage := range []func(dir string) error{
		func(dir string) error { return os.RemoveAll(shardDir(dir, 0)) },
		func(dir string) error { return os.RemoveAll(shardDir(dir, newShardCount()-1)) },
		func(dir string) error { return os.CopyFS(shardDir(dir, newShardCount()), os.DirFS(shardDir(dir, 0))) },
	} {
		dir := filepath.Join(t.TempDir(), DirName)
		ix, _, err := Rebuild(context.Background(), dir, testSegmenter(t), manyArticles(10), Options{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		ix.Close()
		if err := damage(dir); err != nil {
			t.Fatal(err)
		}
		ix, err = Open(dir, testSegmenter(t), Options{})
		if !errors.Is(err, ErrIncomplete) {
			if err == nil {
				ix.Close()
			}
			t.Errorf("Open of a damaged index: %v; want ErrIncomplete", err)
		}
	}
}
