package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestStatusAndMetricsAfterACrawl(t *testing.T) {
	site := serveDemo(t, 0)
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)
	metrics := filepath.Join(t.TempDir(), "metrics.prom")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"status", "--config", cfg}, &out, &errOut); err != nil {
		t.Fatalf("status before any crawl: %v %s", err, errOut.String())
	}
	if !strings.Contains(out.String(), "demo-news  never") {
		t.Errorf("status before any crawl:\n%s", out.String())
	}
	for range 2 {
		if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error",
			"--metrics-file", metrics}, &out, &errOut); err != nil {
			t.Fatalf("once: %v\n%s", err, errOut.String())
		}
	}
	out.Reset()
	if err := run(context.Background(), []string{"status", "--config", cfg}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "SOURCE") || !strings.HasPrefix(lines[1], "demo-news") ||
		strings.Contains(lines[1], "never") || strings.Contains(lines[1], "EMPTY") {
		t.Errorf("status after two crawls:\n%s", out.String())
	}
	prom, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`zhwatch_crawl_last_success_timestamp_seconds{source="demo-news"}`,
		`zhwatch_crawl_last_run{figure="articles_new",source="demo-news"} 0`,
		`zhwatch_crawl_empty_extraction_alarm{source="demo-news"} 0`,
		`zhwatch_crawl_fetches_total{code="3xx",source="demo-news"}`,
	} {
		if !strings.Contains(string(prom), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// A source whose every seed fails: one line in the table (the error cut
// short), in full with --verbose and --json, and exit 1.
func TestStatusWhenEverySeedFails(t *testing.T) {
	site := serveDemo(t, 0)
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)
	site.Close() // nothing answers any more: every seed fails
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err == nil {
		t.Fatal("once against a closed site succeeded")
	}
	status := func(args ...string) (string, int) {
		var out, errOut bytes.Buffer
		err := run(context.Background(), append([]string{"status", "--config", cfg}, args...), &out, &errOut)
		return out.String(), exitCode(err, &errOut)
	}
	table, code := status()
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if code != 1 || len(lines) != 2 || !strings.Contains(lines[1], "FAILED") || !strings.Contains(lines[1], "…") ||
		len([]rune(lines[1])) > 250 {
		t.Errorf("status: exit %d, want 1 and one short line for the source:\n%s", code, table)
	}
	full, code := status("--verbose")
	lines = strings.Split(strings.TrimSpace(full), "\n")
	if code != 1 || len(lines) != 2 || !strings.Contains(lines[1], "/rss.xml") || !strings.Contains(lines[1], "/index.html") {
		t.Errorf("status --verbose: exit %d, want both seeds' errors on the source's one line:\n%s", code, full)
	}
	js, code := status("--json")
	var got []sourceStatus
	if err := json.Unmarshal([]byte(js), &got); err != nil || code != 1 || len(got) != 1 || !got[0].Failed ||
		strings.Count(got[0].Error, "\n") != 1 {
		t.Errorf("status --json: exit %d, err %v:\n%s", code, err, js)
	}
}

// Three runs in a row that answer and store nothing new flag the source
// STARVED, in the table, in --json and in the metrics; BUDGET shows what
// the configured delay allows.
func TestStatusFlagsAStarvedSource(t *testing.T) {
	site := serveDemo(t, 0)
	cfg := writeConfig(t, site.URL, t.TempDir())
	metrics := filepath.Join(t.TempDir(), "metrics.prom")
	var out, errOut bytes.Buffer
	status := func(args ...string) string {
		out.Reset()
		if err := run(context.Background(), append([]string{"status", "--config", cfg}, args...), &out, &errOut); err != nil {
			t.Fatalf("status: %v %s", err, errOut.String())
		}
		return out.String()
	}
	for i := range 4 { // the first run stores the articles, the next three nothing new
		if i == 3 && strings.Contains(status(), "STARVED") {
			t.Errorf("flagged STARVED after two quiet runs:\n%s", out.String())
		}
		if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error",
			"--metrics-file", metrics}, &out, &errOut); err != nil {
			t.Fatalf("once: %v\n%s", err, errOut.String())
		}
	}
	table := status()
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if !strings.Contains(lines[0], "BUDGET") || !strings.Contains(lines[1], "no limit") ||
		!strings.HasSuffix(lines[1], "STARVED") || !strings.Contains(table, "flagged STARVED (demo-news)") {
		t.Errorf("status after four runs:\n%s", table)
	}
	var got []sourceStatus
	if err := json.Unmarshal([]byte(status("--json")), &got); err != nil || len(got) != 1 || !got[0].Starved ||
		got[0].RequestBudget != 0 {
		t.Errorf("status --json: %v %+v", err, got)
	}
	prom, err := os.ReadFile(metrics)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`zhwatch_crawl_starved{source="demo-news"} 1`,
		`zhwatch_crawl_request_budget_per_hour{source="demo-news"} 0`} {
		if !strings.Contains(string(prom), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

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
	out.Reset()
	if err := run(context.Background(), []string{"status", "--config", cfg, "--json"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	var got []sourceStatus
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got) != 1 || len(got[0].Waiting) != 1 {
		t.Fatalf("status --json: %v\n%s", err, out.String())
	}
	if w := got[0].Waiting[0]; w.URL != srv.URL+"/2025/08/28/gone.html" || w.Kind != "http_4xx" || w.Failures != 1 ||
		w.LastRun != 1 || w.RetryRun != 2 || w.RunsLeft != 0 || w.RetryAt == nil {
		t.Errorf("status --json waiting: %+v, want the 404 retried on run 2", w)
	}
}
