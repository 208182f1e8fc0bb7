package api

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestHostileInputNeverFails throws malformed and hostile input at every
// endpoint: no answer may be a 500, and every API answer is JSON.
func TestHostileInputNeverFails(t *testing.T) {
	srv, _ := newTestServer(t, Config{})
	values := []string{
		strings.Repeat("出口管制 ", 5000), // long
		"\xff\xfe\xfd", "a\x00b", "<script>alert(1)</script>", `"><img src=x onerror=alert(1)>`,
		strings.Repeat("(", 5000), strings.Repeat("a OR ", 500) + "a", strings.Repeat("-", 1000),
		"../../../../etc/passwd", "%2e%2e%2f", "entity:*", "entity:" + strings.Repeat("x", 10000) + "*",
		"title:", "after:9999-99-99", "before:0000-01-01", "sort:", "“", "”", "NOT NOT NOT", "\u202e\u200b",
		"99999999999999999999999", "-1", "1e9", "0x10", " ", "",
	}
	var paths []string
	for _, v := range values {
		e := url.QueryEscape(v)
		p := url.PathEscape(v)
		paths = append(paths,
			"/api/v1/search?q="+e, "/api/v1/search?q=芯片&limit="+e, "/api/v1/search?q=芯片&offset="+e,
			"/api/v1/search?q=芯片&from="+e, "/api/v1/search?q=芯片&to="+e, "/api/v1/search?q=芯片&sort="+e,
			"/api/v1/articles/"+p, "/api/v1/entities?type="+e, "/api/v1/entities/"+p,
			"/api/v1/entities/"+p+"/timeline", "/api/v1/entities/company:nvidia/timeline?q="+e,
			"/api/v1/entities/company:nvidia/timeline?interval="+e, "/"+p, "/static/"+p, "/healthz?x="+e)
	}
	paths = append(paths, "/api/v1/search?q=芯片&q=%ZZ", "/api/v1/search?q=%", "//api//v1/search?q=芯片",
		"/api/v1/articles/../../etc/passwd", "/static/../api.go", "/api/v1/search?q=芯片&offset=10000&limit=100")
	for _, path := range paths {
		req, err := http.NewRequest("GET", srv.URL+path, nil)
		if err != nil {
			continue // not a URL a client could send
		}
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("GET %.80s: %v (server down?)", path, err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 500 {
			t.Errorf("GET %.80s: %d %.200s", path, res.StatusCode, body)
		}
		if strings.HasPrefix(req.URL.Path, "/api/") && res.StatusCode != http.StatusMovedPermanently && !json.Valid(body) {
			t.Errorf("GET %.80s: %d, body is not JSON: %.200s", path, res.StatusCode, body)
		}
		if strings.Contains(string(body), "<script>") {
			t.Errorf("GET %.80s: the answer echoes <script> unescaped", path)
		}
	}
	// Other methods and a large body.
	for _, m := range []string{"POST", "PUT", "DELETE"} {
		req, _ := http.NewRequest(m, srv.URL+"/api/v1/search?q=x", strings.NewReader(strings.Repeat("x", 1<<20)))
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode >= 500 || res.StatusCode == 200 {
			t.Errorf("%s /api/v1/search: %d", m, res.StatusCode)
		}
	}
}
