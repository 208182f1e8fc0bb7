package index

import (
	"html"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// span is a match: byte offsets into a field's original text.
type span struct{ start, end int }

// spans collects the match offsets bleve recorded for one field.
func spans(terms search.TermLocationMap) []span {
	var out []span
	for _, locs := range terms {
		for _, l := range locs {
			out = append(out, span{int(l.Start), int(l.End)})
		}
	}
	return out
}

// Snippet sizes, in bytes of UTF-8 (a Han character is three).
const (
	snippetWindow  = 240 // about 80 Han characters
	snippetContext = 45  // before the first match
)

// snippet cuts the part of text with the most matches and returns it as
// HTML: matches inside <mark>, everything else escaped. Overlapping and
// touching matches are merged, so a word is marked whole even when its
// sub-words matched too, and a phrase is one mark.
func snippet(text string, matches []span) string {
	merged := merge(text, matches)
	from, to := window(text, merged)
	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	}
	at := from
	for _, m := range merged {
		if m.end <= from || m.start >= to {
			continue
		}
		s, e := max(m.start, from), min(m.end, to)
		b.WriteString(escape(text[at:s]))
		b.WriteString("<mark>")
		b.WriteString(escape(text[s:e]))
		b.WriteString("</mark>")
		at = e
	}
	b.WriteString(escape(text[at:to]))
	if to < len(text) {
		b.WriteString("…")
	}
	return b.String()
}

func escape(s string) string {
	return html.EscapeString(strings.ToValidUTF8(s, "\uFFFD"))
}

// merge sorts matches, drops those outside text or not on rune boundaries,
// and joins the ones that overlap or touch.
func merge(text string, matches []span) []span {
	ok := matches[:0:0]
	for _, m := range matches {
		if m.start >= 0 && m.start < m.end && m.end <= len(text) && boundary(text, m.start) && boundary(text, m.end) {
			ok = append(ok, m)
		}
	}
	slices.SortFunc(ok, func(a, b span) int { return a.start - b.start })
	var out []span
	for _, m := range ok {
		if n := len(out); n > 0 && m.start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, m.end)
			continue
		}
		out = append(out, m)
	}
	return out
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// window picks [from, to) of about snippetWindow bytes holding the most
// matches, starting a little before the first of them, on rune boundaries.
func window(text string, merged []span) (from, to int) {
	best, bestN := 0, 0
	for i, m := range merged {
		n := 0
		for _, o := range merged[i:] {
			if o.end > m.start+snippetWindow-snippetContext {
				break
			}
			n++
		}
		if n > bestN {
			best, bestN = i, n
		}
	}
	if len(merged) > 0 {
		from = max(0, merged[best].start-snippetContext)
	}
	for from > 0 && !boundary(text, from) {
		from--
	}
	to = min(len(text), from+snippetWindow)
	for to < len(text) && !boundary(text, to) {
		to--
	}
	if len(merged) > 0 && merged[best].end > to {
		to = merged[best].end // one very long match
	}
	return from, to
}
