package demosite_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
)

func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := srv.Client().Get(srv.URL + path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return resp, body
}

func TestContentTypes(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	tests := []struct{ path, contentType string }{
		{"/", "text/html"},
		{"/index.html", "text/html"},
		{"/list_2.html", "text/html"},
		{"/2025/08/26/c_1130012345.html", "text/html"},
		{"/2025/01/02/20250103583234.html", "text/html"},
		{"/rss.xml", "application/rss+xml; charset=utf-8"},
		{"/robots.txt", "text/plain; charset=utf-8"},
		{"/2025/08/28/attachment.pdf", "application/pdf"},
	}
	for _, tt := range tests {
		resp, body := get(t, srv, tt.path)
		if resp.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d, want 200", tt.path, resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != tt.contentType {
			t.Errorf("%s: Content-Type %q, want %q", tt.path, got, tt.contentType)
		}
		if got := resp.Header.Get("Last-Modified"); got != demosite.LastModified().Format(http.TimeFormat) {
			t.Errorf("%s: Last-Modified %q", tt.path, got)
		}
		if len(body) == 0 {
			t.Errorf("%s: empty body", tt.path)
		}
	}
}

func TestNotFound(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	for _, path := range []string{
		"/nope.html",
		"/README.md",             // exists, but not a served type
		"/2025/",                 // a folder without index.html: no listing
		"/2025",                  // a folder named without a slash
		"/admin/",                // a folder without index.html
		"/2025/08/26/",           // a folder full of articles: still no listing
		"/index.html/",           // a file asked for as a folder
		"/2025/08/28/attachment", // no extension
	} {
		resp, body := get(t, srv, path)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", path, resp.StatusCode)
		}
		if strings.Contains(string(body), "c_1130012345") {
			t.Errorf("%s: body lists files: %q", path, body)
		}
	}
}

func TestRobots(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()
	_, body := get(t, srv, "/robots.txt")
	if !strings.Contains(string(body), "User-agent: *\nDisallow: /admin/\n") {
		t.Errorf("robots.txt = %q, want a Disallow: /admin/ rule for every agent", body)
	}
	// The blocked page exists, so a crawler that ignores robots would really fetch it.
	if resp, _ := get(t, srv, "/admin/stats.html"); resp.StatusCode != http.StatusOK {
		t.Errorf("/admin/stats.html: status %d, want 200", resp.StatusCode)
	}
}

func TestConditionalAndMethods(t *testing.T) {
	srv := httptest.NewServer(demosite.Handler(demo.Site()))
	defer srv.Close()

	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/index.html", nil)
	req.Header.Set("If-Modified-Since", demosite.LastModified().Format(http.TimeFormat))
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-Modified-Since: status %d, want 304", resp.StatusCode)
	}

	resp, err = srv.Client().Head(srv.URL + "/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || resp.ContentLength <= 0 {
		t.Errorf("HEAD: status %d length %d", resp.StatusCode, resp.ContentLength)
	}

	resp, err = srv.Client().Post(srv.URL+"/index.html", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

func TestFolderIndexAndEscapes(t *testing.T) {
	root := fstest.MapFS{
		"index.html":     {Data: []byte("<p>root</p>")},
		"sub/index.html": {Data: []byte("<p>sub</p>")},
		"secret.txt":     {Data: []byte("no")},
	}
	h := demosite.Handler(root)
	tests := []struct {
		path   string
		status int
		body   string
	}{
		{"/", 200, "<p>root</p>"},
		{"/sub/", 200, "<p>sub</p>"},
		{"/sub", 404, ""},
		{"/sub/../index.html", 404, ""}, // not cleaned here: never leaves the root
		{"//index.html", 404, ""},
	}
	for _, tt := range tests {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "http://demo.test/", nil)
		req.URL.Path = tt.path
		h.ServeHTTP(rec, req)
		if rec.Code != tt.status {
			t.Errorf("%s: status %d, want %d", tt.path, rec.Code, tt.status)
		}
		if tt.body != "" && rec.Body.String() != tt.body {
			t.Errorf("%s: body %q, want %q", tt.path, rec.Body.String(), tt.body)
		}
	}
}
