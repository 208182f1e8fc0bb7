package digest

import (
	"html"
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
)

// span is a run of snippet text, marked when it matched the query.
type span struct {
	Text   string
	Marked bool
}

// parseSnippet reads a snippet in the index's form (text with <mark>
// around matches, the rest escaped) into spans. Any other markup is
// dropped, so a renderer can escape every span for its own output.
func parseSnippet(s string) []span {
	var out []span
	z := xhtml.NewTokenizer(strings.NewReader(s))
	depth := 0
	for {
		switch z.Next() {
		case xhtml.ErrorToken:
			return out // io.EOF: the tokenizer reads from a string and cannot fail otherwise
		case xhtml.TextToken:
			text := collapseSpace(string(z.Text()))
			if text == "" {
				continue
			}
			marked := depth > 0
			if n := len(out); n > 0 && out[n-1].Marked == marked {
				out[n-1].Text += text
			} else {
				out = append(out, span{Text: text, Marked: marked})
			}
		case xhtml.StartTagToken:
			if name, _ := z.TagName(); string(name) == "mark" {
				depth++
			}
		case xhtml.EndTagToken:
			if name, _ := z.TagName(); string(name) == "mark" && depth > 0 {
				depth--
			}
		}
	}
}

// collapseSpace turns every run of white space (line breaks included)
// into one space, so a snippet is one line in every output.
func collapseSpace(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

// snippetHTML writes spans back as HTML: escaped text, <mark> around
// matches and nothing else.
func snippetHTML(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		if s.Marked {
			b.WriteString("<mark>")
		}
		b.WriteString(html.EscapeString(s.Text))
		if s.Marked {
			b.WriteString("</mark>")
		}
	}
	return b.String()
}

// plainSnippet is the snippet's text without marks.
func plainSnippet(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.Text)
	}
	return b.String()
}
