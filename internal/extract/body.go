package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// nodeStats are the text measures of one element's subtree.
type nodeStats struct {
	chars     int // meaningful runes (Han characters, words)
	linkChars int // of which inside <a>
	punct     int // sentence punctuation: ，。；！？、 and ASCII commas
	// replyChars are the chars inside replies of a comment list or a
	// thread (replies.go).
	replyChars int
	// before is the non-link text preceding the node in document order.
	before int
	score  float64
	scored bool
}

// bodyFinder picks the element that holds the article text, in the manner of
// Readability: each paragraph credits its ancestors by its length and
// punctuation, and the best-credited container, less its link text, wins.
type bodyFinder struct {
	p       bodyParams
	stats   map[*html.Node]*nodeStats
	replies map[*html.Node]bool // units of a reply list (replies.go)
	// headline is the element printing the page's headline, or nil
	// (headline.go); lead text is measured from its end.
	headline *html.Node
	// ownBefore counts the non-link text (meaningful runes) before the
	// walk reached a node, in document order.
	ownBefore int
}

func newBodyFinder(root *html.Node, p bodyParams, titleTag string) *bodyFinder {
	f := &bodyFinder{p: p, stats: make(map[*html.Node]*nodeStats, 512)}
	f.measure(root, false)
	f.headline = f.findHeadline(root, titleTag)
	f.markReplies(root)
	return f
}

func (f *bodyFinder) measure(n *html.Node, inLink bool) *nodeStats {
	s := &nodeStats{before: f.ownBefore}
	switch n.Type {
	case html.TextNode:
		s.chars = meaningful(n.Data)
		s.punct = countPunct(n.Data)
		if inLink {
			s.linkChars = s.chars
		} else {
			f.ownBefore += s.chars
		}
		return s
	case html.ElementNode:
		if junkTags[n.DataAtom] || isHidden(n) {
			f.stats[n] = s
			return s
		}
		if n.DataAtom == atom.A {
			inLink = true
		}
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		cs := f.measure(c, inLink)
		s.chars += cs.chars
		s.linkChars += cs.linkChars
		s.punct += cs.punct
	}
	if n.Type == html.ElementNode {
		f.stats[n] = s
	}
	return s
}

func (f *bodyFinder) get(n *html.Node) *nodeStats {
	if s, ok := f.stats[n]; ok {
		return s
	}
	return &nodeStats{}
}

func (s *nodeStats) linkDensity() float64 {
	if s.chars == 0 {
		return 0
	}
	return float64(s.linkChars) / float64(s.chars)
}

func countPunct(s string) int {
	n := 0
	for _, r := range s {
		switch r {
		case '，', '。', '；', '！', '？', '、', ',', '：':
			n++
		}
	}
	return n
}

// paragraphs are the elements whose own inline text counts as a paragraph.
func (f *bodyFinder) isParagraph(n *html.Node) bool {
	switch n.DataAtom {
	case atom.P, atom.Pre, atom.Td, atom.Blockquote, atom.Dd, atom.Li:
		return true
	case atom.Div, atom.Section, atom.Article, atom.Span, atom.Font, atom.Center:
		return ownText(n) >= 20
	}
	return false
}

// ownText counts the meaningful runes of n's text outside nested blocks.
func ownText(n *html.Node) int {
	total := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == html.TextNode:
			total += meaningful(c.Data)
		case c.Type == html.ElementNode && !blockTags[c.DataAtom] && !junkTags[c.DataAtom]:
			total += ownText(c)
		}
	}
	return total
}

