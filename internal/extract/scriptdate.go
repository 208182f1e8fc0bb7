package extract

import (
	"regexp"
	"strings"
)

// scriptDateRE reads a publication time assigned in an inline script:
// var ct = "1581517074", publish_time: "2020-02-12 22:17", pubDate='…'.
// Only names that mean creation or publication count; a bare Unix time or
// a date with a year must follow.
var scriptDateRE = regexp.MustCompile(`(?i)(?:^|[^\w])(ct|create_?time|publish_?time|pub_?time|pub_?date|publish_?date|post_?time|date_?published)["']?\s*[:=]\s*["']?((?:1[0-9]{9})|(?:19|20)\d{2}[-/]\d{1,2}[-/]\d{1,2}(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?)["'\s;,*]`)

// scriptDate returns the first publication time an inline script assigns.
func scriptDate(js string) string {
	if len(js) > 1<<20 {
		js = js[:1<<20]
	}
	if !strings.ContainsAny(js, "=:") {
		return ""
	}
	if m := scriptDateRE.FindStringSubmatch(js); m != nil {
		return m[2]
	}
	return ""
}
