package index

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// phraseArticles put 出口 and 管制 together, apart, and inside longer words.
var phraseArticles = memSource{
	{ID: "together", Seq: 1, Title: "新规", Body: "美国加强出口管制措施，涉及多家企业。", PublishedAt: "2024-01-05"},
	{ID: "apart", Seq: 2, Title: "贸易", Body: "出口的芯片受到管制，企业表示关注。", PublishedAt: "2024-02-05"},
	{ID: "champion", Seq: 3, Title: "体育", Body: "球队获得总冠军。", PublishedAt: "2024-02-20"},
}

func TestPhraseAcrossSubWords(t *testing.T) {
	ix := openWith(t, phraseArticles, nil)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{`"出口管制"`, []string{"together"}},
		{"出口管制", []string{"together"}},
		{"出口 管制", []string{"apart", "together"}},
		{`"管制措施"`, []string{"together"}},   // a phrase that starts inside a word
		{`"加强出口管制"`, []string{"together"}}, // and one that ends on a whole word
		{`"出口的芯片"`, []string{"apart"}},     // across ordinary words
		{`"芯片出口"`, nil},                    // wrong order
		{"冠军", []string{"champion"}},       // a sub-word alone still matches
		{`title:"新规" OR 冠军`, []string{"champion", "together"}},
	} {
		got, err := searchIDs(ix, Request{Query: c.q})
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, %v; want %v", c.q, got, err, c.want)
		}
	}
}

func TestHighlightMarksTheWholeWord(t *testing.T) {
	ix := openWith(t, phraseArticles, nil)
	for q, want := range map[string]string{
		`"出口管制"`:   "<mark>出口管制</mark>",
		"出口管制":     "<mark>出口管制</mark>",
		`"加强出口管制"`: "<mark>加强出口管制</mark>",
		"冠军":       "总<mark>冠军</mark>",
	} {
		res, err := ix.Search(context.Background(), Request{Query: q})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%s: %+v, %v", q, res, err)
		}
		if s := res.Hits[0].Snippet; !strings.Contains(s, want) {
			t.Errorf("%s: snippet %q, want %q", q, s, want)
		}
	}
}

func TestSnippetEscapesEverythingElse(t *testing.T) {
	got := snippet(`<b>出口</b> & "管制"`, []span{{3, 9}})
	want := `&lt;b&gt;<mark>出口</mark>&lt;/b&gt; &amp; &#34;管制&#34;`
	if got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	long := strings.Repeat("无关。", 100) + "出口管制" + strings.Repeat("无关。", 100)
	s := snippet(long, []span{{900, 912}})
	if !strings.HasPrefix(s, "…") || !strings.HasSuffix(s, "…") || !strings.Contains(s, "<mark>出口管制</mark>") {
		t.Errorf("long text snippet: %s", s)
	}
	if s := snippet("abc", []span{{2, 99}, {-1, 1}}); s != "abc" {
		t.Errorf("out-of-range spans: %s", s)
	}
}

func TestFiltersAndOr(t *testing.T) {
	ix := openTest(t)
	for _, c := range []struct {
		q    string
		want []string
	}{
		{"entity:company:nvidia", []string{"hans", "hant"}},
		{"entity:Company:NVIDIA", []string{"hans", "hant"}},
		{"type:chip", []string{"hant"}},
		{"entity:list:*", []string{"hans"}},
		{"马拉松 OR entity:list:*", []string{"hans", "other"}},
		{"英伟达 -type:chip", []string{"hans"}},
		{"source:demo after:2024-01-01", []string{"hans", "other"}},
		{"source:demo before:2024", []string{"hant"}},
		{"source:demo after:2024-12-03 before:2024-12-04", []string{"hans"}},
		{"source:nowhere", nil},
		{"title:英伟达", []string{"hans"}},
		{"(马拉松 OR 实体清单) 英伟达", []string{"hans"}},
		{"芯片 NOT (实体清单 OR 马拉松)", []string{"hant"}},
	} {
		got, err := searchIDs(ix, Request{Query: c.q})
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("%s: got %v, %v; want %v", c.q, got, err, c.want)
		}
	}
}

