package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/export"
	"github.com/zhwatch/zhwatch/internal/index"
)

// serveDemo serves the API over the demo data as `search serve` does.
func serveDemo(t *testing.T) *httptest.Server {
	t.Helper()
	return serveData(t, storeDemo(t))
}

// serveData serves the API over the data directory data.
func serveData(t *testing.T, data string) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	o, err := open(ctx, &commonFlags{data: data}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { o.Close() })
	if _, err := index.Sync(ctx, o.index, o.store, nil); err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(newHandler(o, slog.New(slog.DiscardHandler)))
	t.Cleanup(srv.Close)
	return srv
}

func apiIDs(t *testing.T, srv *httptest.Server, q string) (int, []string) {
	t.Helper()
	res, err := srv.Client().Get(srv.URL + "/api/v1/search?q=" + q + "&limit=100")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct{ Hits []index.Hit }
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, h := range body.Hits {
		ids = append(ids, h.ID)
	}
	slices.Sort(ids)
	return res.StatusCode, ids
}

// TestDemoAcceptance is issue 5's "done when" on the demo data.
func TestDemoAcceptance(t *testing.T) {
	srv := serveDemo(t)
	_, simp := apiIDs(t, srv, "英伟达")
	_, trad := apiIDs(t, srv, "英偉達")
	_, tw := apiIDs(t, srv, "輝達")
	if len(simp) < 2 || !slices.Equal(simp, trad) || !slices.Equal(simp, tw) {
		t.Errorf("英伟达 %v, 英偉達 %v, 輝達 %v: want the same ids", simp, trad, tw)
	}
	_, tagged := apiIDs(t, srv, "entity:company:nvidia")
	if !slices.Equal(tagged, simp) {
		t.Errorf("entity:company:nvidia %v, 英伟达 %v: want the same ids", tagged, simp)
	}
	res, err := srv.Client().Get(srv.URL + "/api/v1/entities?type=company")
	if err != nil {
		t.Fatal(err)
	}
	var list struct {
		Entities []struct {
			ID       string
			Articles int
		}
	}
	if err := json.NewDecoder(res.Body).Decode(&list); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if len(list.Entities) < 10 || list.Entities[0].ID != "company:nvidia" || list.Entities[0].Articles != len(simp) {
		t.Errorf("catalog companies: %d, first %+v; want NVIDIA first with %d articles", len(list.Entities), list.Entities[:min(1, len(list.Entities))], len(simp))
	}
	for _, q := range []string{"%22出口管制", "英伟达&limit=100000"} {
		if code, _ := apiIDs(t, srv, q); code != http.StatusBadRequest {
			t.Errorf("q=%s: %d, want 400", q, code)
		}
	}
}

func TestExportWritesEveryMatch(t *testing.T) {
	data := storeDemo(t)
	ids, _ := queryIDs(t, data, "英伟达 OR 出口管制")
	out, errOut, code := search(t, data, "export", "--format", "jsonl", "英伟达 OR 出口管制")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var e export.Row
		if err := json.Unmarshal([]byte(line), &e); err != nil || e.Body == "" || e.URL == "" {
			t.Fatalf("line %q: %v", line, err)
		}
		got = append(got, e.ID)
	}
	slices.Sort(got)
	if !slices.Equal(got, ids) {
		t.Errorf("export ids %v, query ids %v", got, ids)
	}
	out, _, code = search(t, data, "export", "--format", "csv", "英伟达 OR 出口管制")
	rows, err := csv.NewReader(bytes.NewBufferString(out)).ReadAll()
	if code != 0 || err != nil || len(rows) != len(ids)+1 || !slices.Equal(rows[0], export.Header) {
		t.Errorf("csv: exit %d, %d rows, %v", code, len(rows), err)
	}
	if _, errOut, code := search(t, data, "export", "--format", "xml", "x"); code != 2 || errOut == "" {
		t.Errorf("bad format: exit %d", code)
	}
}

// The API's export and `search export` give the same rows, in the same
// order, in both formats.
func TestExportAPIMatchesCLI(t *testing.T) {
	data := storeDemo(t)
	queries := []string{"英伟达 OR 出口管制", "entity:list:*", "type:chip OR 实体清单"}
	cli := map[string]string{}
	for _, q := range queries {
		for _, format := range []string{"jsonl", "csv"} {
			out, errOut, code := search(t, data, "export", "--format", format, q)
			if code != 0 {
				t.Fatalf("search export %q: %d %s", q, code, errOut)
			}
			cli[format+" "+q] = out
		}
	}
	srv := serveData(t, data) // after the CLI: serve holds the index
	for _, q := range queries {
		for _, format := range []string{"jsonl", "csv"} {
			res, err := srv.Client().Get(srv.URL + "/api/v1/export?" + url.Values{"q": {q}, "format": {format}}.Encode())
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			want := cli[format+" "+q]
			if res.StatusCode != 200 || string(body) != want {
				t.Errorf("%s %q: API %d, %d bytes; CLI %d bytes", format, q, res.StatusCode, len(body), len(want))
			}
			if rows := strings.Count(want, "\n"); rows < 2 {
				t.Errorf("%s %q: only %d lines; the test wants queries with several matches", format, q, rows)
			}
		}
	}
}

// With the real catalog: typos get the nearest field, id or type, and the
// timeline over entity:list:* has every month between the first and the
// last match.
func TestServeHintsAndHonestTimeline(t *testing.T) {
	srv := serveDemo(t)
	getJSON := func(path string, v any) {
		t.Helper()
		res, err := srv.Client().Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		if err := json.NewDecoder(res.Body).Decode(v); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
		}
	}
	for q, want := range map[string]string{
		"entity:company:nvida": "entity:company:nvidia",
		"titel:华为":             "title:华为",
		"type:chips":           "type:chip",
	} {
		var r struct {
			Total      int
			DidYouMean string `json:"did_you_mean"`
		}
		getJSON("/api/v1/search?q="+url.QueryEscape(q), &r)
		if r.DidYouMean != want {
			t.Errorf("%s: did you mean %q, want %q", q, r.DidYouMean, want)
		}
	}
	var tl struct {
		Interval string
		Counts   []struct {
			Value string
			Count int
		}
	}
	getJSON("/api/v1/timeline?interval=month&q="+url.QueryEscape("entity:list:*"), &tl)
	if len(tl.Counts) < 2 {
		t.Fatalf("timeline %+v", tl)
	}
	first, _ := time.Parse("2006-01", tl.Counts[0].Value)
	for i, c := range tl.Counts {
		if want := first.AddDate(0, i, 0).Format("2006-01"); c.Value != want {
			t.Fatalf("timeline bucket %d is %s, want %s: %+v", i, c.Value, want, tl.Counts)
		}
	}
	if tl.Counts[0].Count == 0 || tl.Counts[len(tl.Counts)-1].Count == 0 {
		t.Errorf("timeline does not start and end at a match: %+v", tl.Counts)
	}
	t.Logf("entity:list:* per month: %+v", tl.Counts)
}
