package extract

import (
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Comment lists and the replies of a thread are found from their shape and
// their wording, never from a site's class names. A list repeats one
// structure under one parent, three or more sibling units, and is a list of
// replies when either
//
//   - at least half of its units (same tag and class) open with a reply
//     marker — "re:", "回复", "#3楼", "5#", "沙发" — in their first words;
//     every unit but an unmarked first one (a thread's opening post) is a
//     reply; or
//   - most of its units (same tag and the same tags below: class names
//     vary per unit, bg1/bg2, even/odd, or are missing) carry a short dated
//     line, a post's header or footer ("网友 2019-05-20 11:20"). Whose
//     article such a list is depends on what stands between the headline
//     and the list (datedReplies): nothing much, and the first unit is the
//     article (a thread's opening post); the article itself, and every unit
//     is a comment on it.
//
// Text inside replies is not article text: candidate scores are scaled by
// the share of their text that is not replies (zero inside a reply), the
// body takes no reply-holding sibling, and replies inside the chosen body
// are skipped.

// floorMarker is a word that numbers a reply: "#3楼", "[5楼]", "12#", "#7",
// "第8楼", "9F". A numbered item of an article ("#2、侧推短发") is no such word.
var floorMarker = regexp.MustCompile(`(?i)^[\[【(（]?(?:#?\s*第?\d+\s*(?:楼|樓|f|#)|#\d+)[\]】)）:：]?$`)

// replyWord starts a word that opens a reply: "回复", "沙发", "Reply".
var replyWord = regexp.MustCompile(`(?i)^(?:回复|回覆|答复|答覆|沙发|沙發|板凳|地板|reply\b)`)

// quoteReply opens a reply quoting the title: "re: 标题", "# Re:标题".
var quoteReply = regexp.MustCompile(`(?i)^#?\s*re\s*[:：]`)

// markReplies finds the reply units under root and adds their text to the
// replyChars of each ancestor.
func (f *bodyFinder) markReplies(root *html.Node) {
	f.replies = map[*html.Node]bool{}
	var visit func(*html.Node)
	mark := func(u *html.Node) {
		if f.replies[u] {
			return
		}
		f.replies[u] = true
		chars := f.get(u).chars
		for a := u.Parent; a != nil; a = a.Parent {
			if s, ok := f.stats[a]; ok {
				s.replyChars += chars
			}
		}
		// Everything inside a reply is reply text too, so no candidate
		// within one can pass for the article.
		var inside func(*html.Node)
		inside = func(n *html.Node) {
			if s, ok := f.stats[n]; ok {
				s.replyChars = s.chars
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					inside(c)
				}
			}
		}
		inside(u)
	}
	visit = func(n *html.Node) {
		units := append(append(f.replyUnits(n), f.datedReplies(n)...), f.flatReplies(n)...)
		inUnits := 0
		seen := map[*html.Node]bool{}
		for _, u := range units {
			if !seen[u] {
				seen[u] = true
				inUnits += f.get(u).chars
			}
		}
		if len(units) > 0 && f.get(n).chars-inUnits <= 12 && n.Parent != nil && n.Parent.Type == html.ElementNode && n.DataAtom != atom.Body {
			// Nothing but the list and a heading ("网友留言"): the whole
			// box is the comment section.
			mark(n)
			return
		}
		for _, u := range units {
			mark(u)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && !f.replies[c] && !junkTags[c.DataAtom] {
				visit(c)
			}
		}
	}
	visit(root)
}

// replyUnits returns the children of n that are replies in a reply list.
func (f *bodyFinder) replyUnits(n *html.Node) []*html.Node {
	var kids []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && unitTag(c) && f.get(c).chars > 0 {
			kids = append(kids, c)
		}
	}
	if len(kids) < 3 {
		return nil
	}
	var out []*html.Node
	seen := make([]bool, len(kids))
	for i, k := range kids {
		if seen[i] {
			continue
		}
		g := []*html.Node{k}
		for j := i + 1; j < len(kids); j++ {
			if !seen[j] && sameKind(k, kids[j]) {
				seen[j] = true
				g = append(g, kids[j])
			}
		}
		if len(g) < 3 {
			continue
		}
		marked, firstMarked := 0, false
		for i, u := range g {
			if opensWithReply(u) {
				marked++
				firstMarked = firstMarked || i == 0
			}
		}
		if 2*marked < len(g) {
			continue
		}
		from := 0
		if !firstMarked {
			from = 1 // the opening post of a thread is the article
		}
		out = append(out, g[from:]...)
	}
	return out
}

// opensWithReply reports a reply marker opening u's text: "re:" first (after
// an optional "#"), a floor number or a reply word among the first four
// words (a reply's header may start with the replier's name).
func opensWithReply(u *html.Node) bool {
	words := strings.Fields(leadText(u, 40))
	if len(words) == 0 {
		return false
	}
	first := words[0]
	if first == "#" && len(words) > 1 {
		first = "#" + words[1]
	}
	if quoteReply.MatchString(first) {
		return true
	}
	for _, w := range words[:min(4, len(words))] {
		if floorMarker.MatchString(w) || replyWord.MatchString(strings.TrimLeft(w, "[【(（")) {
			return true
		}
	}
	return false
}

// unitTags are the elements a comment or a post is built of; a paragraph
// (<p>) is running text, not a unit, however its words start.
func unitTag(n *html.Node) bool {
	switch n.DataAtom {
	case atom.Div, atom.Li, atom.Table, atom.Tbody, atom.Tr, atom.Dl, atom.Dd, atom.Section, atom.Article, atom.Ul, atom.Blockquote:
		return true
	}
	return false
}

// leadText returns about the first n runes of u's visible text, words
// separated by spaces.
func leadText(u *html.Node, n int) string {
	var b strings.Builder
	var walk func(*html.Node) bool
	walk = func(x *html.Node) bool {
		switch x.Type {
		case html.TextNode:
			b.WriteString(x.Data)
			b.WriteByte(' ')
			return b.Len() >= 3*n // n runes of Han text
		case html.ElementNode:
			if junkTags[x.DataAtom] || isHidden(x) {
				return false
			}
		}
		for c := x.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(u)
	return b.String()
}

// articleShare is the share of n's text outside replies.
func (s *nodeStats) articleShare() float64 {
	if s.chars == 0 || s.replyChars == 0 {
		return 1
	}
	return max(0, 1-float64(s.replyChars)/float64(s.chars))
}
