package extract

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
)

func FuzzExtract(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join("testdata", "*"))
	for _, name := range files {
		if b, err := os.ReadFile(name); err == nil {
			f.Add(b, "text/html")
		}
	}
	f.Add([]byte("<html><body><p>发布时间：2023年8月26日</p><table><tr><td>发文字号：</td></tr></table>"), "")
	f.Add([]byte("\xff\xfe<\x00p\x00>"), "text/html; charset=utf-16")
	ex := New()
	f.Fuzz(func(t *testing.T, body []byte, contentType string) {
		a, err := ex.Extract(zhwatch.Page{URL: "http://x.cn/2023/08/26/a.html", Header: http.Header{"Content-Type": {contentType}}, Body: body})
		if errors.Is(err, errInternal) {
			t.Fatalf("extract failed inside: %v", err)
		}
		if err != nil {
			return
		}
		for _, s := range []string{a.Title, a.Body, a.Author, a.Origin, a.Editor, a.DocNumber, a.Issuer} {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in output: %q", s)
			}
		}
		if a.PublishedAt != "" {
			if _, ok := a.Published(); !ok {
				t.Fatalf("PublishedAt %q does not parse", a.PublishedAt)
			}
		}
	})
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2023-08-26 10:30:00", "2023年8月26日 10:30", "08-26 10:30", "2023-08-26T02:30:00Z",
		"2025-08-26-17:05:00", "1693017000", "２０２３年８月２６日", "2023-02-30", "9999-99-99 99:99:99+99:99"} {
		f.Add(s, 2023)
	}
	f.Fuzz(func(t *testing.T, s string, year int) {
		d, err := parseDate(s, year)
		if err != nil {
			return
		}
		out := d.String()
		a := zhwatch.Article{PublishedAt: out}
		if _, ok := a.Published(); !ok {
			t.Fatalf("parseDate(%q) gave %q, which does not parse back", s, out)
		}
	})
}
