package extract

import (
	"regexp"
	"strconv"
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
	"firstpublishedtime", "created", "date",
}

// findDate picks the publication date: the government table, page
// metadata, the lines around the headline, a labelled date after the text,
// the URL, and last the nearest date above the text.
func findDate(h *headInfo, g govMeta, header, body, all []line, end int, start int, pageURL string, fetched time.Time) pubDate {
	fetchYear := 0
	if !fetched.IsZero() {
		fetchYear = fetched.In(zhwatch.ChinaTime).Year()
	}
	year := urlYear(pageURL)
	if year == 0 {
		if d, ok := metaDateFrom(h, modifiedMetaKeys); ok {
			year = d.T.Year()
		}
	}
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
	if d, ok := metaDateFrom(h, dateMetaKeys); ok {
		// Metadata often gives the day only while the page prints the time.
		if !d.HasTime && shownOK && shown.HasTime && sameDay(d.T, shown.T) {
			return shown
		}
		return d
	}
	if shownOK {
		return shown
	}
	if h.scriptDate != "" {
		if d, err := parseDate(h.scriptDate, 0); err == nil {
			return d
		}
	}
	// "昨天 18:47", "3小时前": relative to when the page was fetched.
	if !fetched.IsZero() {
		for _, ln := range header {
			if d, ok := relativeDate(ln.text, fetched); ok {
				return d
			}
		}
	}
	if d, ok := metaDateFrom(h, []string{"time:datetime"}); ok {
		return d
	}
	// "发布日期：2019-03-06" printed under the text, or closing it (a
	// forum post's footer).
	if end >= 0 {
		from := max(end-3, start, 0)
		for i, ln := range all[from:min(len(all), end+10)] {
			if from+i >= end && commentsHeading(ln.text) {
				break // the dates below are the comments'
			}
			if dateLabel.MatchString(ln.text) {
				if d, ok := dateInLine(ln.text, year, true); ok {
					return d
				}
			}
		}
	}
	// Short lines opening the text (a dateline), never prose: a date in a
	// sentence is the date of an event.
	var short []line
	for _, ln := range body[:min(8, len(body))] {
		if utf8.RuneCountInString(ln.text) <= 30 {
			short = append(short, ln)
		}
	}
	if d, ok := dateInLines(short, year); ok {
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
	// Last resort: the nearest date above the body.
	if start > 0 {
		for i := start - 1; i >= max(0, start-30); i-- {
			if d, ok := dateInLine(all[i].text, year, true); ok {
				return d
			}
		}
	}
	// A magazine issue closing or opening the text: "——《北京之春》1996年3月号".
	for _, ln := range append(lastLines(body, 3), body[:min(3, len(body))]...) {
		if d, ok := issueDate(ln.text); ok {
			return d
		}
	}
	return pubDate{}
}

// dateLabel marks a line that labels its date as the publication date.
var dateLabel = regexp.MustCompile(`发布|發布|时间|時間|日期|发表|發表|更新`)

// modifiedMetaKeys give a year for dates printed without one.
var modifiedMetaKeys = []string{"article:modified_time", "dateupdate", "datemodified", "lastmodifiedtime", "og:updated_time"}

func metaDateFrom(h *headInfo, keys []string) (pubDate, bool) {
	for _, k := range keys {
		if v := h.meta[k]; v != "" {
			if d, err := parseDate(v, 0); err == nil {
				return d, true
			}
		}
	}
	if len(keys) > 0 && keys[0] == dateMetaKeys[0] {
		if v := h.ldString("datePublished"); v != "" {
			if d, err := parseDate(v, 0); err == nil {
				return d, true
			}
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

// gluedTime finds a day run into its time: "09-3022:46".
var gluedTime = regexp.MustCompile(`(\d{1,2}[-/]\d{2})(\d{1,2}:\d{2})`)

func dateInLine(t string, year int, allowShort bool) (pubDate, bool) {
	if utf8.RuneCountInString(t) > 300 {
		return pubDate{}, false
	}
	t = foldDigits(t)
	t = rocYears(t)
	if updatedAt.MatchString(t) {
		// "更新时间：2023-09-27 发布时间：2023-09-26": an update (or a
		// crawl) is not the publication; read the line without it, unless
		// it is all there is.
		if rest := updatedAt.ReplaceAllString(t, " "); hasFullDate(rest) {
			t = rest
		}
	}
	if gluedTime.MatchString(t) {
		t = gluedTime.ReplaceAllString(t, "$1 $2")
	}
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

var commentsHeadingRE = regexp.MustCompile(`(?i)评论|評論|留言|跟帖|回复列表|comments?\b|responses`)

// commentsHeading reports a short, undated line opening a comment section:
// "网友评论", "共12条评论", "发表评论", "Comments (3)", "最新留言", "跟帖".
func commentsHeading(t string) bool {
	return utf8.RuneCountInString(t) <= 20 && commentsHeadingRE.MatchString(t) && !hasFullDate(t)
}

// updatedAt is the label and date of an update or of the crawl that
// collected a reprint: neither is the publication.
var updatedAt = regexp.MustCompile(`(?:采集时间|採集時間|抓取时间|收录时间|收錄時間|入库时间|最后更新|最後更新|最新更新|更新时间|更新時間|更新日期|更新于|更新於|修改时间|修改時間|最后修改|最後修改|编辑于|編輯於|更新)\s*[:：]?\s*(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?`)

func hasFullDate(t string) bool {
	_, ok := parseFullDate(t)
	return ok
}

// rocYear is a year of the Republic of China era as Taiwan prints it:
// 民國112年 is 2023.
var rocYear = regexp.MustCompile(`(?:民國|民国)\s*(\d{2,3})\s*年`)

func rocYears(t string) string {
	if !strings.Contains(t, "民") {
		return t
	}
	return rocYear.ReplaceAllStringFunc(t, func(m string) string {
		n := atoi(rocYear.FindStringSubmatch(m)[1])
		return strconv.Itoa(n+1911) + "年"
	})
}

// sameDay reports whether two dates fall on one China calendar day.
func sameDay(a, b time.Time) bool {
	a, b = a.In(zhwatch.ChinaTime), b.In(zhwatch.ChinaTime)
	return a.Year() == b.Year() && a.YearDay() == b.YearDay()
}

// relativeRE matches the relative dates of social platforms.
var relativeRE = regexp.MustCompile(`(今天|昨天|前天|(\d{1,2})\s*(分钟|小时|天)前)(?:\s*(\d{1,2}):(\d{2}))?`)

// relativeDate reads 今天/昨天/前天 [HH:MM] and N分钟前/N小时前/N天前
// against the fetch time.
func relativeDate(t string, fetched time.Time) (pubDate, bool) {
	if utf8.RuneCountInString(t) > 60 {
		return pubDate{}, false
	}
	m := relativeRE.FindStringSubmatch(t)
	if m == nil {
		return pubDate{}, false
	}
	now := fetched.In(zhwatch.ChinaTime)
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, zhwatch.ChinaTime)
	switch m[1] {
	case "今天":
	case "昨天":
		day = day.AddDate(0, 0, -1)
	case "前天":
		day = day.AddDate(0, 0, -2)
	default:
		n := atoi(m[2])
		switch m[3] {
		case "分钟":
			return pubDate{T: now.Add(-time.Duration(n) * time.Minute).Truncate(time.Minute), HasTime: true}, true
		case "小时":
			return pubDate{T: now.Add(-time.Duration(n) * time.Hour).Truncate(time.Minute), HasTime: true}, true
		}
		return pubDate{T: day.AddDate(0, 0, -n)}, true
	}
	if m[4] != "" {
		h, mi := atoi(m[4]), atoi(m[5])
		if h < 24 && mi < 60 {
			return pubDate{T: day.Add(time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute), HasTime: true}, true
		}
	}
	return pubDate{T: day}, true
}

func lastLines(ls []line, n int) []line { return ls[max(0, len(ls)-n):] }

// issueRE reads a magazine issue on a short line: 1996年3月号.
var issueRE = regexp.MustCompile(`((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月[号號]`)

// issueDate dates a short line naming an issue by the first of its month.
func issueDate(t string) (pubDate, bool) {
	if utf8.RuneCountInString(t) > 40 {
		return pubDate{}, false
	}
	m := issueRE.FindStringSubmatch(foldDigits(t))
	if m == nil {
		return pubDate{}, false
	}
	return buildDate(atoi(m[1]), atoi(m[2]), 1, "", "", "", "")
}
