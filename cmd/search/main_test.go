package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/dictset"
	"github.com/zhwatch/zhwatch/internal/entity"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/ingest"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

const dictDir = "../../dictionaries"

// seedPath is the demo page carrying ../shared/seed/article-export-controls.txt.
const seedPath = "2025/09/03/c_1130098765.html"

// storeDemo saves every demo article page into a fresh data directory, the
// way the crawler would.
func storeDemo(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	cat, err := entity.Load(dictDir)
	if err != nil {
		t.Fatal(err)
	}
	saver := ingest.NewSaver(db, ingest.NewPipeline(extract.New(), nil, cat))
	site := demo.Site()
	err = fs.WalkDir(site, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".html") || !strings.HasPrefix(path, "20") {
			return err
		}
		body, err := fs.ReadFile(site, path)
		if err != nil {
			return err
		}
		u := "http://demo.test/" + path
		_, err = saver.SavePage(ctx, zhwatch.Page{Source: "demo", URL: u, FinalURL: u, Status: 200,
			Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Now(), Body: body}, true)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// storePage saves one more article page into data, as the crawler would.
func storePage(t *testing.T, data, url, html string) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Open(ctx, data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	saver := ingest.NewSaver(db, ingest.NewPipeline(extract.New(), nil, nil))
	if _, err := saver.SavePage(ctx, zhwatch.Page{Source: "demo", URL: url, FinalURL: url, Status: 200,
		Header: http.Header{"Content-Type": {"text/html"}}, FetchedAt: time.Now(), Body: []byte(html)}, true); err != nil {
		t.Fatal(err)
	}
}

func search(t *testing.T, data string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	all := append([]string{args[0], "--data", data}, args[1:]...)
	code = exitCode(run(context.Background(), all, &out, &errOut), &errOut)
	return out.String(), errOut.String(), code
}

type jsonResults struct {
	Total int `json:"total"`
	Hits  []struct {
		ID, Title, URL, Source, Snippet string
		PublishedAt                     string  `json:"published_at"`
		Score                           float64 `json:"score"`
	} `json:"hits"`
}

func queryIDs(t *testing.T, data, q string, flags ...string) ([]string, jsonResults) {
	t.Helper()
	out, errOut, code := search(t, data, append([]string{"query", "--json", q}, flags...)...)
	if code != 0 {
		t.Fatalf("query %s: exit %d: %s", q, code, errOut)
	}
	var res jsonResults
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("query %s: bad JSON: %v\n%s", q, err, out)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids, res
}

func TestQueryEitherScriptSameArticles(t *testing.T) {
	data := storeDemo(t)
	trad, res := queryIDs(t, data, "英偉達")
	simp, _ := queryIDs(t, data, "英伟达")
	if !slices.Equal(trad, simp) || len(trad) < 2 {
		t.Fatalf("英偉達 → %v, 英伟达 → %v; want the same ids, at least two", trad, simp)
	}
	seedID := zhwatch.ArticleID("http://demo.test/" + seedPath)
	if !slices.Contains(trad, seedID) {
		t.Errorf("seed article %s not among %v", seedID, trad)
	}
	for _, h := range res.Hits {
		if h.Title == "" || h.URL == "" || h.Source != "demo" || h.Snippet == "" || h.Score <= 0 {
			t.Errorf("hit missing fields: %+v", h)
		}
	}
}

func TestQueryTextOutput(t *testing.T) {
	data := storeDemo(t)
	out, _, code := search(t, data, "query", "出口管制")
	if code != 0 || !strings.Contains(out, "match \"出口管制\"") || !strings.Contains(out, "【") {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestBadQueriesAndLockedIndex(t *testing.T) {
	data := storeDemo(t)
	for _, args := range [][]string{{"query"}, {"query", `"出口管制`}, {"query", "--sort", "size", "x"}, {"frobnicate"}} {
		_, errOut, code := search(t, data, args...)
		if code != 2 || errOut == "" || strings.Contains(errOut, "goroutine ") {
			t.Errorf("search %v: exit %d, stderr %q; want exit 2 and a message", args, code, errOut)
		}
	}

	// Another process holding the index: simulate it by holding it here.
	dicts, err := dictset.Open("")
	if err != nil {
		t.Fatal(err)
	}
	seg, err := dicts.Segmenter()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(filepath.Join(data, index.DirName), seg, index.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	start := time.Now()
	_, errOut, code := search(t, data, "query", "英伟达")
	if code != 1 || !strings.Contains(errOut, "in use by another process") {
		t.Errorf("locked index: exit %d, stderr %q", code, errOut)
	}
	if waited := time.Since(start); waited > 20*time.Second {
		t.Errorf("locked index: waited %v; it must not hang", waited)
	}
}

func TestReindexRebuildsFromStore(t *testing.T) {
	data := storeDemo(t)
	before, _ := queryIDs(t, data, "出口管制")
	out, errOut, code := search(t, data, "reindex")
	if code != 0 || !strings.Contains(out, "reindexed 9 articles") {
		t.Fatalf("reindex: exit %d: %s %s", code, out, errOut)
	}
	after, _ := queryIDs(t, data, "出口管制")
	if !slices.Equal(before, after) || len(after) == 0 {
		t.Errorf("before reindex %v, after %v", before, after)
	}
}

// Flags may follow the query, and a leading -word excludes without "--".
func TestQueryFlagsAnywhereAndExclusion(t *testing.T) {
	data := storeDemo(t)
	out, errOut, code := search(t, data, "query", "英偉達", "--json")
	var res jsonResults
	if code != 0 || json.Unmarshal([]byte(out), &res) != nil || res.Total == 0 {
		t.Fatalf("query 英偉達 --json: exit %d, stderr %q, stdout:\n%s", code, errOut, out)
	}
	idsOf := func(args ...string) []string {
		out, errOut, code := search(t, data, append([]string{"query", "--json", "--limit", "100"}, args...)...)
		var res jsonResults
		if code != 0 || json.Unmarshal([]byte(out), &res) != nil {
			t.Fatalf("query %q: exit %d: %s", args, code, errOut)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		slices.Sort(ids)
		return ids
	}
	all, without, not := idsOf("芯片"), idsOf("-美国", "芯片"), idsOf("芯片", "NOT", "美国")
	if !slices.Equal(without, not) || len(without) >= len(all) {
		t.Errorf("-美国 芯片 → %v; 芯片 NOT 美国 → %v; 芯片 → %v: want the first two equal and fewer than the last",
			without, not, all)
	}
}
