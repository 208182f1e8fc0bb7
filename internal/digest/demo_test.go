package digest_test

import (
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/demo"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

// TestDemoData runs the demo config's watchlist over the demo site's
// articles: the first digest lists each matching article once, the next
// lists nothing, and after a new matching page is crawled the next lists
// only it. Set ZHWATCH_DIGEST_SAMPLE=FILE to keep the first digest's
// Markdown.
func TestDemoData(t *testing.T) {
	ctx := context.Background()
	cfg, err := config.Load(filepath.Join("..", "..", "demo", "zhwatch.demo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	wl, ok := cfg.Watchlist("export-controls")
	if !ok || wl.Query != "出口管制 OR entity:list:*" || len(wl.Deliveries) != 1 || wl.Deliveries[0].Type != "dir" {
		t.Fatalf("demo watchlist %+v", wl)
	}
	out := t.TempDir()
	wl.Deliveries[0].Path = out // not the repository's data folder

	var truth struct {
		Articles []struct {
			Path string `json:"path"`
		} `json:"articles"`
	}
	if err := json.Unmarshal(demo.Truth(), &truth); err != nil {
		t.Fatal(err)
	}
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	s := newSaver(db)
	site := demo.Site()
	const base = "http://127.0.0.1:8765"
	for _, a := range truth.Articles {
		body, err := fs.ReadFile(site, strings.TrimPrefix(a.Path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		p := page(base+a.Path, string(body), clk.Now())
		p.Header.Del("Content-Type") // let extraction find the charset (GBK, Big5 pages)
		if _, err := s.SavePage(ctx, p, true); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Second)
	}
	all, err := db.ArticlesSince(ctx, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, a := range all {
		if strings.Contains(a.Normalized, "出口管制") {
			want = append(want, a.ID)
		}
	}
	if len(want) == 0 {
		t.Fatal("no demo article mentions 出口管制")
	}
	clk.Advance(time.Hour)

	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{*wl}, digest.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	first, err := r.Run(ctx, wl.Name, digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(first.Digest); !sameSet(got, want) || len(got) != len(want) {
		t.Errorf("first digest %v, want each of %v once", got, want)
	}
	md := readFile(t, filepath.Join(out, first.Digest.ID+".md"))
	if sample := os.Getenv("ZHWATCH_DIGEST_SAMPLE"); sample != "" {
		if err := os.WriteFile(sample, []byte(md), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	clk.Advance(24 * time.Hour)
	second, err := r.Run(ctx, wl.Name, digest.RunOptions{})
	if err != nil || !second.Digest.Empty() {
		t.Fatalf("second digest %v, %v; want nothing", ids(second.Digest), err)
	}

	body, err := os.ReadFile("testdata/new-page.html")
	if err != nil {
		t.Fatal(err)
	}
	clk.Advance(time.Hour)
	if _, err := s.SavePage(ctx, page(base+"/2025/09/05/c_1130100001.html", string(body), clk.Now()), true); err != nil {
		t.Fatal(err)
	}
	clk.Advance(23 * time.Hour)
	third, err := r.Run(ctx, wl.Name, digest.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(third.Digest.Items) != 1 || !strings.Contains(third.Digest.Items[0].Title, "两用物项") {
		t.Errorf("third digest %v, want only the new page", ids(third.Digest))
	}
	if files := digestFiles(t, out); len(files) != 2 {
		t.Errorf("digest files %v, want 2 (the empty one is not written)", files)
	}
}
