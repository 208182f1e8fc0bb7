package digest_test

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	xhtml "golang.org/x/net/html"

	"github.com/zhwatch/zhwatch/internal/digest"
)

// hostile is a digest whose texts try to break out of every output.
func hostile() *digest.Digest {
	return &digest.Digest{
		ID: "export-controls-20250828T000000Z-3", Watchlist: "export-controls", Query: "出口管制 OR entity:list:*",
		Since: time.Date(2025, 8, 27, 0, 0, 0, 0, time.UTC), Until: time.Date(2025, 8, 28, 0, 0, 0, 0, time.UTC),
		Items: []digest.Item{{
			ID: "3f2a", Title: `<script>alert(1)</script> *美方* [加严](javascript:x) & “出口管制”`,
			URL: `http://h/a.html?x=1&y="2"`, Source: "demo-news", SiteName: "示例站", PublishedAt: "2025-08-27T09:15:42+08:00",
			Snippet:  `前文&lt;b&gt;不是标签&lt;/b&gt;<img src=x onerror=alert(1)>，美国<mark>出口管制</mark>再度加码 <mark>实体清单</mark>`,
			Entities: []digest.Entity{{ID: "list:entity-list", Name: "实体清单", Type: "list"}, {ID: "org:<x>", Name: "<b>x</b>", Type: "org"}},
			Reprints: 19,
		}, {
			ID: "9c1d", Title: "第二条", URL: "http://h/b.html", Source: "demo-news", PublishedAt: "",
			Snippet: "没有标记的片段",
		}},
	}
}

func TestHTMLForMailClients(t *testing.T) {
	out := digest.HTML(hostile())
	if !utf8.ValidString(out) || !strings.Contains(out, `<meta charset="utf-8">`) {
		t.Error("not declared UTF-8")
	}
	doc, err := xhtml.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var marks []string
	var walk func(n *xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "script", "style", "img", "link", "iframe", "object":
				t.Errorf("<%s> in the mail HTML", n.Data)
			case "mark":
				marks = append(marks, n.FirstChild.Data)
				if style := attr(n, "style"); !strings.Contains(style, "background-color") {
					t.Errorf("<mark> without an inline style: %q", style)
				}
			case "a":
				if href := attr(n, "href"); strings.HasPrefix(href, "javascript") {
					t.Errorf("javascript link %q", href)
				}
			}
			for _, a := range n.Attr {
				if strings.HasPrefix(a.Key, "on") || a.Key == "class" {
					t.Errorf("attribute %s=%q on <%s>", a.Key, a.Val, n.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if !slices.Equal(marks, []string{"出口管制", "实体清单"}) {
		t.Errorf("marked %q, want 出口管制 and 实体清单", marks)
	}
	for _, want := range []string{
		`&lt;script&gt;alert(1)&lt;/script&gt;`, // the title, escaped
		`前文&lt;b&gt;不是标签&lt;/b&gt;，美国`,          // escaped text in the snippet stays escaped
		`19 reprints`,                              // the reprint count
		`&lt;b&gt;x&lt;/b&gt;`,                     // an entity name
		`href="http://h/a.html?x=1&amp;y=%222%22"`, // attribute-escaped URL
		`style="`, `export-controls-20250828T000000Z-3`, // inline styles, the digest id
	} {
		if !strings.Contains(out, want) {
			t.Errorf("HTML lacks %s", want)
		}
	}
	if strings.Contains(out, "<style") || strings.Contains(out, "onerror") {
		t.Error("a <style> block or an event handler got through")
	}
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestMarkdown(t *testing.T) {
	md := digest.Markdown(hostile())
	for _, want := range []string{
		"# export-controls: 2 new articles",
		"Query `出口管制 OR entity:list:*` · stored 2025-08-27 08:00 – 2025-08-28 08:00 (UTC+8)",
		`## 1. [\<script\>alert(1)\</script\> \*美方\* \[加严\](javascript:x) \& “出口管制”](http://h/a.html?x=1&y="2")`,
		"示例站 (demo-news) · h · 2025-08-27 09:15 · 19 reprints",
		"> 前文\\<b\\>不是标签\\</b\\>，美国**出口管制**再度加码 **实体清单**",
		"Entities: 实体清单 `list:entity-list`, \\<b\\>x\\</b\\> `org:<x>`",
		"## 2. [第二条](http://h/b.html)",
		"date unknown",
		"zhwatch digest export-controls-20250828T000000Z-3",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("Markdown lacks\n  %s\nin\n%s", want, md)
		}
	}
	if strings.Contains(md, "<img") || strings.Contains(md, "onerror") {
		t.Error("markup from the snippet got into the Markdown")
	}
}

func TestJSONShape(t *testing.T) {
	out, err := digest.JSON(hostile())
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]json.RawMessage
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"items", "since", "until", "watchlist"}) {
		t.Errorf("keys %v", keys)
	}
	var items []map[string]any
	if err := json.Unmarshal(got["items"], &items); err != nil {
		t.Fatal(err)
	}
	want := []string{"entities", "id", "published_at", "reprints", "snippet", "source", "title", "url"}
	for _, it := range items {
		if keys := slices.Sorted(maps.Keys(it)); !slices.Equal(keys, want) {
			t.Errorf("item keys %v, want %v", keys, want)
		}
	}
	if items[0]["reprints"] != 19.0 || items[1]["entities"] == nil {
		t.Errorf("items %v", items)
	}
	if s := items[0]["snippet"].(string); strings.Contains(s, "<img") || !strings.Contains(s, "<mark>出口管制</mark>") {
		t.Errorf("snippet %q: want only <mark> markup", s)
	}
	if string(got["since"]) != `"2025-08-27T00:00:00Z"` || string(got["until"]) != `"2025-08-28T00:00:00Z"` {
		t.Errorf("since %s until %s", got["since"], got["until"])
	}

	first := hostile()
	first.Since, first.Items = time.Time{}, nil
	out, _ = digest.JSON(first)
	if !strings.Contains(string(out), `"since": null`) || !strings.Contains(string(out), `"items": []`) {
		t.Errorf("a first, empty digest: %s", out)
	}
}

func TestSubject(t *testing.T) {
	s := digest.Subject(hostile())
	if !strings.HasPrefix(s, "[zhwatch] export-controls: 2 new articles (2025-08-28) · ") || !strings.Contains(s, "美方") {
		t.Errorf("subject %q", s)
	}
	if n := utf8.RuneCountInString(s); n > 90 {
		t.Errorf("subject has %d characters", n)
	}
}

func TestManyEntitiesShortened(t *testing.T) {
	d := hostile()
	d.Items[0].Entities = nil
	for i := range 14 {
		d.Items[0].Entities = append(d.Items[0].Entities, digest.Entity{ID: "org:o" + string(rune('a'+i)), Name: "机构" + string(rune('甲'+i)), Type: "org"})
	}
	if md := digest.Markdown(d); !strings.Contains(md, "`org:oj` and 4 more") || strings.Contains(md, "org:ok") {
		t.Errorf("Markdown entities not cut at 10:\n%s", md)
	}
	if h := digest.HTML(d); !strings.Contains(h, "and 4 more") || strings.Contains(h, "机构"+string(rune('甲'+10))) {
		t.Error("HTML entities not cut at 10")
	}
	js, _ := digest.JSON(d)
	if !strings.Contains(string(js), "org:on") {
		t.Error("JSON lost entities")
	}
}