type aliasMap map[string][]string

func (m aliasMap) Resolve(name string) []string { return m[name] }

func TestAliasesExpandAtQueryTime(t *testing.T) {
	nvidia := []string{"英伟达", "英偉達", "輝達", "NVIDIA"}
	aliases := aliasMap{}
	for _, n := range nvidia {
		aliases[n] = nvidia
	}
	src := append(memSource{}, articles...)
	src = append(src, zhwatch.Article{ID: "tw", Seq: 9, Title: "輝達財報", Body: "輝達公布季度營收。"},
		zhwatch.Article{ID: "en", Seq: 10, Title: "NVIDIA earnings", Body: "Nvidia reported revenue."})
	ix := openWith(t, src, aliases)
	want, _ := searchIDs(ix, Request{Query: "英伟达"})
	if len(want) != 4 {
		t.Fatalf("英伟达 → %v, want 4 articles", want)
	}
	for _, q := range []string{"英偉達", "輝達", "NVIDIA"} {
		if got, err := searchIDs(ix, Request{Query: q}); !slices.Equal(got, want) {
			t.Errorf("%s → %v, %v; want %v", q, got, err, want)
		}
	}
}

func TestFacetsAndTimeline(t *testing.T) {
	ix := openTest(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, Request{Query: "source:demo", Facets: true})
	if err != nil {
		t.Fatal(err)
	}
	f := res.Facets
	if f == nil || !slices.Contains(f.Entity, Count{"company:nvidia", 2}) || !slices.Contains(f.Type, Count{"chip", 1}) ||
		!slices.Equal(f.Source, []Count{{"demo", 3}}) ||
		!slices.Equal(f.Date, []Count{{"2023-10", 1}, {"2024-12", 1}, {"2025-04", 1}}) {
		t.Errorf("facets: %+v", f)
	}
	tl, err := ix.Timeline(ctx, TimelineRequest{Entity: "company:nvidia", Interval: Week})
	if err != nil || !slices.Equal(tl, []Count{{"2023-10-16", 1}, {"2024-12-02", 1}}) {
		t.Errorf("weekly timeline: %v, %v", tl, err)
	}
	tl, err = ix.Timeline(ctx, TimelineRequest{Query: "芯片 OR 马拉松", Interval: Month})
	if err != nil || len(tl) != 3 {
		t.Errorf("monthly timeline: %v, %v", tl, err)
	}
	counts, err := ix.EntityCounts(ctx, "chip", 10)
	if err != nil || !slices.Equal(counts, []EntityCount{{"chip:a800", "chip", 1}, {"chip:h800", "chip", 1}}) {
		t.Errorf("entity counts: %v, %v", counts, err)
	}
}

func TestEachVisitsEveryMatchNewestFirst(t *testing.T) {
	var src memSource
	for i := range 1234 {
		day := []string{"2024-01-02", "2024-03-04", ""}[i%3]
		src = append(src, zhwatch.Article{ID: strings.Repeat("x", i%7) + string(rune('a'+i%26)) + itoa(i), Seq: int64(i + 1),
			Title: "出口管制", Body: "第" + itoa(i) + "篇", PublishedAt: day})
	}
	ix := openWith(t, src, nil)
	seen := map[string]bool{}
	last := "9999"
	err := ix.Each(context.Background(), "出口管制", func(h Hit) error {
		if seen[h.ID] {
			t.Fatalf("%s twice", h.ID)
		}
		seen[h.ID] = true
		if h.PublishedAt != "" && h.PublishedAt > last {
			t.Fatalf("%s after %s: not newest first", h.PublishedAt, last)
		}
		if h.PublishedAt != "" {
			last = h.PublishedAt
		}
		return nil
	})
	if err != nil || len(seen) != len(src) {
		t.Errorf("Each saw %d of %d, %v", len(seen), len(src), err)
	}
}

func itoa(i int) string { return strconv.Itoa(i) }

func searchIDs(ix *Index, req Request) ([]string, error) {
	res, err := ix.Search(context.Background(), req)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out, nil
}
