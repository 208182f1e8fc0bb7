package extract

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// titleSeparators split a <title> into headline and site name.
var titleSeparators = []string{" | ", "｜", "|", "_", " - ", " – ", " — ", "——", "--", " -", "- ", "-", " · ", "—"}

// splitTitle splits a <title> at the first separator kind found in it.
func splitTitle(t string) []string {
	for _, sep := range titleSeparators {
		if strings.Contains(t, sep) {
			var parts []string
			for _, p := range strings.Split(t, sep) {
				if p = strings.TrimSpace(p); p != "" {
					parts = append(parts, p)
				}
			}
			if len(parts) > 1 {
				return parts
			}
		}
	}
	return []string{t}
}

type titleCand struct {
	text  string
	score float64
}

// pickTitle reconciles the headline candidates of a page with its <title>
// (with each <title>, when a page has several).
func pickTitle(h *headInfo, body []*html.Node, before []line) string {
	best, ok := "", false
	tags := h.titleTags
	if len(tags) == 0 {
		tags = []string{""}
	}
	for _, tt := range tags {
		if t, found := pickTitleWith(h, body, tt); found {
			if !ok || utf8.RuneCountInString(t) > utf8.RuneCountInString(best) {
				best, ok = t, true
			}
		}
	}
	if ok {
		return best
	}
	return fallbackTitle(h, before)
}

func pickTitleWith(h *headInfo, body []*html.Node, titleTag string) (string, bool) {
	tt := collapseSpace(titleTag)
	parts := splitTitle(tt)
	head := parts[0]
	if len(parts) > 1 && utf8.RuneCountInString(head) < 4 {
		head = longest(parts)
	}
	suffixes := map[string]bool{}
	for _, p := range parts[1:] {
		suffixes[p] = true
	}

	var cands []titleCand
	add := func(s string, bonus float64) {
		s = cleanTitle(s)
		n := utf8.RuneCountInString(s)
		if n < 2 || n > 150 || suffixes[s] {
			return
		}
		score := bonus
		switch {
		case tt == "":
		case s == tt && len(parts) > 1:
			score += 1 // the whole <title>, site name and all
		case s == tt:
			score += 3
		case s == head:
			score += 3
		case strings.HasPrefix(tt, s) && n >= 4:
			score += 2.5
		case n >= 6 && strings.Contains(tt, s):
			score += 2
		case n >= 8 && strings.HasPrefix(s, strings.TrimRight(head, ".… ")) && strings.HasSuffix(head, "..."):
			score += 2
		default:
			return
		}
		cands = append(cands, titleCand{s, score})
	}
	for i, n := range h.titleLike {
		bonus := 0.0
		switch n.DataAtom {
		case atom.H1:
			bonus = 0.6
		case atom.H2:
			bonus = 0.3
		}
		if inNodes(n, body) {
			bonus += 0.2
		}
		bonus -= float64(i) * 0.01
		add(textOf(n), bonus)
	}
	for _, k := range []string{"og:title", "twitter:title", "title", "headline", "articletitle", "dc.title"} {
		add(h.meta[k], 0.4)
		for _, p := range splitTitle(h.meta[k]) {
			add(p, 0.3)
		}
	}
	add(h.ldString("headline"), 0.4)
	if len(cands) == 0 {
		return "", false
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.score > best.score || (c.score == best.score && len(c.text) > len(best.text)) {
			best = c
		}
	}
	return best.text, true
}

// fallbackTitle is used when no headline agrees with <title>: the page's
// own headline markup, then the heading just above the text, then <title>.
func fallbackTitle(h *headInfo, before []line) string {
	for _, k := range []string{"og:title", "headline", "articletitle"} {
		if v := cleanTitle(h.meta[k]); v != "" {
			return cleanTitle(splitTitle(v)[0])
		}
	}
	if v := cleanTitle(h.ldString("headline")); v != "" {
		return v
	}
	for _, n := range h.h1 {
		if s := cleanTitle(textOf(n)); utf8.RuneCountInString(s) >= 6 {
			return s
		}
	}
	for i := len(before) - 1; i >= 0 && i >= len(before)-8; i-- {
		if isHeading(before[i].block) {
			if s := cleanTitle(before[i].text); utf8.RuneCountInString(s) >= 6 && utf8.RuneCountInString(s) <= 80 {
				return s
			}
		}
	}
	parts := splitTitle(collapseSpace(h.titleTag))
	if len(parts) > 1 && utf8.RuneCountInString(parts[0]) < 4 {
		return cleanTitle(longest(parts))
	}
	return cleanTitle(parts[0])
}

// isHeading reports an h1–h6 or an element whose class says title.
func isHeading(n *html.Node) bool {
	for ; n != nil && n.Type == html.ElementNode; n = n.Parent {
		switch n.DataAtom {
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return true
		case atom.Div, atom.P, atom.Span, atom.Strong, atom.B, atom.Font, atom.Td:
			if c := classID(n); strings.Contains(c, "title") || strings.Contains(c, "headline") {
				return true
			}
			return false
		default:
			return false
		}
	}
	return false
}

func cleanTitle(s string) string {
	s = strings.TrimFunc(collapseSpace(s), isSpace)
	return s
}

func longest(ss []string) string {
	best := ""
	for _, s := range ss {
		if utf8.RuneCountInString(s) > utf8.RuneCountInString(best) {
			best = s
		}
	}
	return best
}

func inNodes(n *html.Node, roots []*html.Node) bool {
	for p := n; p != nil; p = p.Parent {
		for _, r := range roots {
			if p == r {
				return true
			}
		}
	}
	return false
}
