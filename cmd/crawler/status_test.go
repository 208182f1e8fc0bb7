package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
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
