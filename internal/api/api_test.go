package api

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/dictionaries"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/zh"
)

var (
	segOnce sync.Once
	segErr  error
)

// fakeStore holds articles and pages in memory; it is also the index's
// article source.
type fakeStore struct {
	articles []zhwatch.Article
	pages    map[int64]zhwatch.Page
}

func (s *fakeStore) Article(_ context.Context, id string) (zhwatch.Article, error) {
	for _, a := range s.articles {
		if a.ID == id {
			return a, nil
		}
	}
	return zhwatch.Article{}, zhwatch.ErrNotFound
}

func (s *fakeStore) Page(_ context.Context, id int64) (zhwatch.Page, error) {
	if p, ok := s.pages[id]; ok {
		return p, nil
	}
	return zhwatch.Page{}, zhwatch.ErrNotFound
}

func (s *fakeStore) ArticlesSince(_ context.Context, seq int64, limit int) ([]zhwatch.Article, error) {
	var out []zhwatch.Article
	for _, a := range s.articles {
		if a.Seq > seq && len(out) < limit {
			out = append(out, a)
		}
	}
	return out, nil
}

var _ Store = (*fakeStore)(nil)

func testStore() *fakeStore {
	return &fakeStore{
		articles: []zhwatch.Article{
			{ID: "0000000000000001", PageID: 7, Seq: 1, Source: "cna", URL: "http://t/1", Title: "美國擬收緊AI晶片出口管制",
				Body: "此舉可能涉及英偉達出口中國的A800、H800。", PublishedAt: "2023-10-18", Script: zhwatch.ScriptTraditional,
				Tags: []zhwatch.Tag{{ID: "company:nvidia", Type: "company", Text: "英偉達", Start: 20, End: 23},
					{ID: "chip:a800", Type: "chip", Text: "A800", Start: 28, End: 32}}},
			{ID: "0000000000000002", Seq: 2, Source: "xinhua", URL: "http://t/2", Title: "英伟达回应实体清单",
				Body: "美国商务部将多家企业列入实体清单。英伟达表示将遵守规定。", PublishedAt: "2024-12-03",
				Tags: []zhwatch.Tag{{ID: "company:nvidia", Type: "company", Text: "英伟达", Start: 0, End: 3},
					{ID: "list:entity-list", Type: "list", Text: "实体清单", Start: 5, End: 9}}},
			{ID: "0000000000000003", Seq: 3, Source: "xinhua", URL: "http://t/3", Title: "輝達財報",
				Body: "輝達公布季度營收。", PublishedAt: "2024-12-10",
				Tags: []zhwatch.Tag{{ID: "company:nvidia", Type: "company", Text: "輝達", Start: 0, End: 2}}},
		},
		pages: map[int64]zhwatch.Page{7: {ID: 7, Source: "cna", URL: "http://t/1", FinalURL: "http://t/1?x",
			Status: 200, FetchedAt: time.Date(2023, 10, 18, 9, 0, 0, 0, time.UTC),
			Header: http.Header{"Content-Type": {"text/html; charset=big5"}}, Body: []byte("<html>raw</html>")}},
	}
}

// aliases stands in for the entity catalog.
type aliases map[string][]string

func (a aliases) Resolve(name string) []string {
	for _, names := range a {
		if slices.Contains(names, name) {
			return names
		}
	}
	return nil
}

type catalog struct{}

var nvidia = Entity{ID: "company:nvidia", Type: "company", Name: "英伟达", Names: []string{"英伟达", "英偉達", "輝達", "NVIDIA"},
	Hans: []string{"英伟达"}, Hant: []string{"英偉達", "輝達"}, En: []string{"NVIDIA"}}

func (catalog) Entities(typ string) []Entity {
	if typ == "" || typ == "company" {
		return []Entity{nvidia, {ID: "company:amd", Type: "company", Name: "AMD", Names: []string{"AMD"}}}
	}
	return []Entity{}
}

func (catalog) Entity(id string) (Entity, bool) {
	for _, e := range (catalog{}).Entities("") {
		if e.ID == id {
			return e, true
		}
	}
	return Entity{}, false
}

// newTestServer indexes testStore and serves the API on loopback.
func newTestServer(t *testing.T, cfg Config) (*httptest.Server, *fakeStore) {
	t.Helper()
	return newTestServerWith(t, cfg, nil)
}

