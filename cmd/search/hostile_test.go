package main

import (
	"bytes"
	"html"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/export"
	"github.com/zhwatch/zhwatch/internal/hostile"
	"github.com/zhwatch/zhwatch/internal/index"
)

// TestHostileTextOutputs: the terminal and CSV outputs defend themselves
// even against an article stored with its control characters (before
// extraction stripped them): no control sequence, no formula cell.
func TestHostileTextOutputs(t *testing.T) {
	a := hostile.Raw()
	var term bytes.Buffer
	printHits(&term, "出口管制", index.Results{Total: 1, Hits: []index.Hit{{ID: a.ID, Title: a.Title, URL: a.URL,
		Source: a.Source, Snippet: "<mark>" + html.EscapeString(a.Body) + "</mark>", Entities: []string{"org:\x1b[1mx"}}}})
	hostile.NoControls(t, "search query", term.String(), false)
	if !strings.Contains(term.String(), "英伟达") {
		t.Errorf("terminal output lost the text: %q", term.String())
	}

	var out bytes.Buffer
	write, err := export.NewWriter(export.CSV, &out)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(export.RowOf(a, []string{"=1+1"})); err != nil {
		t.Fatal(err)
	}
	hostile.NoFormulaCells(t, out.String())
	hostile.NoControls(t, "search export csv", out.String(), true)
	if !strings.Contains(out.String(), `'=HYPERLINK(`) {
		t.Errorf("the title cell should be kept, as text: %q", out.String())
	}
}

// TestHostileArticleEndToEnd: the hostile page stored as the crawler
// stores it, then shown by `search query` and `search export`.
func TestHostileArticleEndToEnd(t *testing.T) {
	data := t.TempDir()
	p := hostile.Page()
	storePage(t, data, p.URL, string(p.Body))
	out, errOut, code := search(t, data, "query", "出口管制")
	if code != 0 || !strings.Contains(out, "1 article(s)") {
		t.Fatalf("query: exit %d, %s%s", code, out, errOut)
	}
	hostile.NoControls(t, "search query", out, false)
	out, errOut, code = search(t, data, "export", "--format", "csv", "出口管制")
	if code != 0 {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	hostile.NoFormulaCells(t, out)
	hostile.NoControls(t, "search export csv", out, true)
}
