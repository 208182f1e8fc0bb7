package main

import (
	"strings"

	"github.com/zhwatch/zhwatch"
)

// csvCell makes one exported value safe to open in a spreadsheet: control
// characters go (zhwatch.StripControls), and a value starting with a
// character a spreadsheet would evaluate (= + - @, tab, CR: the OWASP
// list) gets a leading apostrophe, which spreadsheets show as text and do
// not display. A negative number therefore exports as '-5; zhwatch's
// exported fields are text, so nothing numeric is lost.
func csvCell(s string) string {
	s = zhwatch.StripControls(s)
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
