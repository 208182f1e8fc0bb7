package zh

import (
	"slices"
	"unicode/utf8"
)

// Normalized is a text's normal form (Normalize) together with the way back
// to the original: every rune of Text knows the runes of the original it was
// converted from. Where t2s changed the number of characters (a phrase
// converted whole), all the runes of the converted piece point to the whole
// original piece, so a span of Text always maps to a span of the original that
// covers it.
type Normalized struct {
	Text string

	// origStart[i], origEnd[i]: rune span in the original of Text's i-th rune.
	origStart, origEnd []int32
	// byteOf[i]: byte offset in Text of its i-th rune; byteOf[RuneLen()] is
	// len(Text).
	byteOf []int32
}

// NormalizeMapped returns Normalize(s) with its offset map. Rune offsets in s
// count an invalid byte as one rune, as ranging over a string does.
func NormalizeMapped(s string) Normalized {
	b := []byte(s)
	simplified := make([]byte, 0, len(b))
	runes := utf8.RuneCount(b) // the usual length of the result; t2s rarely changes it
	start, end := make([]int32, 0, runes), make([]int32, 0, runes)
	orig := int32(0) // rune offset in s of the current piece
	t2s().convert(b, func(from, to int, repl string, changed bool) {
		piece := b[from:to]
		n := int32(utf8.RuneCount(piece))
		if !changed {
			simplified = append(simplified, piece...)
			for i := int32(0); i < n; i++ {
				start, end = append(start, orig+i), append(end, orig+i+1)
			}
			orig += n
			return
		}
		simplified = append(simplified, repl...)
		m := int32(utf8.RuneCountInString(repl))
		for i := int32(0); i < m; i++ {
			if m == n {
				start, end = append(start, orig+i), append(end, orig+i+1)
			} else {
				start, end = append(start, orig), append(end, orig+n)
			}
		}
		orig += n
	})
	text := Fold(string(simplified)) // Fold keeps the number of runes
	byteOf := make([]int32, 0, len(start)+1)
	for i := range text {
		byteOf = append(byteOf, int32(i))
	}
	byteOf = append(byteOf, int32(len(text)))
	return Normalized{Text: text, origStart: start, origEnd: end, byteOf: byteOf}
}

// RuneLen is the number of runes of Text.
func (n Normalized) RuneLen() int { return len(n.origStart) }

// OriginalRunes maps the runes [start, end) of Text to the rune span of the
// original they came from. Out-of-range offsets are clamped.
func (n Normalized) OriginalRunes(start, end int) (int, int) {
	last := len(n.origStart)
	start, end = clamp(start, 0, last), clamp(end, 0, last)
	if last == 0 {
		return 0, 0
	}
	if end <= start {
		if start == last {
			p := int(n.origEnd[last-1])
			return p, p
		}
		p := int(n.origStart[start])
		return p, p
	}
	return int(n.origStart[start]), int(n.origEnd[end-1])
}

// OriginalBytes maps the bytes [start, end) of Text (rune boundaries) to the
// rune span of the original they came from.
func (n Normalized) OriginalBytes(start, end int) (int, int) {
	return n.OriginalRunes(n.runeIndex(start), n.runeIndex(end))
}

// runeIndex returns the index of the rune of Text that starts at byte b, or
// of the rune b falls in.
func (n Normalized) runeIndex(b int) int {
	i, found := slices.BinarySearch(n.byteOf, int32(clamp(b, 0, len(n.Text))))
	if !found {
		i--
	}
	return max(i, 0)
}

func clamp(v, lo, hi int) int {
	return max(lo, min(v, hi))
}
