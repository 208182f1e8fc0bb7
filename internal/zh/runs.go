package zh

import (
	"sort"
	"unicode"
	"unicode/utf8"
)

// Jieba without its HMM cuts a run of Latin letters and digits that is not in
// its dictionary into single characters (NBA → N/B/A, 910C → 910/C). The
// functions here put such runs back together, using the runs found in the text
// itself, so the result does not depend on what jieba happened to do.

// isRunRune reports whether r belongs in a run: ASCII letters and digits and
// their full-width forms (Ａ, ９).
func isRunRune(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	case '０' <= r && r <= '９', 'Ａ' <= r && r <= 'Ｚ', 'ａ' <= r && r <= 'ｚ':
		return true
	}
	return false
}

type span struct{ start, end int }

// alnumRuns returns the maximal runs of run runes in text, in order.
func alnumRuns(text string) []span {
	var runs []span
	start := -1
	for i, r := range text {
		switch in := isRunRune(r); {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			runs = append(runs, span{start, i})
			start = -1
		}
	}
	if start >= 0 {
		runs = append(runs, span{start, len(text)})
	}
	return runs
}

// runAround returns the run that has pos strictly inside it (a cut at pos
// would split it), if any.
func runAround(runs []span, pos int) (span, bool) {
	i := sort.Search(len(runs), func(i int) bool { return runs[i].end > pos })
	if i < len(runs) && runs[i].start < pos && pos < runs[i].end {
		return runs[i], true
	}
	return span{}, false
}

// widenSplitRuns is for search-mode tokens, which overlap: a token whose start
// or end splits a run is widened to the run's edge, and duplicates that this
// creates are dropped (N, B, A → one NBA).
func widenSplitRuns(text string, tokens []Token) []Token {
	runs := alnumRuns(text)
	if len(runs) == 0 {
		return tokens
	}
	seen := make(map[span]bool)
	out := tokens[:0]
	for _, t := range tokens {
		sp := span{t.Start, t.End}
		if r, ok := runAround(runs, sp.start); ok {
			sp.start = r.start
		}
		if r, ok := runAround(runs, sp.end); ok {
			sp.end = r.end
		}
		if sp != (span{t.Start, t.End}) || touchesRun(runs, sp) {
			if seen[sp] {
				continue
			}
			seen[sp] = true
		}
		out = append(out, Token{Text: text[sp.start:sp.end], Start: sp.start, End: sp.end})
	}
	return out
}

// touchesRun reports whether sp overlaps any run.
func touchesRun(runs []span, sp span) bool {
	i := sort.Search(len(runs), func(i int) bool { return runs[i].end > sp.start })
	return i < len(runs) && runs[i].start < sp.end
}

// joinSplitRuns is for accurate-mode tokens, which tile the text: two
// neighbours whose boundary splits a run are joined (910, C → 910C).
func joinSplitRuns(text string, tokens []Token) []Token {
	runs := alnumRuns(text)
	if len(runs) == 0 || len(tokens) == 0 {
		return tokens
	}
	out := tokens[:1]
	for _, t := range tokens[1:] {
		last := &out[len(out)-1]
		if _, split := runAround(runs, t.Start); split && last.End == t.Start {
			last.End = t.End
			last.Text = text[last.Start:last.End]
			continue
		}
		out = append(out, t)
	}
	return out
}

// hasWordRune reports whether s has a rune that is not punctuation, a symbol,
// a space or a control character.
func hasWordRune(s string) bool {
	for _, r := range s {
		if !unicode.IsPunct(r) && !unicode.IsSymbol(r) && !unicode.IsSpace(r) && !unicode.IsControl(r) {
			return true
		}
	}
	return false
}
