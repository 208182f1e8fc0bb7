package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Lists of dated posts (see replies.go for how their units are marked): a
// thread, a blog's comments, a news page's 网友评论, found by the shape of
// their units and the dated line each carries, and placed by the headline.

// datedReplies returns the children of n that are replies in a list of
// dated posts: three or more sibling units of one shape (unitShape), most
// of them (datedShare) holding a short line with a full date. The list is a
// thread when the text between the headline and its first unit (lead text:
// what is neither link nor inside the headline) is under leadShare of that
// unit's own text, or when the first unit prints the headline itself; the
// opening post is then the article and the other units are replies. Else
// the article stands before the list and every unit is a comment.
//
// Rows of a layout table repeat a shape and a date in any table layout (a
// header row with the date of the day), so table rows are never units here.
func (f *bodyFinder) datedReplies(n *html.Node) []*html.Node {
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && unitTag(c) && c.DataAtom != atom.Tr && c.DataAtom != atom.Tbody && f.get(c).chars > 0 {
			kids = append(kids, c)
		}
	}
	if len(kids) < 3 {
		return nil
	}
	shapes := make([]string, len(kids))
	for i, k := range kids {
		shapes[i] = unitShape(k)
	}
	var out []*html.Node
	done := make([]bool, len(kids))
	for i := range kids {
		if done[i] {
			continue
		}
		var g []*html.Node
		for j := i; j < len(kids); j++ {
			if !done[j] && shapes[j] == shapes[i] {
				done[j] = true
				g = append(g, kids[j])
			}
		}
		if len(g) < 3 {
			continue
		}
		if f.looseText(n, g) >= f.p.looseShare*float64(f.get(g[0]).chars-f.get(g[0]).linkChars) {
			continue // sections of a running text, not posts
		}
		// Stop at the first undated unit that makes the share unreachable:
		// most lists on a page (menus, link lists) fail on their first units.
		undated, allowed := 0, (1-f.p.datedShare)*float64(len(g))
		for _, u := range g {
			if !f.postDated(u) {
				undated++
				if float64(undated) > allowed {
					break
				}
			}
		}
		if float64(undated) > allowed {
			continue
		}
		if f.opensThread(g[0]) {
			g = g[1:]
		}
		out = append(out, g...)
	}
	return out
}

// flatReplies finds posts that no element wraps: a parent whose children
// run header, text, header, text…, each header a short line with a date
// and a time of day and no sentence ("网友1 发表于 2009-4-11 11:00"), three
// headers or more. A post is its header and the siblings up to the next
// one. As for wrapped posts (opensThread), the first post is the article
// when little text stands between the headline and it; else every post is
// a comment. It returns the children of n that belong to replies.
func (f *bodyFinder) flatReplies(n *html.Node) []*html.Node {
	var heads []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && f.postHeader(c) {
			heads = append(heads, c)
		}
	}
	if len(heads) < 3 {
		return nil
	}
	// Every header must be followed by text before the next one.
	for i, h := range heads {
		text := 0
		for c := h.NextSibling; c != nil && (i+1 == len(heads) || c != heads[i+1]); c = c.NextSibling {
			if c.Type == html.ElementNode {
				text += f.get(c).chars - f.get(c).linkChars
			} else if c.Type == html.TextNode {
				text += meaningful(c.Data)
			}
		}
		if text < 10 {
			return nil
		}
	}
	from := heads[0]
	if f.opensFlatThread(heads[0], heads[1]) {
		from = heads[1]
	}
	var out []*html.Node
	for c := from; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode {
			out = append(out, c)
		}
	}
	return out
}

