package zh

import (
	"slices"
	"sort"
	"unicode/utf8"
)

// addDocNumbers adds a token for each document number of text to search-mode
// tokens, which overlap anyway: the words inside it (国发, 2025) stay, so a
// query for a part still matches, and the whole number is one token too.
func addDocNumbers(text string, tokens []Token) []Token {
	docs := FindDocNumbers(text)
	if len(docs) == 0 {
		return tokens
	}
	for _, d := range docs {
		tokens = append(tokens, Token{Text: text[d.Start:d.End], Start: d.Start, End: d.End})
	}
	slices.SortStableFunc(tokens, func(a, b Token) int { return a.Start - b.Start })
	return tokens
}

// mergeDocNumbers makes each document number of text one token in a tiling
// of text: tokens inside it are dropped, and a token that crosses its edge
// keeps only its part outside.
func mergeDocNumbers(text string, tokens []Token) []Token {
	docs := FindDocNumbers(text)
	if len(docs) == 0 {
		return tokens
	}
	out := make([]Token, 0, len(tokens))
	k := 0
	for _, t := range tokens {
		for k < len(docs) && docs[k].End <= t.Start {
			k++
		}
		if k == len(docs) || t.End <= docs[k].Start {
			out = append(out, t)
			continue
		}
		d := docs[k]
		if t.Start < d.Start {
			out = append(out, Token{Text: text[t.Start:d.Start], Start: t.Start, End: d.Start})
		}
		if len(out) == 0 || out[len(out)-1].Start != d.Start {
			out = append(out, Token{Text: text[d.Start:d.End], Start: d.Start, End: d.End})
		}
		if t.End > d.End {
			// The rest may run into the next document number; it is short
			// (one jieba word), so it is kept whole.
			out = append(out, Token{Text: text[d.End:t.End], Start: d.End, End: t.End})
		}
	}
	return out
}

// joinUnits joins, in a tiling of tokens, a number with a following 月 or
// percent sign (7月, 37%), and neighbours that are runs of the same dash or
// ellipsis character (— — → ——).
func joinUnits(tokens []Token) []Token {
	if len(tokens) < 2 {
		return tokens
	}
	out := tokens[:1]
	for _, t := range tokens[1:] {
		last := &out[len(out)-1]
		if last.End == t.Start && joins(last.Text, t.Text) {
			last.End = t.End
			last.Text += t.Text
			continue
		}
		out = append(out, t)
	}
	return out
}

func joins(left, right string) bool {
	switch right {
	case "月", "%", "％":
		return allDigits(left)
	}
	r, _ := utf8.DecodeRuneInString(right)
	l, _ := utf8.DecodeRuneInString(left)
	return l == r && isRepeatMark(r) && sameRune(left, r) && sameRune(right, r)
}

func allDigits(s string) bool {
	for _, r := range s {
		if !isDigitRune(r) {
			return false
		}
	}
	return s != ""
}

func isRepeatMark(r rune) bool { return r == '—' || r == '…' || r == '─' }

func sameRune(s string, r rune) bool {
	for _, c := range s {
		if c != r {
			return false
		}
	}
	return true
}

// addRunParts adds, for a search-mode token that mixes Chinese with a run of
// Latin letters and digits (昇腾910B, 英伟达A100 from the user dictionary),
// the run as a token of its own, so that a query for 910B finds it.
func addRunParts(text string, tokens []Token) []Token {
	runs := alnumRuns(text)
	if len(runs) == 0 {
		return tokens
	}
	have := make(map[span]bool, len(tokens))
	for _, t := range tokens {
		have[span{t.Start, t.End}] = true
	}
	n := len(tokens)
	for _, t := range tokens[:n] {
		i := sort.Search(len(runs), func(i int) bool { return runs[i].end > t.Start })
		for ; i < len(runs) && runs[i].start < t.End; i++ {
			r := runs[i]
			if r.start >= t.Start && r.end <= t.End && !have[r] {
				have[r] = true
				tokens = append(tokens, Token{Text: text[r.start:r.end], Start: r.start, End: r.end})
			}
		}
	}
	if len(tokens) > n {
		slices.SortStableFunc(tokens, func(a, b Token) int { return a.Start - b.Start })
	}
	return tokens
}
