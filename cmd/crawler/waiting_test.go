package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// TestStatusShowsBackoff: a URL that failed is listed with its error, the
// run that fetches it again and about when.
func TestStatusShowsBackoff(t *testing.T) {
	mux := http.NewServeMux()
	mux.HandleFunc("/index.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte(`<a href="/2025/08/28/gone.html">gone</a>`))
	})
	mux.HandleFunc("/rss.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	cfg := writeConfig(t, srv.URL, t.TempDir())
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatalf("once: %v\n%s", err, errOut.String())
	}
	out.Reset()
	if err := run(context.Background(), []string{"status", "--config", cfg}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	want := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(srv.URL+"/2025/08/28/gone.html") +
		`\s+http_4xx\s+1 \(last: run 1\)\s+2\s+the next run, \d{4}-\d{2}-\d{2} \d{2}:\d{2}$`)
	if !strings.Contains(out.String(), "demo-news: 1 failed URL(s) waiting") || !want.MatchString(out.String()) {
		t.Errorf("status:\n%s\nwant the 404 listed, retried on run 2", out.String())
	}
}