// newTestServerWith changes testStore with change, if not nil, before
// indexing it.
func newTestServerWith(t *testing.T, cfg Config, change func(*fakeStore)) (*httptest.Server, *fakeStore) {
	t.Helper()
	segOnce.Do(func() {
		jdir, err := dictionaries.OnDisk()
		if segErr = err; err == nil {
			segErr = zh.Load(jdir, filepath.Join("..", "..", "dictionaries"))
		}
	})
	if segErr != nil {
		t.Fatal(segErr)
	}
	seg, err := zh.Shared()
	if err != nil {
		t.Fatal(err)
	}
	st := testStore()
	if change != nil {
		change(st)
	}
	ix, err := index.Open(filepath.Join(t.TempDir(), "index"), seg,
		index.Options{Texts: st, Aliases: aliases{"nvidia": nvidia.Names}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	if _, err := index.Sync(context.Background(), ix, st, nil); err != nil {
		t.Fatal(err)
	}
	cfg.Index, cfg.Store = ix, st
	if cfg.Catalog == nil {
		cfg.Catalog = catalog{}
	}
	srv := httptest.NewServer(New(cfg))
	t.Cleanup(srv.Close)
	return srv, st
}

func get(t *testing.T, srv *httptest.Server, path string, v any) int {
	t.Helper()
	res, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			t.Fatalf("GET %s: %d, not JSON: %v\n%s", path, res.StatusCode, err, body)
		}
	}
	return res.StatusCode
}

type searchBody struct {
	Total  int
	Hits   []index.Hit
	Facets index.Facets
	Error  string
}

