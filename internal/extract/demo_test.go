package extract

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// demoDir is the bundled demo site, written by another part of the project.
const demoDir = "../../demo"

type demoTruth struct {
	Articles []struct {
		Path        string `json:"path"`
		Title       string `json:"title"`
		PublishedAt string `json:"published_at"`
		Author      string `json:"author"`
		Origin      string `json:"origin"`
		Editor      string `json:"editor"`
		DocNumber   string `json:"doc_number"`
		Issuer      string `json:"issuer"`
		Charset     string `json:"charset"`
		BodyStart   string `json:"body_start"`
		BodyEnd     string `json:"body_end"`
	} `json:"articles"`
	NotArticles []struct {
		Path string `json:"path"`
	} `json:"not_articles"`
}

// sameCharset treats the GB family as one: GBK pages are decoded as GB18030.
func sameCharset(want, got string) bool {
	norm := func(s string) string {
		s = strings.ToLower(s)
		switch s {
		case "gbk", "gb2312", "gb18030":
			return "gb18030"
		}
		return s
	}
	return norm(want) == norm(got)
}

func TestDemoSite(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(demoDir, "truth.json"))
	if os.IsNotExist(err) {
		t.Skip("demo/truth.json not present")
	}
	if err != nil {
		t.Fatal(err)
	}
	var truth demoTruth
	if err := json.Unmarshal(raw, &truth); err != nil {
		t.Fatalf("demo/truth.json: %v", err)
	}
	ex := New()
	for _, want := range truth.Articles {
		t.Run(want.Path, func(t *testing.T) {
			body, err := os.ReadFile(filepath.Join(demoDir, "site", filepath.FromSlash(want.Path)))
			if err != nil {
				t.Fatal(err)
			}
			page := zhwatch.Page{
				URL:    "http://127.0.0.1:8080" + want.Path,
				Header: http.Header{"Content-Type": {"text/html"}},
				Body:   body,
			}
			got, err := ex.Extract(page)
			if err != nil {
				t.Fatal(err)
			}
			check := func(field, want, got string) {
				t.Helper()
				if want != got {
					t.Errorf("%s = %q, want %q", field, got, want)
				}
			}
			check("title", want.Title, got.Title)
			check("published_at", want.PublishedAt, got.PublishedAt)
			check("author", want.Author, got.Author)
			check("origin", want.Origin, got.Origin)
			check("editor", want.Editor, got.Editor)
			check("doc_number", want.DocNumber, got.DocNumber)
			check("issuer", want.Issuer, got.Issuer)
			if !sameCharset(want.Charset, got.Charset) {
				t.Errorf("charset = %q, want %q", got.Charset, want.Charset)
			}
			if !strings.HasPrefix(got.Body, want.BodyStart) {
				t.Errorf("body starts %q, want %q", truncate(got.Body, 40), want.BodyStart)
			}
			if !strings.HasSuffix(got.Body, want.BodyEnd) {
				r := []rune(got.Body)
				t.Errorf("body ends %q, want %q", string(r[max(0, len(r)-40):]), want.BodyEnd)
			}
		})
	}
}
