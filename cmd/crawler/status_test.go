package main

import (
	"bytes"
	"context"
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