// postHeader reports a short element whose text is a post's header: a
// full date with a time of day, some words, no sentence.
func (f *bodyFinder) postHeader(c *html.Node) bool {
	s := f.get(c)
	if s.chars < 4 || s.chars > 30 || blockTags[c.DataAtom] && c.DataAtom != atom.P && c.DataAtom != atom.Div && c.DataAtom != atom.Dt {
		return false
	}
	t := textOf(c)
	if utf8.RuneCountInString(t) > 40 || strings.ContainsAny(t, "。！？") || !strings.Contains(t, ":") || !clockTime.MatchString(t) {
		return false
	}
	_, ok := parseFullDate(foldDigits(t))
	return ok
}

// clockTime is a time of day: 10:15, 9:05:33.
var clockTime = regexp.MustCompile(`(?:^|[^\d])\d{1,2}:\d{2}`)

// opensFlatThread is opensThread for a post that no element wraps: the
// post runs from head to next.
func (f *bodyFinder) opensFlatThread(head, next *html.Node) bool {
	own := 0
	for c := head; c != nil && c != next; c = c.NextSibling {
		if c.Type == html.ElementNode {
			own += f.get(c).chars - f.get(c).linkChars
		}
	}
	return f.leadBefore(head) < f.p.leadShare*float64(own)
}

// looseText counts the non-link text of n's children that are no units
// (paragraphs, headings, bare text): a list of comments or posts is a box
// of its own, while sections of an article continue a running text that
// shares their parent. A unit of another shape (a thread's opening post
// styled apart) is not loose text.
func (f *bodyFinder) looseText(n *html.Node, g []*html.Node) float64 {
	loose := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			if !isBlankText(c.Data) {
				loose += meaningful(c.Data)
			}
		case c.Type == html.ElementNode && !unitTag(c):
			s := f.get(c)
			loose += s.chars - s.linkChars
		}
	}
	return float64(loose)
}

func isBlankText(s string) bool { return strings.TrimFunc(s, isSpace) == "" }

// postDated reports a short dated line in u outside headings: a post's
// header or footer ("网友 2019-05-20 11:20"). A date in a heading titles a
// section of an article ("<h3>2019年4月2日</h3>"), not a post.
func (f *bodyFinder) postDated(u *html.Node) bool {
	return f.datedWith(u, isHTag)
}

// isHTag reports an h1–h6 element (isHeading also takes title classes).
func isHTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
		return true
	}
	return false
}

// opensThread reports whether the first unit of a list of dated posts is
// the page's article: it prints the headline, or the lead text between the
// headline (else the page's start) and it is under leadShare of its own
// text.
func (f *bodyFinder) opensThread(first *html.Node) bool {
	h := f.headline
	if h != nil && contains(first, h) {
		return true
	}
	fs := f.get(first)
	return f.leadBefore(first) < f.p.leadShare*float64(fs.chars-fs.linkChars)
}

// leadBefore is the non-link text between the headline (else the page's
// start) and n.
func (f *bodyFinder) leadBefore(n *html.Node) float64 {
	h, ns := f.headline, f.get(n)
	from := 0
	if h != nil && !contains(h, n) {
		hs := f.get(h)
		if end := hs.before + hs.chars - hs.linkChars; end <= ns.before {
			from = end
		}
	}
	return float64(ns.before - from)
}

// unitShape is a unit's tag and the tags of its children, below any
// wrapper that holds a single element and no text of its own: posts and
// comments of one list share it, whatever their class names.
func unitShape(u *html.Node) string {
	var b strings.Builder
	b.WriteString(u.Data)
	n := u
	for depth := 0; depth < 4; depth++ {
		only, count := (*html.Node)(nil), 0
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			switch {
			case c.Type == html.ElementNode && !junkTags[c.DataAtom]:
				only = c
				count++
			case c.Type == html.TextNode && strings.TrimFunc(c.Data, isSpace) != "":
				count += 2 // text of its own: no wrapper
			}
		}
		if count != 1 {
			break
		}
		n = only
		b.WriteString(">" + n.Data)
	}
	b.WriteByte(':')
	prev := ""
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && !junkTags[c.DataAtom] && c.Data != prev {
			b.WriteString(c.Data + " ")
			prev = c.Data
		}
	}
	return b.String()
}
