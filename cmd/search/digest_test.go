package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/digest"
)

func TestDigestListsNewArticlesOnce(t *testing.T) {
	data := storeDemo(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "zhwatch.yaml")
	os.WriteFile(cfg, []byte(fmt.Sprintf(`data_dir: %s
crawl:
  allow_private_networks: true
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
	// A new matching article: the next digest lists only it.
	fresh := "http://demo.test/2025/09/10/new.html"
	storePage(t, data, fresh, `<html><head><meta charset="utf-8"><title>商务部发布出口管制新规</title></head><body>
<h1>商务部发布出口管制新规</h1><div class="content"><p>商务部10日发布公告，对部分两用物项实施出口管制，自发布之日起施行。</p>
<p>公告明确了许可申请的程序和审查要求，相关企业应当依法办理出口许可手续。</p></div></body></html>`)
	out, _, code = search(t, data, "digest", "--config", cfg, "--watchlist", "export-controls", "--format", "json")
	d.Items = nil
	if err := json.Unmarshal([]byte(out), &d); code != 0 || err != nil {
		t.Fatalf("third digest: exit %d, %v\n%s", code, err, out)
	}
	if len(d.Items) != 1 || d.Items[0].ID != zhwatch.ArticleID(fresh) {
		t.Errorf("third digest items %+v; want only the new article", d.Items)
	}

	_, errOut, code = search(t, data, "digest", "--config", cfg, "--watchlist", "nope")
	if code != 2 || !strings.Contains(errOut, `no watchlist "nope"`) {
		t.Errorf("unknown watchlist: exit %d, %q", code, errOut)
	}
}

// A scheduled digest finds what the store holds even when the index has
// not caught up yet (serve's follower is behind after a reprocess).
func TestScheduledDigestCatchesTheIndexUp(t *testing.T) {
	data := storeDemo(t)
	o, err := open(context.Background(), &commonFlags{data: data}, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if n, _ := o.index.Count(); n != 0 {
		t.Fatalf("the index holds %d articles before any sync; the test needs it behind", n)
	}
	ms, err := digestFinder(o).Find(context.Background(), "出口管制", time.Time{}, 100)
	if err != nil {
		t.Fatal(err)
	}
	seed := zhwatch.ArticleID("http://demo.test/" + seedPath)
	if !slices.ContainsFunc(ms, func(m digest.Match) bool { return m.ID == seed }) {
		t.Errorf("digest matches %v: the seed article, stored but not yet indexed, is missing", ms)
	}
}
