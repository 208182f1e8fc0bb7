package extract

import (
	"testing"

	"github.com/zhwatch/zhwatch/internal/hostile"
)

// TestHostileArticleInert: no control character, terminal sequence or bidi
// override leaves the extractor, in any field.
func TestHostileArticleInert(t *testing.T) {
	a, err := New().Extract(hostile.Page())
	if err != nil {
		t.Fatal(err)
	}
	if a.Title == "" || a.Body == "" {
		t.Fatalf("title %q, body %q: the hostile page must yield text for this test to mean anything", a.Title, a.Body)
	}
	for name, v := range map[string]string{"title": a.Title, "body": a.Body, "author": a.Author, "origin": a.Origin,
		"editor": a.Editor, "doc_number": a.DocNumber, "issuer": a.Issuer, "site_name": a.SiteName} {
		hostile.NoControls(t, "extract "+name, v, false)
	}
}
