package extract

import (
	"unicode/utf8"

	"golang.org/x/net/html"
)

// firstPost moves the body from a later post of a page of posts (a blog
// archive, a forum thread, a stream of full articles) to the first one.
//
// A page of posts repeats one structure: sibling units with the same tag
// and class, each holding, at the same path of tags and classes, a text
// container, and each dated on a short line of its own. When the best
// container sits in such a unit and an earlier sibling unit repeats it,
// the earlier unit's container is the article: the first post is the one
// the page is about (the newest entry, the thread's opening post).
func (f *bodyFinder) firstPost(top *html.Node) *html.Node {
	if top == nil {
		return nil
	}
	var path []*html.Node // from a unit down to top, the unit excluded
	unit := top
	for level := 0; level < 16 && unit.Parent != nil && unit.Parent.Type == html.ElementNode; level++ {
		parent := unit.Parent
		if parent.DataAtom == 0 && parent.Data == "" {
			break
		}
		var first *html.Node
		later, posts := false, 1
		need := 2 // units holding posts: this one and another
		if !classed(unit, path) {
			need = 3
		}
		for sib := parent.FirstChild; sib != nil && posts < need; sib = sib.NextSibling {
			if sib == unit || !sameKind(sib, unit) {
				continue
			}
			if m := follow(sib, path, f); m != nil && f.holdsPost(m) && f.dated(sib) {
				posts++
				if isBefore(sib, unit) {
					if first == nil {
						first = m
					}
				} else {
					later = true
				}
			}
		}
		if posts < need {
			// Without a class on the way, a tag path (table, tbody, tr,
			// td) repeats in any table layout: a header table with the
			// title and a date is no post. Only a run of three or more
			// dated units with text is a page of posts then.
			first, later = nil, false
		}
		if (first != nil || later) && f.dated(unit) {
			if first != nil {
				return first
			}
			return top // top is in the first post already
		}
		path = append([]*html.Node{unit}, path...)
		unit = parent
	}
	return top
}

// classed reports a class on the unit or on a step of the path below it.
func classed(unit *html.Node, path []*html.Node) bool {
	if attr(unit, "class") != "" {
		return true
	}
	for _, n := range path {
		if attr(n, "class") != "" {
			return true
		}
	}
	return false
}

// isBefore reports whether sibling a comes before sibling b.
func isBefore(a, b *html.Node) bool {
	for s := a.NextSibling; s != nil; s = s.NextSibling {
		if s == b {
			return true
		}
	}
	return false
}

// sameKind compares element tag and class.
func sameKind(a, b *html.Node) bool {
	return a.Type == html.ElementNode && b.Type == html.ElementNode &&
		a.Data == b.Data && attr(a, "class") == attr(b, "class")
}

// follow walks down from u along the tags and classes of path, taking at
// each step the child of that kind with the most text. Posts share their
// frame but not always the markup inside their text, so the walk may stop
// early; it must cover at least half of the path.
func follow(u *html.Node, path []*html.Node, f *bodyFinder) *html.Node {
	n := u
	for i, step := range path {
		var next *html.Node
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if sameKind(c, step) && (next == nil || f.get(c).chars > f.get(next).chars) {
				next = c
			}
		}
		if next == nil {
			if 2*i < len(path) {
				return nil
			}
			return n
		}
		n = next
	}
	return n
}

// holdsPost reports a container with text of its own.
func (f *bodyFinder) holdsPost(m *html.Node) bool {
	s := f.get(m)
	return s.chars-s.linkChars >= 30 && s.linkDensity() < 0.3
}

// dated reports a short line with a full date in unit: a post's header or
// footer.
func (f *bodyFinder) dated(unit *html.Node) bool {
	return f.datedWith(unit, nil)
}

// datedWith is dated, skipping the subtrees skip says.
func (f *bodyFinder) datedWith(unit *html.Node, skip func(*html.Node) bool) bool {
	for _, ln := range renderLines(skip, unit) {
		if utf8.RuneCountInString(ln.text) <= 40 {
			if _, ok := parseFullDate(foldDigits(ln.text)); ok {
				return true
			}
		}
	}
	return false
}
