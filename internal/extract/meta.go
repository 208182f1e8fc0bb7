package extract

import (
	"encoding/json"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// headInfo is what a page says about itself outside its visible text.
type headInfo struct {
	meta      map[string]string // lower-cased name/property/itemprop → first content
	titleTag  string
	titleTags []string // every <title> outside SVG; some pages repeat it
	lang      string
	jsonLD    []map[string]any
	h1        []*html.Node
	titleLike []*html.Node // h1–h3 and elements whose class says "title"
	// scriptDate is a publication time an inline script assigns to a
	// variable (WeChat's var ct = "1581517074").
	scriptDate string
}

func readHead(root *html.Node) *headInfo {
	h := &headInfo{meta: map[string]string{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				h.lang = attr(n, "lang")
			case atom.Meta:
				content, ok := hasAttr(n, "content")
				if !ok {
					break
				}
				for _, k := range []string{"name", "property", "itemprop", "http-equiv"} {
					if key := strings.ToLower(strings.TrimSpace(attr(n, k))); key != "" {
						if _, seen := h.meta[key]; !seen {
							h.meta[key] = strings.TrimSpace(content)
						}
					}
				}
			case atom.Title:
				if !insideSVG(n) {
					if t := textOfRaw(n); t != "" {
						if h.titleTag == "" {
							h.titleTag = t
						}
						h.titleTags = append(h.titleTags, t)
					}
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") {
					h.jsonLD = append(h.jsonLD, parseJSONLD(textOfRaw(n))...)
				} else if h.scriptDate == "" && attr(n, "src") == "" {
					h.scriptDate = scriptDate(textOfRaw(n))
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.H1:
				h.h1 = append(h.h1, n)
				h.titleLike = append(h.titleLike, n)
			case atom.H2, atom.H3:
				h.titleLike = append(h.titleLike, n)
			default:
				if cls := classID(n); cls != "" && strings.Contains(cls, "title") && !strings.Contains(cls, "subtitle") {
					h.titleLike = append(h.titleLike, n)
				}
			}
			// itemprop on visible elements (datePublished, author)
			if ip := attr(n, "itemprop"); ip != "" && n.DataAtom != atom.Meta {
				key := strings.ToLower(ip)
				if _, seen := h.meta[key]; !seen {
					v := attr(n, "datetime")
					if v == "" {
						v = attr(n, "content")
					}
					if v == "" {
						v = textOf(n)
					}
					if v != "" && len(v) < 300 {
						h.meta[key] = v
					}
				}
			}
			// rel="author" on a link names the writer as itemprop does;
			// a <meta name="author"> in the head, read first, wins.
			if n.DataAtom == atom.A && hasRelAuthor(attr(n, "rel")) {
				if _, seen := h.meta["author"]; !seen {
					if v := strings.TrimSpace(textOf(n)); v != "" && len(v) < 300 {
						h.meta["author"] = v
					}
				}
			}
			if n.DataAtom == atom.Time {
				if dt := attr(n, "datetime"); dt != "" {
					if _, seen := h.meta["time:datetime"]; !seen {
						h.meta["time:datetime"] = dt
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return h
}

func insideSVG(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Svg {
			return true
		}
	}
	return false
}

// textOfRaw returns the raw text content of n (for <title> and <script>).
func textOfRaw(n *html.Node) string {
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return strings.TrimSpace(b.String())
}

func parseJSONLD(s string) []map[string]any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return nil
	}
	var out []map[string]any
	var collect func(any, int)
	collect = func(v any, depth int) {
		if depth > 4 {
			return
		}
		switch t := v.(type) {
		case []any:
			for _, x := range t {
				collect(x, depth+1)
			}
		case map[string]any:
			out = append(out, t)
			if g, ok := t["@graph"]; ok {
				collect(g, depth+1)
			}
		}
	}
	collect(v, 0)
	return out
}

// ldString returns the first string value of key among the JSON-LD objects,
// following {"name": …} objects and arrays.
func (h *headInfo) ldString(key string) string {
	for _, obj := range h.jsonLD {
		if s := anyString(obj[key]); s != "" {
			return s
		}
	}
	return ""
}

func anyString(v any) string {
	switch t := v.(type) {
	case string:
		return strings.TrimSpace(t)
	case map[string]any:
		return anyString(t["name"])
	case []any:
		var names []string
		for _, x := range t {
			if s := anyString(x); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, " ")
	}
	return ""
}

// first returns the first non-empty meta value among keys.
func (h *headInfo) first(keys ...string) string {
	for _, k := range keys {
		if v := h.meta[k]; v != "" {
			return v
		}
	}
	return ""
}

func hasRelAuthor(rel string) bool {
	for _, w := range strings.Fields(strings.ToLower(rel)) {
		if w == "author" {
			return true
		}
	}
	return false
}
