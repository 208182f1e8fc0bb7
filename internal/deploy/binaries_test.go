package deploy

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/demosite"
)

// The binaries work from an empty folder outside the repository, with only
// themselves and a config: no dictionaries/ beside them, a fresh home (so
// the built-in dictionaries are written out anew) and the data directory
// taken from the config.
func TestBinariesRunAnywhere(t *testing.T) {
	bins := binaries(t)
	site := httptest.NewServer(demosite.Handler(demo.Site()))
	defer site.Close()

	work := t.TempDir()
	for _, name := range []string{"crawler", "search"} {
		copyFile(t, filepath.Join(bins, name), filepath.Join(work, name), 0o755)
	}
	config := fmt.Sprintf(`data_dir: store
crawl:
  allow_private_networks: true # the demo site is on loopback
sources:
  - name: demo
    seeds: [%[1]s/index.html]
    article_pattern: '^%[2]s/\d{4}/\d{2}/\d{2}/[^/]+$'
    delay: 0s
watchlists:
  - name: controls
    query: 出口管制 OR entity:list:*
    deliveries:
      - type: dir
        path: digests
`, site.URL, regexp.QuoteMeta(site.URL))
	if err := os.WriteFile(filepath.Join(work, "zhwatch.yaml"), []byte(config), 0o644); err != nil {
		t.Fatal(err)
	}
	env := append(os.Environ(), "HOME="+t.TempDir(), "XDG_CACHE_HOME=")
	run := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(filepath.Join(work, args[0]), args[1:]...)
		cmd.Dir, cmd.Env, cmd.Stdin = work, env, strings.NewReader(stdin)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		if err := cmd.Run(); err != nil {
			t.Fatalf("%s: %v\n%s%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
		}
		return stdout.String()
	}

	if out := run("", "crawler", "once", "--config", "zhwatch.yaml"); !strings.Contains(out, filepath.Join("store", "zhwatch.db")) {
		t.Errorf("crawler once did not write to the config's data_dir:\n%s", out)
	}
	if out := run("英偉達H20被列入實體清單", "crawler", "analyze"); !strings.Contains(out, `"company:nvidia"`) {
		t.Errorf("crawler analyze: no company:nvidia in\n%s", out)
	}

	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			Title string `json:"title"`
		} `json:"hits"`
	}
	out := run("", "search", "query", "--config", "zhwatch.yaml", "輝達", "--json")
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total == 0 {
		t.Errorf("search query 輝達 --json: total %d, err %v:\n%s", res.Total, err, out)
	}

	if out := run("", "search", "digest", "--config", "zhwatch.yaml", "--watchlist", "controls", "--dry-run"); !strings.Contains(out, "出口管制") {
		t.Errorf("search digest --dry-run printed no article about 出口管制:\n%s", out)
	}

	serveAndAsk(t, filepath.Join(work, "search"), work, env, true)
}

// The example config, copied as the README says, starts search serve with
// no secret variables set and nothing reachable beyond loopback: the page,
// /healthz and the API answer (with no articles yet).
func TestExampleConfigServes(t *testing.T) {
	bins := binaries(t)
	work := t.TempDir()
	copyFile(t, filepath.Join(bins, "search"), filepath.Join(work, "search"), 0o755)
	copyFile(t, filepath.Join(repoRoot(), "zhwatch.example.yaml"), filepath.Join(work, "zhwatch.yaml"), 0o644)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ZHWATCH_") {
			env = append(env, kv)
		}
	}
	serveAndAsk(t, filepath.Join(work, "search"), work, env, false)
	if _, err := os.Stat(filepath.Join(work, "zhwatch-data", "zhwatch.db")); err != nil {
		t.Errorf("the example's data_dir: %v", err)
	}
}

// serveAndAsk starts search serve on a free loopback port, asks the page,
// /healthz and one query (which must find articles if wantHits), and stops
// it with SIGINT.
func serveAndAsk(t *testing.T, bin, dir string, env []string, wantHits bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "serve", "--config", "zhwatch.yaml", "--addr", "127.0.0.1:0")
	cmd.Dir, cmd.Env = dir, env
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		cancel()
		cmd.Wait() //nolint:errcheck // stopped by the test
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	base := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	if err != nil || base == "" {
		t.Fatalf("search serve printed %q (%v); stderr:\n%s", line, err, stderr.String())
	}
	go io.Copy(io.Discard, stdout) //nolint:errcheck // drain

	if body := get(t, base+"/healthz"); body == "" {
		t.Error("/healthz: empty body")
	}
	if page := get(t, base+"/"); !strings.Contains(page, "<html") {
		t.Errorf("/: not the web page: %.200s", page)
	}
	var res struct {
		Total int `json:"total"`
	}
	body := get(t, base+"/api/v1/search?q="+url.QueryEscape("英伟达"))
	if err := json.Unmarshal([]byte(body), &res); err != nil || (res.Total == 0) == wantHits {
		t.Errorf("/api/v1/search?q=英伟达: total %d, err %v: %s", res.Total, err, body)
	}
}

func get(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s %v: %s", u, resp.Status, err, b)
	}
	return string(b)
}

func copyFile(t *testing.T, from, to string, mode os.FileMode) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, mode); err != nil {
		t.Fatal(err)
	}
}
