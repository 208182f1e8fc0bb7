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
func findHeadline(root *html.Node, titleTag string) *html.Node {
	want := strings.TrimSpace(splitTitle(collapseSpace(titleTag))[0])
	if utf8.RuneCountInString(want) < 4 {
		want = ""
	}
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
				t := textOf(n)
				if want != "" && strings.Contains(t, want) {
					heading = n
					return
				}
				if h1 == nil && n.DataAtom == atom.H1 && t != "" {
					h1 = n
				}
			case atom.Td, atom.Div, atom.Span, atom.Strong, atom.B, atom.P, atom.Font:
				if exact == nil && want != "" && n.FirstChild != nil && utf8.RuneCountInString(want) <= 80 && textOf(n) == want {
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
