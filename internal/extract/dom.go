package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags start a new line when rendering text.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Table: true, atom.Tr: true, atom.Td: true, atom.Th: true, atom.Tbody: true,
	atom.Dl: true, atom.Dt: true, atom.Dd: true, atom.Section: true, atom.Article: true,
	atom.Header: true, atom.Footer: true, atom.Aside: true, atom.Blockquote: true,
	atom.Pre: true, atom.Form: true, atom.Center: true, atom.Hr: true, atom.Address: true,
	atom.Figure: true, atom.Figcaption: true, atom.Main: true, atom.Nav: true, atom.Body: true,
	atom.Html: true, atom.Caption: true, atom.Fieldset: true, atom.Legend: true, atom.Summary: true,
	atom.Details: true,
}

// junkTags never hold article text.
var junkTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true,
	atom.Select: true, atom.Textarea: true, atom.Button: true, atom.Svg: true,
	atom.Canvas: true, atom.Object: true, atom.Embed: true, atom.Input: true,
	atom.Template: true, atom.Head: true, atom.Title: true, atom.Option: true,
	atom.Video: true, atom.Audio: true, atom.Map: true,
}

// line is one rendered line of text and the element that opened it.
type line struct {
	text  string
	block *html.Node // nearest block ancestor of the line's first text
	links int        // runes of the line inside <a>
}

// renderer turns a subtree into lines, skipping what skip says.
type renderer struct {
	skip  func(*html.Node) bool
	lines []line
	cur   strings.Builder
	block *html.Node
	links int
}

func renderLines(skip func(*html.Node) bool, nodes ...*html.Node) []line {
	r := &renderer{skip: skip}
	for _, n := range nodes {
		r.walk(n, n, false)
		r.flush()
	}
	return r.lines
}

func (r *renderer) flush() {
	t := strings.TrimFunc(r.cur.String(), isSpace)
	if t != "" {
		r.lines = append(r.lines, line{text: collapseSpace(t), block: r.block, links: r.links})
	}
	r.cur.Reset()
	r.block = nil
	r.links = 0
}

func (r *renderer) walk(n, block *html.Node, inLink bool) {
	switch n.Type {
	case html.TextNode:
		if r.block == nil && strings.TrimFunc(n.Data, isSpace) != "" {
			r.block = block
		}
		r.cur.WriteString(joinWrapped(n.Data))
		if inLink {
			r.links += utf8.RuneCountInString(strings.TrimFunc(n.Data, isSpace))
		}
		return
	case html.ElementNode:
		if junkTags[n.DataAtom] || (r.skip != nil && r.skip(n)) {
			return
		}
		if n.DataAtom == atom.Img {
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	isBlock := n.Type == html.ElementNode && blockTags[n.DataAtom]
	if isBlock {
		r.flush()
		block = n
	}
	if n.DataAtom == atom.A {
		inLink = true
	}
	if n.DataAtom == atom.Td || n.DataAtom == atom.Th {
		r.flush()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, block, inLink)
	}
	if isBlock {
		r.flush()
	}
}

func isSpace(r rune) bool {
	return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\ufeff' || r == '\u200b'
}

// collapseSpace folds runs of white space to one ASCII space.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if isSpace(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// joinWrapped removes the line breaks a text node holds between Han
// characters ("2007\n年末"): source formatting, not a space a reader sees.
// White space at either end is kept for the caller to collapse.
func joinWrapped(s string) string {
	if !strings.ContainsAny(s, "\n\r") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	var prev rune
	runStart := -1
	for i, r := range s {
		if isSpace(r) {
			if runStart < 0 {
				runStart = i
			}
			continue
		}
		if runStart >= 0 {
			run := s[runStart:i]
			if !(prev != 0 && strings.ContainsAny(run, "\n\r") && (isHan(prev) || isHan(r))) {
				b.WriteString(run)
			}
			runStart = -1
		}
		prev = r
		b.WriteRune(r)
	}
	if runStart >= 0 {
		b.WriteString(s[runStart:])
	}
	return b.String()
}

// textOf returns the collapsed text of n.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(joinWrapped(n.Data))
			return
		}
		if n.Type == html.ElementNode && junkTags[n.DataAtom] {
			return
		}
		if n.Type == html.ElementNode && blockTags[n.DataAtom] {
			b.WriteByte(' ')
			defer b.WriteByte(' ')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(collapseSpace(b.String()))
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// classID returns the lower-cased class and id of n joined by a space.
func classID(n *html.Node) string {
	c, id := attr(n, "class"), attr(n, "id")
	if c == "" && id == "" {
		return ""
	}
	return strings.ToLower(c + " " + id)
}

// isHidden reports an inline style or attribute that hides n.
func isHidden(n *html.Node) bool {
	if _, ok := hasAttr(n, "hidden"); ok {
		return true
	}
	st := attr(n, "style")
	if st == "" {
		return false
	}
	st = strings.ReplaceAll(strings.ToLower(st), " ", "")
	return strings.Contains(st, "display:none") || strings.Contains(st, "visibility:hidden")
}

func hasAttr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

// isHan reports a CJK ideograph.
func isHan(r rune) bool {
	return unicode.Is(unicode.Han, r)
}

// meaningful counts the runes the scorer counts: Han characters and runs of
// letters or digits (each run one).
func meaningful(s string) int {
	n := 0
	inWord := false
	for _, r := range s {
		switch {
		case isHan(r):
			n++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				n++
			}
			inWord = true
		default:
			inWord = false
		}
	}
	return n
}
