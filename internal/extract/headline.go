package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// findHeadline returns the element that prints the page's headline: the
// first heading (h1–h6) whose text holds the headline part of the <title>,
// else the first element whose whole text is that part, else the first
// <h1>. The article starts after it, which places a list of posts: text
// between the headline and the list is the article the list comments on.
//
// Text is compared only where the measured text size allows a match, so
// the search costs one walk, not one rendering per element.
func (f *bodyFinder) findHeadline(root *html.Node, titleTag string) *html.Node {
	want := strings.TrimSpace(splitTitle(collapseSpace(titleTag))[0])
	if utf8.RuneCountInString(want) < 4 {
		want = ""
	}
	size := meaningful(want)
	var heading, exact, h1 *html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if heading != nil || n.Type != html.ElementNode && n.Type != html.DocumentNode {
			return
		}
		if n.Type == html.ElementNode {
			if junkTags[n.DataAtom] || isHidden(n) {
				return
			}
			switch n.DataAtom {
			case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				chars := f.get(n).chars
				if want != "" && chars >= size && strings.Contains(textOf(n), want) {
					heading = n
					return
				}
				if h1 == nil && n.DataAtom == atom.H1 && chars > 0 {
					h1 = n
				}
			case atom.Td, atom.Div, atom.Span, atom.Strong, atom.B, atom.P, atom.Font:
				if exact == nil && want != "" && f.get(n).chars == size && utf8.RuneCountInString(want) <= 80 && textOf(n) == want {
					exact = n
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	switch {
	case heading != nil:
		return heading
	case exact != nil:
		return exact
	}
	return h1
}
