package extract

import "regexp"

// scriptDateRE reads a publication time assigned in an inline script:
// var ct = "1581517074", publish_time: "2020-02-12 22:17", pubDate='…'.
// Only names that mean creation or publication count; a bare Unix time or
// a date with a year must follow.
var scriptDateRE = regexp.MustCompile(`(?i)(?:^|[^\w])(ct|create_?time|publish_?time|pub_?time|pub_?date|publish_?date|post_?time|date_?published)["']?\s*[:=]\s*["']?((?:1[0-9]{9})|(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)["'\s;,*]`)

// scriptDate returns the first publication time an inline script assigns.
// Scripts can be large, so the expression only runs around the values it
// could read: ten-digit numbers starting with 1 and years before - or /.
func scriptDate(js string) string {
	for i := 0; i < len(js); i++ {
		if !isDigit(js[i]) || (i > 0 && isDigit(js[i-1])) {
			continue
		}
		j := i
		for j < len(js) && isDigit(js[j]) {
			j++
		}
		unix := j-i == 10 && js[i] == '1'
		year := j-i == 4 && j < len(js) && (js[j] == '-' || js[j] == '/') && (js[i:i+2] == "19" || js[i:i+2] == "20")
		if unix || year {
			from := max(0, i-40)
			for k := 0; k < 20 && from > 0 && isWordByte(js[from-1]); k++ {
				from--
			}
			if m := scriptDateRE.FindStringSubmatch(js[from:min(len(js), i+30)]); m != nil {
				return m[2]
			}
		}
		i = j
	}
	return ""
}

func isDigit(c byte) bool    { return c >= '0' && c <= '9' }
func isWordByte(c byte) bool { return isDigit(c) || c == '_' || (c|0x20 >= 'a' && c|0x20 <= 'z') }
