package zhwatch

import "testing"

func TestStripControls(t *testing.T) {
	for in, want := range map[string]string{
		"英伟达\x1b[31m红\x1b[0m":          "英伟达[31m红[0m",
		"a\x1b]0;pwned\x07b":           "a]0;pwnedb",
		"行一\n\t行二\r\n":                 "行一\n\t行二\n",
		"\x00\x7f\u0085\u009b31m":      "31m",
		"\u202e美国\u202c \u2067x\u2069": "美国 x",
		"\u200f\u200e\u061c保留":         "\u200f\u200e\u061c保留",
		"普通文本":                         "普通文本",
	} {
		if got := StripControls(in); got != want {
			t.Errorf("StripControls(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestArticleInert(t *testing.T) {
	a := Article{Title: "t\x1b", Body: "b\x1b", Author: "a\x1b", Origin: "o\u202e", Editor: "e\u009b",
		DocNumber: "d\x00", Issuer: "i\x07", SiteName: "s\x08", URL: "u\x1b"}.Inert()
	for _, f := range []string{a.Title, a.Body, a.Author, a.Origin, a.Editor, a.DocNumber, a.Issuer, a.SiteName, a.URL} {
		if len(f) != 1 {
			t.Errorf("field %q kept a control character", f)
		}
	}
}

func TestSpreadsheetSafe(t *testing.T) {
	for in, want := range map[string]string{
		"=1+1": "'=1+1", "+1": "'+1", "-2": "'-2", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx",
		"\r=1": "'=1", "\x1b=1": "'=1", "出口管制": "出口管制", "a=1": "a=1", "": "",
	} {
		if got := SpreadsheetSafe(in); got != want {
			t.Errorf("SpreadsheetSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
