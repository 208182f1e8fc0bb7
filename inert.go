package zhwatch

import "strings"

// StripControls returns s without the characters that act instead of
// printing when text from a page reaches a terminal, a spreadsheet or a
// mail client:
//
//   - C0 controls (U+0000–U+001F) except newline and tab, DEL (U+007F) and
//     C1 controls (U+0080–U+009F): ESC starts terminal sequences (colours,
//     cursor moves, window titles, OSC 8 links), and U+009B is a one-byte
//     CSI in some terminals;
//   - the bidi embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069): they reorder what follows them on screen, so a title
//     or a file name can read differently from what it is ("Trojan Source").
//     Chinese text needs none of them; the implicit marks LRM, RLM and ALM
//     (U+200E, U+200F, U+061C), which only nudge neutral characters, stay.
//
// Everything else, invalid UTF-8 included, is left as it is.
func StripControls(s string) string {
	if strings.IndexFunc(s, isControl) < 0 {
		return s
	}
	return strings.Map(func(r rune) rune {
		if isControl(r) {
			return -1
		}
		return r
	}, s)
}

func isControl(r rune) bool {
	switch {
	case r == '\n', r == '\t':
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}

// Inert returns a with StripControls applied to every text field taken
// from a page.
func (a Article) Inert() Article {
	for _, f := range []*string{&a.URL, &a.Title, &a.Body, &a.PublishedAt, &a.Author, &a.Origin,
		&a.Editor, &a.DocNumber, &a.Issuer, &a.SiteName, &a.Lang, &a.Charset} {
		*f = StripControls(*f)
	}
	return a
}

// SpreadsheetSafe makes one value safe to write into a CSV cell that a
// spreadsheet will open: control characters go (StripControls), and a value
// starting with a character a spreadsheet evaluates (= + - @, tab, CR: the
// OWASP list) gets a leading apostrophe, which spreadsheets show as text
// and do not display. A negative number therefore exports as '-5; zhwatch's
// exported fields are text, so nothing numeric is lost.
func SpreadsheetSafe(s string) string {
	s = StripControls(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
