package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/zh"
)

var (
	segOnce sync.Once
	seg     *zh.Segmenter
	segErr  error
)

// testSegmenter loads the project dictionary once per test binary, as
// cmd/search does once per process.
func testSegmenter(t testing.TB) *zh.Segmenter {
	t.Helper()
	segOnce.Do(func() {
		jdir, err := dictionaries.OnDisk()
		if segErr = err; err != nil {
			return
		}
		if segErr = zh.Load(jdir, filepath.Join("..", "..", "dictionaries")); segErr == nil {
			seg, segErr = zh.Shared()
		}
	})
	if segErr != nil {
		t.Fatal(segErr)
	}
	return seg
}

// memSource is an in-memory ArticleSource.
type memSource []zhwatch.Article

func (m memSource) ArticlesSince(_ context.Context, seq int64, limit int) ([]zhwatch.Article, error) {
	var out []zhwatch.Article
	for _, a := range m {
		if a.Seq > seq && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

func (m memSource) Article(_ context.Context, id string) (zhwatch.Article, error) {
	for _, a := range m {
		if a.ID == id {
			return a, nil
		}
	}
	return zhwatch.Article{}, zhwatch.ErrNotFound
}

var articles = memSource{
	{ID: "hant", Seq: 1, Source: "demo", URL: "http://h/1", Title: "美國擬收緊AI芯片出口管制",
		Body: "此舉可能涉及英偉達目前出口中國的A800、H800等型號的AI芯片。", PublishedAt: "2023-10-18",
		Tags: []zhwatch.Tag{{ID: "company:nvidia", Type: "company", Text: "英偉達"}, {ID: "chip:a800", Type: "chip", Text: "A800"},
			{ID: "chip:h800", Type: "chip", Text: "H800"}}},
	{ID: "hans", Seq: 2, Source: "demo", URL: "http://h/2", Title: "英伟达发布新款芯片",
		Body: "美国商务部将多家企业列入实体清单。英伟达表示将遵守规定。", PublishedAt: "2024-12-03T10:30:00+08:00",
		Tags: []zhwatch.Tag{{ID: "company:nvidia", Type: "company", Text: "英伟达"}, {ID: "list:entity-list", Type: "list", Text: "实体清单"}}},
	{ID: "other", Seq: 3, Source: "demo", URL: "http://h/3", Title: "城市马拉松周日开跑",
		Body: "三万名跑者将参加本届马拉松比赛。", PublishedAt: "2025-04-20"},
}

func openTest(t *testing.T) *Index {
	t.Helper()
	return openWith(t, articles, nil)
}

func openWith(t *testing.T, src memSource, aliases Aliases) *Index {
	t.Helper()
	ix, err := Open(filepath.Join(t.TempDir(), DirName), testSegmenter(t), Options{Texts: src, Aliases: aliases})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	n, err := Sync(context.Background(), ix, src, nil)
	if err != nil || n != len(src) {
		t.Fatalf("Sync = %d, %v", n, err)
	}
	return ix
}

func ids(t *testing.T, ix *Index, q string) []string {
	t.Helper()
	res, err := ix.Search(context.Background(), Request{Query: q})
	if err != nil {
		t.Fatalf("search %q: %v", q, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	slices.Sort(out)
	return out
}

func TestEitherScriptFindsBoth(t *testing.T) {
	ix := openTest(t)
	want := []string{"hans", "hant"}
	for _, q := range []string{"英伟达", "英偉達"} {
		if got := ids(t, ix, q); !slices.Equal(got, want) {
			t.Errorf("%s: got %v, want %v", q, got, want)
		}
	}
	if got := ids(t, ix, "實體清單"); !slices.Equal(got, []string{"hans"}) {
		t.Errorf("實體清單: got %v, want [hans]", got)
	}
	if got := ids(t, ix, "英伟达 -实体清单"); !slices.Equal(got, []string{"hant"}) {
		t.Errorf("negation: got %v, want [hant]", got)
	}
	if got := ids(t, ix, "h800"); !slices.Equal(got, []string{"hant"}) {
		t.Errorf("h800 (case folded): got %v, want [hant]", got)
	}
}

func TestSnippetShowsOriginalScript(t *testing.T) {
	ix := openTest(t)
	res, err := ix.Search(context.Background(), Request{Query: "英伟达 A800"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	h := res.Hits[0]
	if !strings.Contains(h.Snippet, "<mark>英偉達</mark>") {
		t.Errorf("snippet %q: want the traditional original marked", h.Snippet)
	}
	if h.URL != "http://h/1" || h.Source != "demo" || h.PublishedAt != "2023-10-18" {
		t.Errorf("hit fields: %+v", h)
	}
}

func TestSortByDate(t *testing.T) {
	ix := openTest(t)
	res, err := ix.Search(context.Background(), Request{Query: "芯片", Sort: "date"})
	if err != nil || len(res.Hits) != 2 || res.Hits[0].ID != "hans" {
		t.Fatalf("by date: %+v, %v; want hans (2024) before hant (2023)", res.Hits, err)
	}
}

func TestBadQueries(t *testing.T) {
	ix := openTest(t)
	for _, q := range []string{"", "   ", `"出口管制`, "-英伟达", "，。", "a OR"} {
		_, err := ix.Search(context.Background(), Request{Query: q})
		if !errors.Is(err, zhwatch.ErrInvalid) {
			t.Errorf("%q: err = %v, want ErrInvalid", q, err)
		}
	}
	_, err := ix.Search(context.Background(), Request{Query: "芯片", Limit: MaxLimit + 1})
	if !errors.Is(err, zhwatch.ErrInvalid) {
		t.Errorf("limit too large: err = %v", err)
	}
}

func TestSeqTracksStore(t *testing.T) {
	ix := openTest(t)
	if seq, err := ix.Seq(); err != nil || seq != 3 {
		t.Errorf("Seq = %d, %v; want 3", seq, err)
	}
	more := append(memSource{}, articles...)
	more = append(more, zhwatch.Article{ID: "new", Seq: 4, Title: "出口管制新规", Body: "商务部发布公告。"})
	n, err := Sync(context.Background(), ix, more, nil)
	if err != nil || n != 1 {
		t.Errorf("second Sync = %d, %v; want only the new article", n, err)
	}
}

func TestSecondOpenerGetsLockedError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	ix, err := Open(dir, testSegmenter(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = Open(dir, testSegmenter(t), Options{})
	if !errors.Is(err, ErrIndexLocked) {
		t.Fatalf("second open: err = %v, want ErrIndexLocked", err)
	}
}

func TestRebuildMatchesSync(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	ix, n, err := Rebuild(context.Background(), dir, testSegmenter(t), articles, Options{Texts: articles}, nil)
	if err != nil || n != len(articles) {
		t.Fatalf("Rebuild = %d, %v", n, err)
	}
	if seq, err := ix.Seq(); err != nil || seq != 3 {
		t.Errorf("Seq after rebuild = %d, %v; want 3", seq, err)
	}
	if got := ids(t, ix, "英偉達"); !slices.Equal(got, []string{"hans", "hant"}) {
		t.Errorf("英偉達 after rebuild: %v", got)
	}
	if _, _, err := Rebuild(context.Background(), dir, testSegmenter(t), articles, Options{}, nil); !errors.Is(err, ErrIndexLocked) {
		t.Errorf("Rebuild of an index this process has open: %v, want ErrIndexLocked", err)
	}
	ix.Close()
	more := append(slices.Clone(articles), zhwatch.Article{ID: "new", Seq: 4, Title: "新文章"})
	ix, n, err = Rebuild(context.Background(), dir, testSegmenter(t), more, Options{Texts: more}, nil)
	if err != nil || n != len(more) {
		t.Fatalf("Rebuild over the closed index = %d, %v", n, err)
	}
	defer ix.Close()
	if c, err := ix.Count(); err != nil || c != uint64(len(more)) {
		t.Errorf("Count after the second rebuild = %d, %v; want %d (the old index replaced)", c, err, len(more))
	}
}

func TestOutdatedIndexSaysReindex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	seg := testSegmenter(t)
	m, err := newMapping(seg.DictDigest(), defaultLayout)
	if err != nil {
		t.Fatal(err)
	}
	// An index whose tokenizer config lacks this layout's version, as one
	// built by an older zhwatch.
	m.CustomAnalysis.Tokenizers["zh_jieba"]["layout"] = "1"
	bi, err := bleve.New(shardDir(dir, 0), m)
	if err != nil {
		t.Fatal(err)
	}
	bi.Close()
	_, err = Open(dir, seg, Options{})
	if !errors.Is(err, ErrOutdated) || len(err.Error()) > 300 {
		t.Fatalf("err = %v; want ErrOutdated, briefly", err)
	}
}

func TestUnshardedIndexSaysReindex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), DirName)
	seg := testSegmenter(t)
	m, err := newMapping(seg.DictDigest(), defaultLayout)
	if err != nil {
		t.Fatal(err)
	}
	// One bleve index right in dir, as zhwatch built before it had shards.
	bi, err := bleve.New(dir, m)
	if err != nil {
		t.Fatal(err)
	}
	bi.Close()
	if _, err := Open(dir, seg, Options{}); !errors.Is(err, ErrOutdated) {
		t.Fatalf("err = %v; want ErrOutdated", err)
	}
}
