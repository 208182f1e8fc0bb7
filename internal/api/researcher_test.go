package api

import (
	"bytes"
	"net/url"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/index"
)

// Typos in a field, an entity id or a type get a "did you mean".
func TestDidYouMean(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	for _, c := range []struct{ q, term, want, fixed string }{
		{"entity:company:nvida", "entity:company:nvida", "entity:company:nvidia", "entity:company:nvidia"},
		{"entity:nvidia 出口", "entity:nvidia", "entity:company:nvidia", "entity:company:nvidia 出口"},
		{"titel:华为", "titel:华为", "title:华为", "title:华为"},
		{"type:companys OR 英伟达", "type:companys", "type:company", "type:company OR 英伟达"},
		{"entity:compnay:*", "entity:compnay:*", "entity:company:*", "entity:company:*"},
	} {
		var r struct {
			Total       int
			Suggestions []suggestion
			DidYouMean  string `json:"did_you_mean"`
		}
		if code := get(t, srv, "/api/v1/search?q="+url.QueryEscape(c.q), &r); code != 200 {
			t.Fatalf("%s: %d", c.q, code)
		}
		if len(r.Suggestions) != 1 || r.Suggestions[0].Term != c.term || r.Suggestions[0].Suggestion != c.want ||
			r.Suggestions[0].Reason == "" || r.DidYouMean != c.fixed {
			t.Errorf("%s: suggestions %+v, did you mean %q; want %s → %s", c.q, r.Suggestions, r.DidYouMean, c.term, c.want)
		}
	}
	// Right terms and plain words with colons get none.
	for _, q := range []string{"entity:company:nvidia", "type:company", "title:英伟达", "http://t/1", "entity:company:*", "entity:comp*", "entity:*", "10:30"} {
		var r struct{ Suggestions []suggestion }
		get(t, srv, "/api/v1/search?q="+url.QueryEscape(q), &r)
		if r.Suggestions == nil || len(r.Suggestions) != 0 {
			t.Errorf("%s: suggestions %+v, want []", q, r.Suggestions)
		}
	}
}

// The search names every entity in its hits and facets from the catalog,
// and says which script the query is in.
func TestSearchNamesEntities(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	var r struct {
		Script   string
		Entities map[string]Entity
		Facets   index.Facets
	}
	get(t, srv, "/api/v1/search?q=英偉達", &r)
	e := r.Entities["company:nvidia"]
	if r.Script != "hant" || len(r.Facets.Entity) == 0 || len(e.Hant) == 0 || e.Hant[0] != "英偉達" || len(e.Hans) == 0 || e.Hans[0] != "英伟达" {
		t.Errorf("script %q, entities %+v", r.Script, r.Entities)
	}
	if _, ok := r.Entities["chip:a800"]; ok {
		t.Error("an id the catalog does not hold was named")
	}
}

// The query timeline has every interval between the first and the last
// match, empty ones as 0, picks its interval from the span, and comes as CSV
// too.
func TestQueryTimeline(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	var tl queryTimeline
	if code := get(t, srv, "/api/v1/timeline?q=英伟达", &tl); code != 200 || tl.Interval != "month" || len(tl.Counts) != 15 {
		t.Fatalf("auto over 14 months: %d %+v", code, tl)
	}
	total := 0
	for _, c := range tl.Counts {
		total += c.Count
	}
	if total != 3 || tl.Counts[1].Count != 0 {
		t.Errorf("counts %+v", tl.Counts)
	}
	get(t, srv, "/api/v1/timeline?q=xinhua%20OR%20source:xinhua", &tl) // 2024-12-03 and 2024-12-10
	if tl.Interval != "day" || len(tl.Counts) != 8 || tl.Counts[0].Value != "2024-12-03" || tl.Counts[7].Count != 1 {
		t.Errorf("auto over a week: %+v", tl)
	}
	get(t, srv, "/api/v1/timeline?q=英伟达&interval=week", &tl)
	if tl.Interval != "week" || tl.Counts[0].Value != "2023-10-16" || tl.Counts[len(tl.Counts)-1].Value != "2024-12-09" {
		t.Errorf("weeks: first %+v last %+v", tl.Counts[0], tl.Counts[len(tl.Counts)-1])
	}
	code, ct, _, body := getRaw(t, srv.URL+"/api/v1/timeline?q=英伟达&format=csv")
	lines := strings.Split(strings.TrimSpace(body), "\n")
	if code != 200 || !strings.HasPrefix(ct, "text/csv") || len(lines) != 16 || lines[0] != "month,articles" || lines[1] != "2023-10,1" || lines[2] != "2023-11,0" {
		t.Errorf("csv: %d %q %q", code, ct, lines)
	}
	code, _, _, body = getRaw(t, srv.URL+"/api/v1/entities/company:nvidia/timeline?interval=month&format=csv")
	if lines := strings.Split(strings.TrimSpace(body), "\n"); code != 200 || len(lines) != 16 || lines[0] != "month,articles" || lines[15] != "2024-12,2" {
		t.Errorf("entity timeline csv: %d %q", code, lines)
	}
	if code := get(t, srv, "/api/v1/entities/company:nvidia/timeline?format=xml", &struct{}{}); code != 400 {
		t.Errorf("entity timeline format=xml: %d", code)
	}
	for _, bad := range []string{"interval=year&q=x", "q=", "q=x&format=xml"} {
		if code := get(t, srv, "/api/v1/timeline?"+bad, &struct{}{}); code != 400 {
			t.Errorf("%s: %d, want 400", bad, code)
		}
	}
}

// The stored copy is the raw bytes as plain text in their charset, in a
// sandbox; an article without a stored page has none.
func TestStoredCopyIsInert(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	res, err := srv.Client().Get(srv.URL + "/api/v1/articles/0000000000000001/raw")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var b bytes.Buffer
	if _, err := b.ReadFrom(res.Body); err != nil {
		t.Fatal(err)
	}
	h := res.Header
	if res.StatusCode != 200 || h.Get("Content-Type") != "text/plain; charset=big5" || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") ||
		h.Get("X-Content-Type-Options") != "nosniff" || b.String() != "<html>raw</html>" {
		t.Errorf("raw: %d %v %q", res.StatusCode, h, b.String())
	}
	var a articleResponse
	get(t, srv, "/api/v1/articles/0000000000000001", &a)
	if a.Provenance.StoredCopy != "/api/v1/articles/0000000000000001/raw" {
		t.Errorf("stored_copy %q", a.Provenance.StoredCopy)
	}
	var e errorBody
	if code := get(t, srv, "/api/v1/articles/0000000000000002/raw", &e); code != 404 || !strings.Contains(e.Error, "no stored page") {
		t.Errorf("no page: %d %+v", code, e)
	}
}

// An article's and an entity's addresses serve the page, which reads them.
func TestPageAddresses(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	for _, p := range []string{"/", "/articles/0000000000000001", "/entities/company:nvidia", "/?q=" + url.QueryEscape("英伟达")} {
		code, ct, _, body := getRaw(t, srv.URL+p)
		if code != 200 || !strings.HasPrefix(ct, "text/html") || !strings.Contains(body, "/static/app.js") {
			t.Errorf("%s: %d %q", p, code, ct)
		}
	}
	if code, _, _, _ := getRaw(t, srv.URL+"/articles/"); code != 404 {
		t.Errorf("/articles/: %d", code)
	}
}
