package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
	"github.com/zhwatch/zhwatch/internal/store/pgtest"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// TestMain lets the test binary stand in for the crawler command, so the
// kill test can run it as a separate process without a build step.
func TestMain(m *testing.M) {
	if os.Getenv("ZHWATCH_BE_CRAWLER") == "1" {
		os.Exit(exitCode(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr), os.Stderr))
	}
	pgtest.Main(m) // stops the PostgreSQL cluster if a test started one
}

// demoSite serves the bundled demo site on loopback, counting requests per
// path and delaying article pages by latency.
type demoSite struct {
	*httptest.Server
	mu     sync.Mutex
	counts map[string]int
}

var articlePath = regexp.MustCompile(`^/\d{4}/\d{2}/\d{2}/`)

func serveDemo(t *testing.T, latency time.Duration) *demoSite {
	t.Helper()
	s := &demoSite{counts: map[string]int{}}
	h := demosite.Handler(demo.Site())
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.counts[r.URL.Path]++
		s.mu.Unlock()
		if articlePath.MatchString(r.URL.Path) {
			time.Sleep(latency)
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *demoSite) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.counts[path]
}

// writeConfig writes a config crawling base into dataDir and returns its path.
func writeConfig(t *testing.T, base, dataDir string) string {
	t.Helper()
	host := strings.TrimPrefix(base, "http://")
	cfg := fmt.Sprintf(`data_dir: %s
crawl:
  allow_private_networks: true # the test site is on loopback
sources:
  - name: demo-news
    seeds: [%s/index.html, %s/rss.xml]
    allowed_hosts: [%q]
    article_pattern: '^%s/\d{4}/\d{2}/\d{2}/[^/]+$'
    delay: 0s
    parallelism: 2
    max_depth: 2
topics:
  export-controls: [出口管制, 实体清单, 不可靠实体清单]
  ai-policy: [人工智能, AI芯片]
`, dataDir, base, base, host, regexp.QuoteMeta(base))
	path := filepath.Join(t.TempDir(), "zhwatch.yaml")
	if err := os.WriteFile(path, []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

type demoTruth struct {
	Articles []struct {
		Path     string `json:"path"`
		Title    string `json:"title"`
		OffTopic bool   `json:"off_topic"`
	} `json:"articles"`
}

func loadTruth(t *testing.T) demoTruth {
	t.Helper()
	var tr demoTruth
	if err := json.Unmarshal(demo.Truth(), &tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestOnceStoresEveryDemoArticleOnce(t *testing.T) {
	site := serveDemo(t, 0)
	data := t.TempDir()
	cfg := writeConfig(t, site.URL, data)
	var out, errOut bytes.Buffer
	for range 2 { // the second crawl must not duplicate anything
		out.Reset()
		if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
			t.Fatalf("once: %v\n%s", err, errOut.String())
		}
	}
	if !strings.Contains(out.String(), "9 articles") {
		t.Errorf("summary %q: want 9 articles in the store", out.String())
	}
	db, err := sqlite.Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored, err := db.ArticlesSince(context.Background(), 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	byURL := map[string]bool{}
	for _, a := range stored {
		byURL[a.URL] = a.OffTopic()
	}
	tr := loadTruth(t)
	if len(stored) != len(tr.Articles) {
		t.Errorf("stored %d articles, want %d", len(stored), len(tr.Articles))
	}
	for _, want := range tr.Articles {
		offTopic, ok := byURL[site.URL+want.Path]
		switch {
		case !ok:
			t.Errorf("%s (%s) not stored", want.Path, want.Title)
		case offTopic != want.OffTopic:
			t.Errorf("%s: off-topic = %v, want %v", want.Path, offTopic, want.OffTopic)
		}
		if n := site.count(want.Path); n != 1 {
			t.Errorf("%s fetched %d times over two crawls, want 1", want.Path, n)
		}
	}
	if n := site.count("/admin/stats.html"); n != 0 {
		t.Errorf("robots.txt ignored: /admin/stats.html fetched %d times", n)
	}
}

func TestBadInputGetsClearErrors(t *testing.T) {
	dir := t.TempDir()
	malformed := filepath.Join(dir, "bad.yaml")
	os.WriteFile(malformed, []byte("sources:\n  - name: x\n    seeds: [http://127.0.0.1:1/]\n    frobnicate: 1\n"), 0o644)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	unreachable := writeConfig(t, closed.URL, filepath.Join(dir, "data"))
	notHTML := filepath.Join(dir, "file.pdf")
	os.WriteFile(notHTML, []byte("%PDF-1.4\n"), 0o644)

	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{}, 2, "no command"},
		{[]string{"fly"}, 2, `unknown command "fly"`},
		{[]string{"once", "--config", filepath.Join(dir, "missing.yaml")}, 2, "missing.yaml"},
		{[]string{"once", "--config", malformed}, 2, "frobnicate"},
		{[]string{"once", "--config", unreachable, "--log-level", "error"}, 1, "seed " + closed.URL + "/index.html"},
		{[]string{"extract", notHTML}, 1, "not an HTML page"},
		{[]string{"extract"}, 2, "exactly one FILE"},
		{[]string{"once", "--log-level", "loud"}, 2, "--log-level"},
	}
	for _, tt := range tests {
		var out, errOut bytes.Buffer
		err := run(context.Background(), tt.args, &out, &errOut)
		code := exitCode(err, &errOut)
		if code != tt.code || !strings.Contains(errOut.String(), tt.want) {
			t.Errorf("crawler %v: exit %d, stderr %q; want exit %d mentioning %q",
				tt.args, code, errOut.String(), tt.code, tt.want)
		}
		if strings.Contains(errOut.String(), "goroutine ") {
			t.Errorf("crawler %v printed a stack trace", tt.args)
		}
	}
}

func TestExtractPrintsArticleJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	page := filepath.Join("..", "..", "demo", "site", "2025", "01", "02", "20250103583234.html") // GBK
	if err := run(context.Background(), []string{"extract", page}, &out, &errOut); err != nil {
		t.Fatalf("extract: %v %s", err, errOut.String())
	}
	var a struct{ Title, Charset, Script, Body string }
	if err := json.Unmarshal(out.Bytes(), &a); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out.String())
	}
	if !strings.HasPrefix(a.Title, "商务部公告2025年第1号") || a.Charset != "gb18030" || a.Script != "hans" || a.Body == "" {
		t.Errorf("extract GBK page: title %q charset %q script %q", a.Title, a.Charset, a.Script)
	}
}

func TestReprocessAfterCrawl(t *testing.T) {
	site := serveDemo(t, 0)
	cfg := writeConfig(t, site.URL, t.TempDir())
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"once", "--config", cfg, "--log-level", "error"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(context.Background(), []string{"reprocess", "--config", cfg}, &out, &errOut); err != nil {
		t.Fatalf("reprocess: %v\n%s", err, errOut.String())
	}
	// Nine articles and the PDF at an article URL, which fails extraction again.
	if !strings.Contains(out.String(), "reprocessed 10 article pages: 0 articles recovered, 1 failed") {
		t.Errorf("reprocess output %q", out.String())
	}
}