// best returns the top candidate, or nil when the page has no paragraph.
func (f *bodyFinder) best(root *html.Node) *html.Node {
	var cands []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if junkTags[n.DataAtom] || isHidden(n) {
				return
			}
			if f.isParagraph(n) {
				f.credit(n, &cands)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	var top *html.Node
	topScore := 0.0
	for _, c := range cands {
		s := f.get(c)
		// Readability's score, less the share of link text and of reply
		// text: a block of links or of comments is not the article.
		score := s.score * (1 - s.linkDensity()) * s.articleShare()
		s.score = score
		if top == nil || score > topScore {
			top, topScore = c, score
		}
	}
	if alt := f.outweighing(top, cands); alt != nil {
		top = alt
	}
	if alt := f.followingHeadline(top, cands); alt != nil {
		top = alt
	}
	return f.firstPost(f.narrow(top))
}

// followingHeadline returns a candidate that should replace a top candidate
// standing far from the headline, or nil. An article starts just below its
// headline (after a line of date and credits); a block further down that
// outscores it is page furniture written in sentences — an author's
// profile, a notice. The score favours punctuation, so a post written as
// bare lines loses to such a block; its position does not. A candidate
// starting within nearGap runes of lead text after the headline, holding at
// least nearShare of the top's own text (by default as much: a caption
// under the headline holds less than the article it illustrates) at a link density under 0.25 and
// mostly outside replies, replaces a top that starts further away and
// holds under outweighOwn runes of its own (a long text far down is the
// rest of an article whose start sits in another container).
func (f *bodyFinder) followingHeadline(top *html.Node, cands []*html.Node) *html.Node {
	h := f.headline
	if top == nil || h == nil || contains(top, h) || contains(h, top) {
		return nil
	}
	hs, ts := f.get(h), f.get(top)
	end := hs.before + hs.chars - hs.linkChars
	if ts.before < end || ts.before-end <= f.p.nearGap {
		return nil
	}
	own := float64(ts.chars - ts.linkChars)
	if own >= float64(f.p.outweighOwn) {
		return nil // a long text far down is an article's, split from its start
	}
	var alt *html.Node
	for _, c := range cands {
		cs := f.get(c)
		if c.DataAtom == atom.Body || c.DataAtom == atom.Html || cs.before < end || cs.before-end > f.p.nearGap ||
			float64(cs.chars-cs.linkChars) < f.p.nearShare*own || cs.linkDensity() >= 0.25 || cs.articleShare() < 0.5 ||
			contains(c, top) || contains(top, c) || contains(c, h) {
			continue
		}
		if alt == nil || cs.score > f.get(alt).score {
			alt = c
		}
	}
	return alt
}

// outweighing returns a candidate that should replace a top candidate
// holding only a sliver of text, or nil. The score favours punctuated
// paragraphs, so a post written as bare lines under <br> earns little, and
// a breadcrumb with a thread title, or a single line, can win. Text mass is
// a second, independent piece of evidence: a top holding under 200 runes of
// its own text loses to a candidate outside it (neither its ancestor nor its
// descendant) that holds at least four times as much, at a link density
// under 0.25 and mostly outside replies; of those, the best scored wins.
func (f *bodyFinder) outweighing(top *html.Node, cands []*html.Node) *html.Node {
	if top == nil {
		return nil
	}
	ts := f.get(top)
	own := ts.chars - ts.linkChars
	if own >= f.p.outweighOwn {
		return nil
	}
	var alt *html.Node
	for _, c := range cands {
		cs := f.get(c)
		if c.DataAtom == atom.Body || c.DataAtom == atom.Html || float64(cs.chars-cs.linkChars) < max(f.p.outweighFactor*float64(own), float64(f.p.outweighOwn)) ||
			cs.linkDensity() >= 0.25 || cs.articleShare() < 0.5 || contains(c, top) || contains(top, c) {
			continue
		}
		if alt == nil || cs.score > f.get(alt).score {
			alt = c
		}
	}
	return alt
}

// contains reports whether n is a or one of a's descendants.
func contains(a, n *html.Node) bool {
	for ; n != nil; n = n.Parent {
		if n == a {
			return true
		}
	}
	return false
}

// narrow descends from a top candidate into a child that holds most of its
// text and most of its credit while no sibling holds much: table layouts
// credit the row that holds both the article cell and a sidebar cell.
func (f *bodyFinder) narrow(top *html.Node) *html.Node {
	for depth := 0; top != nil && depth < 8; depth++ {
		ts := f.get(top)
		own := ts.chars - ts.linkChars
		if own <= 0 {
			return top
		}
		var best *html.Node
		bestScore, otherMax := 0.0, 0.0
		for c := top.FirstChild; c != nil; c = c.NextSibling {
			if c.Type != html.ElementNode {
				continue
			}
			cs := f.get(c)
			sc := 0.0
			if cs.scored {
				sc = cs.score
			}
			if sc > bestScore {
				if best != nil {
					otherMax = max(otherMax, bestScore)
				}
				best, bestScore = c, sc
			} else {
				otherMax = max(otherMax, sc)
			}
		}
		if best == nil {
			return top
		}
		switch best.DataAtom {
		case atom.Div, atom.Td, atom.Tr, atom.Tbody, atom.Table, atom.Section, atom.Article, atom.Main:
		default:
			return top
		}
		bs := f.get(best)
		if bestScore < 0.5*ts.score || otherMax >= 0.25*bestScore || float64(bs.chars-bs.linkChars) < 0.6*float64(own) {
			return top
		}
		top = best
	}
	return top
}

// credit adds a paragraph's worth to its ancestors.
func (f *bodyFinder) credit(p *html.Node, cands *[]*html.Node) {
	ps := f.get(p)
	own := ps.chars
	if p.DataAtom != atom.P && p.DataAtom != atom.Pre {
		own = ownText(p)
	}
	if own < 10 {
		return
	}
	if float64(ps.linkChars) > 0.5*float64(ps.chars) {
		return
	}
	worth := 1 + float64(ps.punct) + min(float64(own)/40, 3)
	level := 0
	for a := p.Parent; a != nil && level < 5; a = a.Parent {
		if a.Type != html.ElementNode || a.DataAtom == atom.Html {
			break
		}
		as := f.get(a)
		if !as.scored {
			as.scored = true
			as.score = initialScore(a)
			*cands = append(*cands, a)
		}
		div := 1.0
		switch level {
		case 0:
		case 1:
			div = 2
		default:
			div = float64(level * 3)
		}
		as.score += worth / div
		level++
	}
}

func initialScore(n *html.Node) float64 {
	s := classWeight(n)
	switch n.DataAtom {
	case atom.Div, atom.Article, atom.Section, atom.Main:
		s += 5
	case atom.Pre, atom.Td, atom.Blockquote:
		s += 3
	case atom.Address, atom.Ol, atom.Ul, atom.Dl, atom.Dd, atom.Dt, atom.Li, atom.Form:
		s -= 3
	case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6, atom.Th:
		s -= 5
	case atom.Body:
		s -= 20
	}
	return s
}

var (
	negativeWords = []string{"comment", "comments", "share", "sharing", "footer", "foot", "nav", "navbar", "menu",
		"sidebar", "side", "aside", "related", "relate", "recommend", "rec", "hot", "rank", "ranking",
		"ad", "ads", "advert", "advertisement", "banner", "breadcrumb", "crumb", "crumbs", "copyright", "toolbar",
		"tools", "pager", "pagination", "login", "reply", "social", "popup", "modal", "widget", "subscribe",
		"xgxw", "bottom", "links", "friendlink", "weixin", "qrcode", "print", "fontsize",
		"tag", "tags", "keyword", "keywords", "more", "next", "prev", "statement", "disclaimer", "sponsor", "promo"}
	positiveWords = []string{"article", "content", "contents", "text", "body", "main", "detail", "details", "post",
		"entry", "story", "con", "cont", "txt", "zw", "zoom", "news", "rich", "page-content",
		"newstext", "article-content", "maintext", "mainbody", "textbox"}
	negativeSet = wordSet(negativeWords)
	positiveSet = wordSet(positiveWords)
)

func wordSet(ws []string) map[string]bool {
	m := make(map[string]bool, len(ws))
	for _, w := range ws {
		m[w] = true
	}
	return m
}

// classWords splits class and id into words on -, _ and spaces, and also
// yields each whole token.
func classWords(n *html.Node) []string {
	ci := classID(n)
	if ci == "" {
		return nil
	}
	var out []string
	for _, tok := range strings.Fields(ci) {
		out = append(out, tok)
		if strings.ContainsAny(tok, "-_") {
			out = append(out, strings.FieldsFunc(tok, func(r rune) bool { return r == '-' || r == '_' })...)
		}
	}
	return out
}

func classWeight(n *html.Node) float64 {
	w := 0.0
	neg, pos := false, false
	for _, word := range classWords(n) {
		if negativeSet[word] {
			neg = true
		}
		if positiveSet[word] {
			pos = true
		}
	}
	if neg {
		w -= 25
	}
	if pos {
		w += 25
	}
	return w
}

// isNegative reports a class or id that marks page furniture.
func isNegative(n *html.Node) bool {
	neg, pos := false, false
	for _, word := range classWords(n) {
		if negativeSet[word] {
			neg = true
		}
		if positiveSet[word] {
			pos = true
		}
	}
	return neg && !pos
}

// bodyNodes returns the top candidate and any siblings that continue it.
func (f *bodyFinder) bodyNodes(top *html.Node) []*html.Node {
	if top == nil {
		return nil
	}
	parent := top.Parent
	if parent == nil {
		return []*html.Node{top}
	}
	ts := f.get(top)
	threshold := max(10, ts.score*0.2)
	var out []*html.Node
	for c := parent.FirstChild; c != nil; c = c.NextSibling {
		if c == top {
			out = append(out, c)
			continue
		}
		if c.Type != html.ElementNode || junkTags[c.DataAtom] || isHidden(c) || isNegative(c) || f.replies[c] || f.get(c).articleShare() < 0.5 {
			continue
		}
		s := f.get(c)
		if s.scored && s.score >= threshold && s.linkDensity() < 0.3 {
			out = append(out, c)
			continue
		}
		if c.DataAtom == atom.P {
			txt := textOf(c)
			n := utf8.RuneCountInString(txt)
			if (n >= 40 && s.linkDensity() < 0.25) || (n > 0 && s.linkDensity() == 0 && strings.HasSuffix(txt, "。")) {
				out = append(out, c)
			}
		}
	}
	return out
}

// skipInBody says which subtrees of the chosen body are not article text.
func (f *bodyFinder) skipInBody(n *html.Node) bool {
	if isHidden(n) {
		return true
	}
	if isNegative(n) || f.replies[n] {
		return true
	}
	switch n.DataAtom {
	case atom.Ul, atom.Ol, atom.Dl, atom.Div, atom.Table, atom.Section, atom.Nav, atom.Aside:
		s := f.get(n)
		if s.chars > 0 && s.linkDensity() > 0.6 {
			return true
		}
	case atom.Footer:
		return true
	}
	return false
}
