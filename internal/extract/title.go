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

// pickTitle reconciles the headline candidates of a page with its <title>.
func pickTitle(h *headInfo, body []*html.Node) string {
	tt := collapseSpace(h.titleTag)
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
	if len(cands) > 0 {
		best := cands[0]
		for _, c := range cands[1:] {
			if c.score > best.score || (c.score == best.score && len(c.text) > len(best.text)) {
				best = c
			}
		}
		return best.text
	}
	// Nothing agrees with <title>: trust the page's own headline markup.
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
	return cleanTitle(head)
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
