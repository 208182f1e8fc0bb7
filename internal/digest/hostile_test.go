package digest_test

import (
	"encoding/xml"
	"html"
	"strings"
	"testing"
	"time"

	xhtml "golang.org/x/net/html"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/digest"
	"github.com/zhwatch/zhwatch/internal/extract"
	bad "github.com/zhwatch/zhwatch/internal/hostile"
)

// hostileDigests are digests of the hostile article as extraction stores
// it and as an older store may hold it (control characters kept).
func hostileDigests(t *testing.T) map[string]*digest.Digest {
	extracted, err := extract.New().Extract(bad.Page())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*digest.Digest{}
	for name, a := range map[string]zhwatch.Article{"extracted": extracted, "raw": bad.Raw()} {
		out[name] = &digest.Digest{ID: "hostile-1", Watchlist: "export-controls", Query: "出口管制",
			Since: time.Date(2025, 8, 27, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 8, 28, 0, 0, 0, 0, time.UTC),
			Items: []digest.Item{{ID: zhwatch.ArticleID(a.URL), Title: a.Title, URL: a.URL, Source: a.Source,
				SiteName: a.SiteName, PublishedAt: a.PublishedAt,
				Snippet:  snippetOf(a.Body),
				Entities: []digest.Entity{{ID: "org:nvidia", Name: "英伟达\x1b[5m", Type: "org"}}}}}
	}
	return out
}

// TestHostileArticleInDigests: Markdown (the mail's text part), HTML mail
// and Atom show the hostile article with no control sequence, no bidi
// override and no live script, whether or not extraction stripped it.
func TestHostileArticleInDigests(t *testing.T) {
	for name, d := range hostileDigests(t) {
		md := digest.Markdown(d)
		bad.NoControls(t, name+" markdown", md, false)
		if i := strings.Index(md, "<script"); i >= 0 && (i == 0 || md[i-1] != '\\') {
			t.Errorf("%s markdown: unescaped <script: %q", name, md[max(i-20, 0):i+10])
		}

		mail := digest.HTML(d)
		bad.NoControls(t, name+" HTML mail", mail, false)
		doc, err := xhtml.Parse(strings.NewReader(mail))
		if err != nil {
			t.Fatal(err)
		}
		var walk func(*xhtml.Node)
		walk = func(n *xhtml.Node) {
			if n.Type == xhtml.ElementNode && n.Data == "script" {
				t.Errorf("%s HTML mail: a <script> element", name)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
		if !strings.Contains(mail, "&lt;script&gt;") {
			t.Errorf("%s HTML mail: the script text should be shown, escaped", name)
		}

		feed, err := digest.Atom(config.Watchlist{Name: "export-controls", Query: "出口管制"}, []*digest.Digest{d},
			"http://127.0.0.1/feeds/export-controls.atom", d.Until)
		if err != nil {
			t.Fatal(err)
		}
		bad.NoControls(t, name+" atom", string(feed), false)
		bad.NoScriptTag(t, name+" atom", string(feed))
		var parsed struct {
			Entries []struct {
				Summary string `xml:"summary"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(feed, &parsed); err != nil {
			t.Fatalf("%s atom: %v", name, err)
		}
		for _, e := range parsed.Entries {
			// The summary is HTML a reader renders: once unescaped by XML
			// it may hold &lt;script&gt; but no tag.
			bad.NoScriptTag(t, name+" atom summary", e.Summary)
		}
	}
}

// snippetOf marks the first 出口管制 of body, as the index would.
func snippetOf(body string) string {
	before, after, _ := strings.Cut(body, "出口管制")
	return html.EscapeString(before) + "<mark>出口管制</mark>" + html.EscapeString(after)
}
