package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// crawler try on the demo site: every link judged, articles extracted,
// the throttle named, nothing stored.
func TestTryOnTheDemoSite(t *testing.T) {
	site := serveDemo(t, 0)
	data := filepath.Join(t.TempDir(), "data")
	cfg := writeConfig(t, site.URL, data)
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"try", "--source", "demo-news", "--config", cfg, "--limit", "2"}, &out, &errb)
	if err != nil {
		t.Fatalf("try: %v\n%s", err, errb.String())
	}
	got := out.String()
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^seed ` + regexp.QuoteMeta(site.URL) + `/index.html: HTTP 200, \d+ link\(s\) \(and \d+ already listed\)$`),
		regexp.MustCompile(`(?m)^seed ` + regexp.QuoteMeta(site.URL) + `/rss.xml: HTTP 200`),
		regexp.MustCompile(`(?m)^  article   ` + regexp.QuoteMeta(site.URL) + `/2025/08/26/content_7037861.html$`),
		regexp.MustCompile(`(?m)^  list      ` + regexp.QuoteMeta(site.URL) + `/list_2.html$`),
		regexp.MustCompile(`(?m)^  robots    ` + regexp.QuoteMeta(site.URL) + `/admin/stats.html$`),
		regexp.MustCompile(`(?m)^  off-host  http://www.example.com/`),
		regexp.MustCompile(`(?m)^articles fetched: 2$`),
		regexp.MustCompile(`(?m)^    date: 2025-\S+  source: demo-news  body: [1-9]\d* chars$`),
		regexp.MustCompile(`(?m)^  127\.0\.0\.1:\d+: delay 0s, Crawl-delay none, parallelism 2 → no pause between requests$`),
	} {
		if !want.MatchString(got) {
			t.Errorf("output lacks %s:\n%s", want, got)
		}
	}
	if site.count("/admin/stats.html") != 0 {
		t.Error("fetched a page robots.txt disallows")
	}
	if strings.Count(got, "    title: ") != 2 {
		t.Errorf("want two extracted titles:\n%s", got)
	}
	if matches, _ := filepath.Glob(filepath.Join(data, "*")); len(matches) != 0 {
		t.Errorf("try wrote to the data dir: %v", matches)
	}
}

func TestTryNeedsASource(t *testing.T) {
	var out, errb bytes.Buffer
	err := run(context.Background(), []string{"try"}, &out, &errb)
	if exitCode(err, &errb) != 2 || !strings.Contains(err.Error(), "--source") {
		t.Errorf("err = %v, want a usage error naming --source", err)
	}
}
