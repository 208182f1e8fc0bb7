package crawl

import (
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// After a run, /metrics shows the source's request budget with the host's
// robots.txt Crawl-delay taken into account, not just the configured delay.
func TestBudgetMetricCountsCrawlDelay(t *testing.T) {
	s := newSite(t)
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nCrawl-delay: 2\n"))
	})
	s.handle("/index.html", htmlPage(`<p>nothing to follow</p>`, "utf-8"))
	reg := prometheus.NewRegistry()
	m, err := NewMetrics(reg)
	if err != nil {
		t.Fatal(err)
	}
	opts := testOptions()
	opts.Metrics = m
	e := newEnv(t, opts)
	src := s.source("/index.html")
	src.Delay = 100 * time.Millisecond
	if _, err := e.crawl(src); err != nil {
		t.Fatal(err)
	}
	got := map[string]float64{}
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range families {
		for _, metric := range f.GetMetric() {
			if metric.GetGauge() != nil {
				got[f.GetName()] = metric.GetGauge().GetValue()
			}
		}
	}
	if got["zhwatch_crawl_request_interval_seconds"] != 2 || got["zhwatch_crawl_request_budget_per_hour"] != 1800 {
		t.Errorf("interval %v s, budget %v/h; want 2 s and 1800/h (Crawl-delay 2 over delay 100ms)",
			got["zhwatch_crawl_request_interval_seconds"], got["zhwatch_crawl_request_budget_per_hour"])
	}
	if v, ok := got["zhwatch_crawl_starved"]; !ok || v != 0 {
		t.Errorf("starved gauge = %v (present %v), want 0 after one run", v, ok)
	}
}
