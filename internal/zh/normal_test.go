package zh

import (
	"testing"
	"unicode/utf8"
)

func TestNormalizeMapped(t *testing.T) {
	orig := "美國商務部將ＮＶＩＤＩＡ的A800列入「未經驗證清單」"
	n := NormalizeMapped(orig)
	if n.Text != Normalize(orig) {
		t.Fatalf("Text = %q, want Normalize = %q", n.Text, Normalize(orig))
	}
	runes := []rune(orig)
	for _, w := range []struct{ norm, orig string }{
		{"美国商务部", "美國商務部"},
		{"nvidia", "ＮＶＩＤＩＡ"},
		{"a800", "A800"},
		{"未经验证清单", "未經驗證清單"},
	} {
		b := indexOf(t, n.Text, w.norm)
		s, e := n.OriginalBytes(b, b+len(w.norm))
		if got := string(runes[s:e]); got != w.orig {
			t.Errorf("original of %q = %q [%d,%d), want %q", w.norm, got, s, e, w.orig)
		}
	}
}

// A phrase whose conversion has another number of characters maps as a whole.
func TestNormalizeMappedUnequalPhrase(t *testing.T) {
	for _, orig := range []string{"二噁英", "甲乙丙", "", "\xff國", "A𫫇B"} {
		n := NormalizeMapped(orig)
		if n.RuneLen() != utf8.RuneCountInString(n.Text) {
			t.Errorf("%q: RuneLen %d, Text has %d runes", orig, n.RuneLen(), utf8.RuneCountInString(n.Text))
		}
		s, e := n.OriginalRunes(0, n.RuneLen())
		if s != 0 || e != utf8.RuneCountInString(orig) {
			t.Errorf("%q: whole text maps to [%d,%d), want [0,%d)", orig, s, e, utf8.RuneCountInString(orig))
		}
	}
	// Out of range or empty spans do not panic.
	n := NormalizeMapped("國家")
	for _, sp := range [][2]int{{-1, 5}, {2, 2}, {3, 1}, {0, 0}} {
		n.OriginalRunes(sp[0], sp[1])
		n.OriginalBytes(sp[0], sp[1])
	}
}

func FuzzNormalizeMapped(f *testing.F) {
	f.Add("美國商務部將英偉達A800列入清單")
	f.Add("二噁英\xff")
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeMapped(s)
		if n.Text != Normalize(s) {
			t.Fatalf("Text %q != Normalize %q", n.Text, Normalize(s))
		}
		total := utf8.RuneCountInString(s)
		prevEnd := 0
		for i := 0; i < n.RuneLen(); i++ {
			s0, e0 := n.OriginalRunes(i, i+1)
			if s0 < 0 || e0 > total || s0 >= e0 || e0 < prevEnd {
				t.Fatalf("rune %d maps to [%d,%d) of %d (prev end %d)", i, s0, e0, total, prevEnd)
			}
			prevEnd = e0
		}
	})
}

func indexOf(t *testing.T, s, sub string) int {
	t.Helper()
	for i := range s {
		if len(s)-i >= len(sub) && s[i:i+len(sub)] == sub {
			return i
		}
	}
	t.Fatalf("%q not in %q", sub, s)
	return -1
}
