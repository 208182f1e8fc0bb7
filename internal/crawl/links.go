package crawl

import (
	"bytes"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageLinks are the links found in one HTML page.
type pageLinks struct {
	hrefs     []string // <a>/<area> href, in document order, at most max
	canonical string   // <link rel=canonical href>
	base      string   // <base href>
	feeds     []string // <link rel=alternate> RSS/Atom
}

// htmlLinks tokenizes body (any ASCII-compatible charset) and collects its
// links, stopping after max hrefs. It never builds a tree, so deeply nested
// or huge pages cost only a linear scan.
func htmlLinks(body []byte, max int) pageLinks {
	var out pageLinks
	z := html.NewTokenizer(bytes.NewReader(body))
	z.SetMaxBuf(0)
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return out
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, hasAttr := z.TagName()
		if !hasAttr {
			continue
		}
		switch atom.Lookup(name) {
		case atom.A, atom.Area:
			if len(out.hrefs) >= max {
				continue
			}
			if href := attr(z, "href", nil); href != "" {
				out.hrefs = append(out.hrefs, href)
			}
		case atom.Link:
			var rel, typ string
			href := attr(z, "href", map[string]*string{"rel": &rel, "type": &typ})
			rels := strings.Fields(strings.ToLower(rel))
			switch {
			case href == "":
			case contains(rels, "canonical"):
				out.canonical = href
			case contains(rels, "alternate") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom")):
				out.feeds = append(out.feeds, href)
			}
		case atom.Base:
			if out.base == "" {
				out.base = attr(z, "href", nil)
			}
		}
	}
}

// attr returns the value of attribute key and stores the values of others.
func attr(z *html.Tokenizer, key string, others map[string]*string) string {
	var val string
	for {
		k, v, more := z.TagAttr()
		switch name := string(k); {
		case name == key:
			val = strings.TrimSpace(string(v))
		case others[name] != nil:
			*others[name] = string(v)
		}
		if !more {
			return val
		}
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
