package zh

import (
	"unicode"
	"unicode/utf8"
)

// Fold folds width and case for matching: full-width ASCII forms (Ａ, ９, ＋)
// and the ideographic space become their ASCII counterparts, and Latin letters
// become lower case. Other text, including invalid UTF-8, is kept as it is.
// The result can be shorter than s (a full-width form takes 3 bytes, ASCII 1).
func Fold(s string) string {
	i := 0
	for i < len(s) && s[i] < utf8.RuneSelf && (s[i] < 'A' || s[i] > 'Z') {
		i++
	}
	if i == len(s) {
		return s // plain lower-case ASCII: nothing to fold
	}
	out := make([]byte, 0, len(s))
	out = append(out, s[:i]...)
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			out = append(out, c)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && n == 1 {
			out = append(out, s[i])
			i++
			continue
		}
		out = utf8.AppendRune(out, foldRune(r))
		i += n
	}
	return string(out)
}

// Normalize is the form text is matched in: Fold(ToSimplified(s)).
func Normalize(s string) string {
	return Fold(ToSimplified(s))
}

func foldRune(r rune) rune {
	switch {
	case r == '\u3000':
		return ' '
	case '！' <= r && r <= '～': // U+FF01..U+FF5E mirror U+0021..U+007E
		r -= '！' - '!'
	}
	if unicode.Is(unicode.Latin, r) {
		return unicode.ToLower(r)
	}
	return r
}
