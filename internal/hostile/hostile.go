// Package hostile holds one article written to break every place zhwatch
// shows page text — terminal, Markdown, HTML mail, Atom, CSV, the web page
// and API — and the checks each surface's test applies to its output. Tests
// only: no command imports it.
package hostile

import (
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// The hostile strings: terminal sequences (CSI colour and erase, OSC window
// title ended by BEL, C1 CSI), a bidi override, script tags written as
// text, and cells a spreadsheet would evaluate.
const (
	Title  = "=HYPERLINK(\"http://evil.example/\",\"英伟达\")\x1b[2J\x1b]0;pwned\x07 \u202e出口管制"
	Author = "@SUM(1+1)*cmd|' /C calc'!A0\x1b[31m张三"
	Body   = "-2+3 美国商务部\x1b[8m隐藏\x1b[0m \u202egnp.exe <script>alert(1)</script> 出口管制\u009b31m 实体清单\r\n" +
		"+1 英伟达 H20 芯片\x07 \u2066隔离\u2069"
)

// URL is where the hostile page is served.
const URL = "http://news.example/news/hostile.html"

// Page is the hostile article as a server would send it.
func Page() zhwatch.Page {
	esc := func(s string) string {
		return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", "\r\n", "</p><p>").Replace(s)
	}
	html := `<!doctype html><html><head><meta charset="utf-8"><title>` + esc(Title) + `</title>` +
		`<meta name="author" content="` + strings.ReplaceAll(esc(Author), `"`, "&quot;") + `"></head><body>` +
		`<h1>` + esc(Title) + `</h1><p class="author">作者：` + esc(Author) + `</p>` +
		`<div class="article"><p>` + esc(Body) + `</p><script>alert(2)</script><p>` + esc(Body) + `</p></div></body></html>`
	return zhwatch.Page{ID: 1, Source: "hostile", URL: URL, FinalURL: URL, Status: 200,
		Header:    map[string][]string{"Content-Type": {"text/html; charset=utf-8"}},
		Body:      []byte(html),
		FetchedAt: time.Date(2025, 8, 28, 1, 0, 0, 0, time.UTC)}
}

// Raw is the hostile article with its fields as written, as a store
// written before extraction stripped control characters may hold it.
func Raw() zhwatch.Article {
	return zhwatch.Article{ID: zhwatch.ArticleID(URL), PageID: 1, Source: "hostile", URL: URL,
		Title: Title, Body: Body, Author: Author, Origin: "\x1b]8;;http://evil.example/\x07新华社\x1b]8;;\x07",
		PublishedAt: "2025-08-27", SiteName: "示例\u202e站", Topics: []string{"export-controls"}}
}

// NoControls fails t if out holds a C0 control other than newline, tab
// and (allowCR) carriage return, DEL, a C1 control or a bidi override.
func NoControls(t testing.TB, surface, out string, allowCR bool) {
	t.Helper()
	for i, r := range out {
		if r == '\r' && allowCR {
			continue
		}
		if zhwatch.StripControls(string(r)) == "" {
			t.Errorf("%s: control character %U at byte %d: %q", surface, r, i, around(out, i))
			return
		}
	}
}

// NoScriptTag fails t if out holds "<script" in any case.
func NoScriptTag(t testing.TB, surface, out string) {
	t.Helper()
	if i := strings.Index(strings.ToLower(out), "<script"); i >= 0 {
		t.Errorf("%s: live <script at byte %d: %q", surface, i, around(out, i))
	}
}

// NoFormulaCells fails t if a cell of the CSV document out starts with a
// character a spreadsheet reads as a formula (= + - @, tab, CR).
func NoFormulaCells(t testing.TB, out string) {
	t.Helper()
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v", err)
	}
	for i, row := range rows {
		for j, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("CSV row %d cell %d starts a formula: %.60q", i, j, cell)
			}
		}
	}
}

func around(s string, i int) string {
	return s[max(i-20, 0):min(i+20, len(s))]
}