func hitIDs(r searchBody) []string {
	var ids []string
	for _, h := range r.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestSearchEitherScriptAndAliases(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	var trad, simp, tw searchBody
	get(t, srv, "/api/v1/search?q=英偉達", &trad)
	get(t, srv, "/api/v1/search?q=英伟达", &simp)
	get(t, srv, "/api/v1/search?q=輝達", &tw)
	if len(trad.Hits) != 3 || !slices.Equal(hitIDs(trad), hitIDs(simp)) || !slices.Equal(hitIDs(trad), hitIDs(tw)) {
		t.Errorf("英偉達 %v, 英伟达 %v, 輝達 %v: want the same three", hitIDs(trad), hitIDs(simp), hitIDs(tw))
	}
	var r searchBody
	if code := get(t, srv, "/api/v1/search?q=出口管制&sort=date&from=2023-10-01&to=2023-10-18", &r); code != 200 || r.Total != 1 {
		t.Fatalf("出口管制 in October 2023: %d %+v", code, r)
	}
	h := r.Hits[0]
	if !strings.Contains(h.Snippet, "<mark>出口管制</mark>") && !strings.Contains(h.Snippet+h.Title, "出口管制") {
		t.Errorf("snippet %q", h.Snippet)
	}
	if !slices.Contains(h.Entities, "company:nvidia") || h.Source != "cna" || h.PublishedAt != "2023-10-18" {
		t.Errorf("hit %+v", h)
	}
	get(t, srv, "/api/v1/search?q=entity:company:nvidia", &r)
	if !slices.Contains(r.Facets.Entity, index.Count{Value: "company:nvidia", Count: 3}) ||
		!slices.Contains(r.Facets.Source, index.Count{Value: "xinhua", Count: 2}) ||
		!slices.Equal(r.Facets.Date, []index.Count{{Value: "2023-10", Count: 1}, {Value: "2024-12", Count: 2}}) {
		t.Errorf("facets %+v", r.Facets)
	}
}

func TestBadInputIs400WithAMessage(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	for _, path := range []string{
		"/api/v1/search?q=%22出口管制", "/api/v1/search?q=英伟达&limit=100000", "/api/v1/search?q=英伟达&limit=0",
		"/api/v1/search?q=英伟达&offset=-1", "/api/v1/search?q=英伟达&offset=99999999999999999999",
		"/api/v1/search?q=英伟达&from=2024-13-01", "/api/v1/search?q=英伟达&sort=size", "/api/v1/search",
		"/api/v1/search?q=a+OR", "/api/v1/entities/company:nvidia/timeline?interval=year",
		"/api/v1/entities/company:nvidia/timeline?q=%22x",
	} {
		var e errorBody
		if code := get(t, srv, path, &e); code != 400 || e.Error == "" {
			t.Errorf("GET %s: %d %+v; want 400 with a message", path, code, e)
		}
	}
	var e errorBody
	get(t, srv, "/api/v1/search?q=%22出口管制", &e)
	if !strings.Contains(e.Error, "character 1") || !strings.Contains(e.Error, "quote") {
		t.Errorf("unbalanced quote: %q should say where and why", e.Error)
	}
}

func TestArticleWithEntitiesAndProvenance(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	var a articleResponse
	if code := get(t, srv, "/api/v1/articles/0000000000000001", &a); code != 200 {
		t.Fatalf("status %d", code)
	}
	rs := []rune(a.Original)
	for _, tag := range a.Entities {
		if string(rs[tag.Start:tag.End]) != tag.Text {
			t.Errorf("tag %+v does not sit at its offsets in original", tag)
		}
	}
	if !strings.Contains(a.Normalized, "英伟达") || !strings.Contains(a.Original, "英偉達") {
		t.Errorf("original %q, normalized %q", a.Original, a.Normalized)
	}
	p := a.Provenance
	if p.FinalURL != "http://t/1?x" || p.Status != 200 || len(p.SHA256) != 64 || p.ContentType == "" || p.FetchedAt.IsZero() {
		t.Errorf("provenance %+v", p)
	}
	for _, path := range []string{"/api/v1/articles/ffffffffffffffff", "/api/v1/articles/%2e%2e%2fetc", "/api/v1/nothing"} {
		var e errorBody
		if code := get(t, srv, path, &e); code != 404 || e.Error == "" {
			t.Errorf("GET %s: %d %+v; want 404", path, code, e)
		}
	}
}

func TestEntitiesAndTimeline(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	var list struct{ Entities []entityCount }
	get(t, srv, "/api/v1/entities?type=company", &list)
	if len(list.Entities) != 2 || list.Entities[0].ID != "company:nvidia" || list.Entities[0].Articles != 3 || list.Entities[1].Articles != 0 {
		t.Errorf("entities: %+v", list.Entities)
	}
	var one entityCount
	if code := get(t, srv, "/api/v1/entities/company:nvidia", &one); code != 200 || one.Articles != 3 || len(one.Names) != 4 {
		t.Errorf("entity: %d %+v", code, one)
	}
	var tl timelineResponse
	get(t, srv, "/api/v1/entities/company:nvidia/timeline?interval=month", &tl)
	// Every month from October 2023 to December 2024, the empty ones as 0.
	if len(tl.Counts) != 15 || tl.Counts[0] != (index.Count{Value: "2023-10", Count: 1}) ||
		tl.Counts[1] != (index.Count{Value: "2023-11", Count: 0}) || tl.Counts[14] != (index.Count{Value: "2024-12", Count: 2}) {
		t.Errorf("timeline %+v", tl)
	}
	get(t, srv, "/api/v1/entities/company:nvidia/timeline?interval=week&q=实体清单", &tl)
	if !slices.Equal(tl.Counts, []index.Count{{Value: "2024-12-02", Count: 1}}) {
		t.Errorf("weekly timeline with q: %+v", tl)
	}
	var e errorBody
	if code := get(t, srv, "/api/v1/entities/company:nobody/timeline", &e); code != 404 {
		t.Errorf("unknown entity: %d", code)
	}
}

func TestSlowQueryIsCutOff(t *testing.T) {
	srv, _ := newTestServer(t, Config{Timeout: time.Nanosecond})
	var e errorBody
	start := time.Now()
	code := get(t, srv, "/api/v1/search?q=英伟达", &e)
	if code != http.StatusServiceUnavailable || e.Error == "" {
		t.Errorf("status %d %+v; want 503", code, e)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestMetricsAndPage(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	get(t, srv, "/api/v1/search?q=英伟达", nil)
	res, err := srv.Client().Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `zhwatch_http_requests_total{code="200",route="/api/v1/search"} 1`) {
		t.Errorf("metrics:\n%s", body)
	}
	for path, want := range map[string]string{"/": `src="/static/app.js"`, "/static/app.js": "/api/v1/search", "/static/app.css": "mark"} {
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || !strings.Contains(string(body), want) || res.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s: %d, want %q in the body and a CSP", path, res.StatusCode, want)
		}
	}
}

// A known path asked with another method is 405 with Allow, in the JSON
// error envelope; an unknown path stays 404 whatever the method.
func TestWrongMethod(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	for _, tt := range []struct {
		method, path string
		code         int
	}{
		{"POST", "/api/v1/search", 405},
		{"DELETE", "/api/v1/articles/ffffffffffffffff", 405},
		{"PUT", "/healthz", 405},
		{"POST", "/", 405},
		{"POST", "/api/v1/nothing", 404},
		{"HEAD", "/api/v1/search?q=x", 200},
	} {
		req, err := http.NewRequest(tt.method, srv.URL+tt.path, strings.NewReader("{}"))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var e errorBody
		json.NewDecoder(resp.Body).Decode(&e) //nolint:errcheck // checked below where a body is due
		resp.Body.Close()
		allow := resp.Header.Get("Allow")
		switch {
		case resp.StatusCode != tt.code:
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, resp.StatusCode, tt.code)
		case tt.code == 405 && (allow != "GET, HEAD" || e.Error == "" || e.RequestID == ""):
			t.Errorf("%s %s: Allow %q, body %+v; want Allow \"GET, HEAD\" and a JSON error", tt.method, tt.path, allow, e)
		case tt.code != 405 && allow != "":
			t.Errorf("%s %s: Allow %q on a %d", tt.method, tt.path, allow, tt.code)
		}
	}
}
