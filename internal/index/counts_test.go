package index

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// The counting suite: every facet, timeline bucket and entity count the
// index reports must equal the count made from the matching articles
// themselves, at the size users reach — thousands of articles, several
// shards, several segments per shard (many small sync batches, merged in
// the background) as well as one rebuild. It runs on a generated corpus
// here and on ../shared/corpus in corpus_counts_test.go.

// countingArticles generates n articles with a fixed seed: a few hundred
// distinct words, sources, entity tags of every type (money and percent
// among them) and dates over three years, about one in twenty undated.
func countingArticles(n int) memSource {
	r := rand.New(rand.NewPCG(11, uint64(n)))
	words := []string{"芯片", "出口", "管制", "人工智能", "算力", "美国", "北京", "增长", "企业", "政策",
		"半导体", "市场", "技术", "投资", "研究", "发展", "合作", "安全", "数据", "标准", "创新", "产业",
		"供应链", "制裁", "清单", "公告", "数据中心", "模型", "训练", "出口许可", "关税", "谈判"}
	sources := []string{"xinhua", "people", "mofcom", "govcn", "cna", "thepaper", "sina", "caixin"}
	type ent struct{ id, typ string }
	var ents []ent
	for _, t := range []string{"company", "chip", "government", "list", "document", "technology", "place", "organization"} {
		for i := range 12 {
			ents = append(ents, ent{fmt.Sprintf("%s:e%02d", t, i), t})
		}
	}
	start := time.Date(2023, 1, 1, 0, 0, 0, 0, zhwatch.ChinaTime)
	src := make(memSource, 0, n)
	for i := range n {
		var body strings.Builder
		for range 20 + r.IntN(60) {
			body.WriteString(words[zipf(r, len(words))])
		}
		a := zhwatch.Article{ID: fmt.Sprintf("c%05d", i), Seq: int64(i + 1), URL: fmt.Sprintf("https://example.org/%d", i),
			Title: words[r.IntN(len(words))] + words[r.IntN(len(words))], Body: body.String(),
			Source: sources[zipf(r, len(sources))], StoredAt: start.Add(time.Duration(i) * time.Minute)}
		if r.IntN(20) != 0 {
			a.PublishedAt = start.AddDate(0, 0, r.IntN(3*365)).Add(time.Duration(r.IntN(86400)) * time.Second).Format(time.RFC3339)
		}
		for range r.IntN(7) {
			e := ents[zipf(r, len(ents))]
			a.Tags = append(a.Tags, zhwatch.Tag{ID: e.id, Type: e.typ})
		}
		if r.IntN(3) == 0 {
			a.Tags = append(a.Tags, zhwatch.Tag{ID: fmt.Sprintf("money:USD:%d", r.IntN(5000)), Type: "money"})
		}
		if r.IntN(4) == 0 {
			a.Tags = append(a.Tags, zhwatch.Tag{ID: fmt.Sprintf("percent:%d", r.IntN(100)), Type: "percent"})
		}
		src = append(src, a)
	}
	return src
}

// zipf picks an index in [0, n) with small ones far more likely, so facets
// have a head and a long tail.
func zipf(r *rand.Rand, n int) int {
	return min(int(float64(n)*r.Float64()*r.Float64()*r.Float64()), n-1)
}

// countingQueries mix common and rare words, phrases, filters, negation,
// dates and a match of every article.
var countingQueries = []string{
	"芯片", "增长", "美国", "北京", "关税", `"出口管制"`, "芯片 出口", "美国 OR 北京", "芯片 -美国",
	"entity:company:e00", "entity:list:*", "type:chip", "source:xinhua", "source:mofcom 芯片",
	"after:2024-06-01 人工智能", "before:2023-07 政策", "title:芯片", "entity:*",
}

const countingN = 6000

func TestCountsExactAfterRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 6,000-article index")
	}
	src := countingArticles(countingN)
	ix := rebuiltForCounting(t, src, layout{analyzer: AnalyzerName, shards: 3})
	checkCounts(t, ix, src, countingQueries)
}

func TestCountsExactAfterManySyncBatches(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 6,000-article index")
	}
	src := countingArticles(countingN)
	ix := syncedForCounting(t, src, layout{analyzer: AnalyzerName, shards: 3}, 47)
	checkCounts(t, ix, src, countingQueries)
}

