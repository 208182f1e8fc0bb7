package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

func TestDigestListsNewArticlesOnce(t *testing.T) {
	data := storeDemo(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "zhwatch.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
sources:
  - name: demo
    seeds: [http://demo.test/index.html]
    article_pattern: '^http://demo\.test/'
watchlists:
  - name: export-controls
    query: 出口管制 OR entity:list:*
    deliveries:
      - type: dir
        path: %s
`, data, filepath.Join(dir, "digests"))), 0o644)

	out, errOut, code := search(t, data, "digest", "--config", cfg, "--watchlist", "export-controls", "--format", "json")
	if code != 0 {
		t.Fatalf("first digest: exit %d: %s", code, errOut)
	}
	var d struct {
		Watchlist string `json:"watchlist"`
		Items     []struct {
			ID, Title, URL, Snippet string
			Reprints                int `json:"reprints"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("digest JSON: %v\n%s", err, out)
	}
	seed := zhwatch.ArticleID("http://demo.test/" + seedPath)
	n := 0
	for _, it := range d.Items {
		if it.ID == seed {
			n++
			if !strings.Contains(it.Snippet, "<mark>") {
				t.Errorf("seed entry snippet %q: want the match marked", it.Snippet)
			}
		}
	}
	if n != 1 {
		t.Errorf("seed article listed %d times in the first digest, want once: %+v", n, d.Items)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "digests", "*"))
	if len(files) != 1 {
		t.Errorf("directory delivery wrote %v, want one file", files)
	}

	out, _, code = search(t, data, "digest", "--config", cfg, "--watchlist", "export-controls", "--format", "json")
	if code != 0 || strings.Contains(out, seed) {
		t.Errorf("second digest: exit %d, output %s; want nothing new", code, out)
	}
	_, errOut, code = search(t, data, "digest", "--config", cfg, "--watchlist", "nope")
	if code != 2 || !strings.Contains(errOut, `no watchlist "nope"`) {
		t.Errorf("unknown watchlist: exit %d, %q", code, errOut)
	}
}
