package extract

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/zhwatch/zhwatch"
)

// dateMetaKeys are the meta names and properties that carry a publication
// date, best first.
var dateMetaKeys = []string{
	"article:published_time", "og:article:published_time", "og:published_time", "published_time",
	"publishdate", "pubdate", "publish_date", "publishtime", "publish-date", "pubtime", "datepublished",
	"dc.date.issued", "dc.date", "dcterms.created", "sailthru.date", "weibo: article:create_at",
	"article:modified_time", "firstpublishedtime", "created", "date", "time:datetime",
}

// findDate picks the publication date: page metadata first, then the
// government table, then the lines around the headline, then the URL.
func findDate(h *headInfo, g govMeta, header, body, all []line, start int, pageURL string, fetchYear int) pubDate {
	year := urlYear(pageURL)
	if year == 0 {
		year = fetchYear
	}
	// A policy page's own 发布日期 is the official date.
	if g.Published != "" {
		if d, err := parseDate(g.Published, 0); err == nil {
			return d
		}
	}
	shown, shownOK := dateInLines(header, year)
	if d, ok := metaDate(h); ok {
		// Metadata often gives the day only while the page prints the time.
		if !d.HasTime && shownOK && shown.HasTime && sameDay(d.T, shown.T) {
			return shown
		}
		return d
	}
	if shownOK {
		return shown
	}
	if d, ok := dateInLines(body[:min(3, len(body))], year); ok {
		return d
	}
	if d, ok := urlDate(pageURL); ok {
		return d
	}
	if g.Written != "" {
		if d, err := parseDate(g.Written, 0); err == nil {
			return d
		}
	}
	// Last resort: the nearest date above the body, then just below its start.
	if start > 0 {
		for i := start - 1; i >= max(0, start-30); i-- {
			if d, ok := dateInLine(all[i].text, year, true); ok {
				return d
			}
		}
	}
	if len(body) > 0 {
		if d, ok := dateInLines(body[len(body)-min(3, len(body)):], year); ok {
			return d
		}
	}
	return pubDate{}
}

func metaDate(h *headInfo) (pubDate, bool) {
	for _, k := range dateMetaKeys {
		if v := h.meta[k]; v != "" {
			if d, err := parseDate(v, 0); err == nil {
				return d, true
			}
		}
	}
	if v := h.ldString("datePublished"); v != "" {
		if d, err := parseDate(v, 0); err == nil {
			return d, true
		}
	}
	return pubDate{}, false
}

// dateInLines returns the first trusted date on short lines. A line that is
// mostly a link is another item's date and is skipped.
func dateInLines(ls []line, year int) (pubDate, bool) {
	for _, ln := range ls {
		n := utf8.RuneCountInString(ln.text)
		if n > 0 && ln.links*2 > n {
			continue
		}
		if d, ok := dateInLine(ln.text, year, n <= 120); ok {
			return d, true
		}
	}
	return pubDate{}, false
}

func dateInLine(t string, year int, allowShort bool) (pubDate, bool) {
	if utf8.RuneCountInString(t) > 300 {
		return pubDate{}, false
	}
	t = foldDigits(t)
	if d, ok := parseFullDate(t); ok {
		return d, true
	}
	if allowShort && year > 0 && (strings.Contains(t, ":") || strings.Contains(t, "日")) {
		if d, ok := parseShortDate(t, year); ok {
			return d, true
		}
	}
	return pubDate{}, false
}

// sameDay reports whether two dates fall on one China calendar day.
func sameDay(a, b time.Time) bool {
	a, b = a.In(zhwatch.ChinaTime), b.In(zhwatch.ChinaTime)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}