// rebuiltForCounting builds the index of src with Rebuild.
func rebuiltForCounting(t testing.TB, src memSource, lay layout) *Index {
	t.Helper()
	dir := t.TempDir() + "/index"
	s := testSegmenter(t)
	ix, _, err := rebuildLayout(context.Background(), dir, s, src, Options{Texts: src}, nil, lay)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// syncedForCounting indexes src in batches of size, as `search serve`
// does while a crawl is running, so each shard gets many segments that
// scorch merges in the background; the index is then closed and reopened,
// reading what the merges wrote.
func syncedForCounting(t testing.TB, src memSource, lay layout, size int) *Index {
	t.Helper()
	dir := t.TempDir() + "/index"
	s := testSegmenter(t)
	ix, err := openLayout(dir, s, Options{Texts: src}, lay)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(src); i += size {
		if err := ix.Apply(context.Background(), src[i:min(i+size, len(src))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	if ix, err = openLayout(dir, s, Options{Texts: src}, lay); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// checkCounts compares, for every query, the index's total, facets and
// timelines with counts made from the matching articles, and the entity
// counts with counts made from every article.
func checkCounts(t *testing.T, ix *Index, src memSource, queries []string) {
	t.Helper()
	byID := make(map[string]zhwatch.Article, len(src))
	for _, a := range src {
		byID[a.ID] = a
	}
	ctx := context.Background()
	if n, err := ix.Count(); err != nil || int(n) != len(src) {
		t.Fatalf("the index holds %d articles (%v), the store %d", n, err, len(src))
	}
	for _, q := range queries {
		var matches []zhwatch.Article
		if err := ix.Each(ctx, q, func(h Hit) error {
			matches = append(matches, byID[h.ID])
			return nil
		}); err != nil {
			t.Fatalf("%s: export: %v", q, err)
		}
		res, err := ix.Search(ctx, Request{Query: q, Facets: true})
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		if int(res.Total) != len(matches) {
			t.Errorf("%s: total %d, export wrote %d", q, res.Total, len(matches))
		}
		want := countMatches(matches)
		checkFacet(t, q+": source facet", res.Facets.Source, want.source, facetSize)
		checkFacet(t, q+": type facet", res.Facets.Type, want.typ, facetSize)
		checkFacet(t, q+": entity facet", res.Facets.Entity, want.entity, facetSize)
		checkFacet(t, q+": date facet", res.Facets.Date, want.month, facetAll)
		for iv, counts := range map[Interval]map[string]int{Month: want.month, Week: want.week, Day: want.day} {
			got, err := ix.Timeline(ctx, TimelineRequest{Query: q, Interval: iv})
			if err != nil {
				t.Fatalf("%s: timeline: %v", q, err)
			}
			checkFacet(t, fmt.Sprintf("%s: %s timeline", q, iv), got, counts, facetAll)
		}
	}
	all := countMatches(src)
	got, err := ix.EntityCounts(ctx, "", 100000)
	if err != nil {
		t.Fatal(err)
	}
	checkFacet(t, "entity counts", entityCounts(got), all.entity, 100000)
	got, err = ix.EntityCounts(ctx, "chip", 5)
	if err != nil {
		t.Fatal(err)
	}
	chips := map[string]int{}
	for id, n := range all.entity {
		if strings.HasPrefix(id, "chip:") {
			chips[id] = n
		}
	}
	checkFacet(t, "chip counts", entityCounts(got), chips, 5)
}

func entityCounts(cs []EntityCount) []Count {
	out := make([]Count, len(cs))
	for i, c := range cs {
		out[i] = Count{Value: c.ID, Count: c.Count}
	}
	return out
}

// counted is what the facets should say about a set of articles.
type counted struct{ source, typ, entity, month, week, day map[string]int }

// countMatches counts each article once per value. Money and percent are
// amounts, not things: they are searchable but not counted among entities.
func countMatches(as []zhwatch.Article) counted {
	c := counted{map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}, map[string]int{}}
	for _, a := range as {
		if a.Source != "" {
			c.source[a.Source]++
		}
		var ids, types []string
		for _, tag := range a.Tags {
			if !slices.Contains(types, tag.Type) {
				types = append(types, tag.Type)
				c.typ[tag.Type]++
			}
			if !slices.Contains(ids, tag.ID) && !isAmount(tag.Type) {
				ids = append(ids, tag.ID)
				c.entity[tag.ID]++
			}
		}
		if p, ok := a.Published(); ok {
			c.month[Month.bucket(p)]++
			c.week[Week.bucket(p)]++
			c.day[Day.bucket(p)]++
		}
	}
	return c
}

// checkFacet checks that got holds the top n values of want (ties in any
// order) with exactly their counts.
func checkFacet(t *testing.T, what string, got []Count, want map[string]int, n int) {
	t.Helper()
	shown := map[string]bool{}
	bad := 0
	for _, c := range got {
		shown[c.Value] = true
		if want[c.Value] != c.Count {
			if bad++; bad <= 3 {
				t.Errorf("%s: %q counted %d, the matches hold %d", what, c.Value, c.Count, want[c.Value])
			}
		}
	}
	if len(got) != min(n, len(want)) {
		t.Errorf("%s: %d values, want %d", what, len(got), min(n, len(want)))
	}
	lowest := 0
	if len(got) > 0 {
		lowest = slices.MinFunc(got, func(a, b Count) int { return a.Count - b.Count }).Count
	}
	for v, c := range want {
		if !shown[v] && c > lowest {
			t.Errorf("%s: %q (%d matches) left out for a value with %d", what, v, c, lowest)
			return
		}
	}
}
