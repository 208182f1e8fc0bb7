package digest_test

import (
	"context"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
)

type feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Self    struct {
		Href string `xml:"href,attr"`
	} `xml:"link"`
	Author  string `xml:"author>name"`
	Entries []struct {
		ID      string `xml:"id"`
		Title   string `xml:"title"`
		Updated string `xml:"updated"`
		Link    struct {
			Href string `xml:"href,attr"`
		} `xml:"link"`
		Summary struct {
			Type string `xml:"type,attr"`
			Text string `xml:",chardata"`
		} `xml:"summary"`
		Categories []struct {
			Term string `xml:"term,attr"`
		} `xml:"category"`
	} `xml:"entry"`
}

// TestAtomFeedServed: the feed lists the recorded digests' items with ids
// that do not change between requests or digests; unknown feeds are 404.
func TestAtomFeedServed(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	db := openDB(t, t.TempDir(), clk)
	put(t, db, "http://h/a.html", "出口管制 <新规>", "出口管制新规发布。", "list:entity-list")
	clk.Advance(time.Hour)
	wl := watchlist()
	r, err := digest.New(ctx, db, &storeFinder{db: db}, []config.Watchlist{wl}, digest.Options{Now: clk.Now})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(ctx, "export-controls", digest.RunOptions{}); err != nil {
		t.Fatal(err)
	}

	mux := http.NewServeMux()
	mux.Handle("GET /feeds/{file}", digest.NewFeeds(db, []config.Watchlist{wl}, clk.Now, nil))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	get := func(path string) (int, string, feed) {
		t.Helper()
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		var f feed
		if resp.StatusCode == http.StatusOK {
			if err := xml.Unmarshal(body, &f); err != nil {
				t.Fatalf("not Atom XML: %v\n%s", err, body)
			}
			if ct := resp.Header.Get("Content-Type"); ct != "application/atom+xml; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
		}
		return resp.StatusCode, string(body), f
	}
	status, body, f1 := get("/feeds/export-controls.atom")
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, body)
	}
	if len(f1.Entries) != 1 || f1.Entries[0].Title != "出口管制 <新规>" || f1.Entries[0].Link.Href != "http://h/a.html" {
		t.Fatalf("entries %+v", f1.Entries)
	}
	e := f1.Entries[0]
	if !strings.HasPrefix(f1.ID, "urn:uuid:") || !strings.HasPrefix(e.ID, "urn:uuid:") || len(e.ID) != len("urn:uuid:")+36 || e.ID == f1.ID {
		t.Errorf("ids: feed %q entry %q", f1.ID, e.ID)
	}
	if f1.Self.Href != srv.URL+"/feeds/export-controls.atom" || f1.Author != "zhwatch" || f1.Updated == "" || e.Updated == "" {
		t.Errorf("feed metadata: %+v", f1)
	}
	if e.Summary.Type != "html" || !strings.Contains(e.Summary.Text, "<mark>出口管制</mark>") {
		t.Errorf("summary %+v", e.Summary)
	}
	if len(e.Categories) != 1 || e.Categories[0].Term != "list:entity-list" {
		t.Errorf("categories %+v", e.Categories)
	}
	if !strings.Contains(body, "&lt;新规&gt;") {
		t.Error("the title is not escaped in the XML")
	}

	// A second digest: the first item keeps its id.
	clk.Advance(time.Hour)
	put(t, db, "http://h/b.html", "出口管制再更新", "出口管制再更新。")
	clk.Advance(time.Hour)
	if _, err := r.Run(ctx, "export-controls", digest.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	_, _, f2 := get("/feeds/export-controls.atom")
	if len(f2.Entries) != 2 || f2.Entries[1].ID != e.ID || f2.ID != f1.ID {
		t.Errorf("after a second digest: feed %q entries %+v; want the first entry's id %q kept", f2.ID, f2.Entries, e.ID)
	}

	for _, path := range []string{"/feeds/nope.atom", "/feeds/export-controls.rss", "/feeds/export-controls"} {
		if status, _, _ := get(path); status != http.StatusNotFound {
			t.Errorf("GET %s: %d, want 404", path, status)
		}
	}
}
