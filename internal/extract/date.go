package extract

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
)

// errNoDate is returned by parseDate when the text holds no date it trusts.
var errNoDate = errors.New("no date")

// pubDate is a parsed publication date. HasTime says whether the page gave
// a time of day; without one only the calendar date is meaningful.
type pubDate struct {
	T       time.Time // in zhwatch.ChinaTime
	HasTime bool
}

// String formats d as "2006-01-02", or RFC 3339 with +08:00 when it has a time.
func (d pubDate) String() string {
	if d.T.IsZero() {
		return ""
	}
	if d.HasTime {
		return d.T.In(zhwatch.ChinaTime).Format(time.RFC3339)
	}
	return d.T.In(zhwatch.ChinaTime).Format("2006-01-02")
}

var (
	// A full date: 2023-08-26, 2023/8/26, 2023.08.26, 2023年8月26日, with an
	// optional time 10:30, 10:30:00, 10时30分.
	fullDateRE = regexp.MustCompile(`((?:19|20)\d{2})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})(?:\s*日)?` +
		`(?:(?:\s*[T-]?\s*|\s*[(（]?[星周][期]?[一二三四五六日天][)）]?\s*)(\d{1,2})\s*(?::|时|點|点)\s*(\d{1,2})(?:\s*(?::|分)\s*(\d{1,2})(?:\.\d+)?)?` +
		`(?:\s*(Z|[+-]\d{2}:?\d{2}))?)?`)
	// A date without a year, 08-26 10:30 or 8月26日 10:30; the time is
	// required for the dash form so that ranges like 1-10 do not match.
	shortDateRE = regexp.MustCompile(`(?:^|[^\d])(\d{1,2})\s*(?:(-|/)|月)\s*(\d{1,2})(?:\s*日)?(?:\s*(\d{1,2})\s*(?::|时)\s*(\d{2})(?:\s*(?::|分)\s*(\d{2}))?)?`)
	// A compact date as found in URL paths: 20230826 or 2023/0826.
	compactDateRE = regexp.MustCompile(`(?:^|[^\d])((?:19|20)\d{2})/?(\d{2})/?(\d{2})(?:[^\d]|$)`)
	// A year and month in a URL path (2019-02/13, 201902/13).
	pathYearMonthDayRE = regexp.MustCompile(`/((?:19|20)\d{2})-?(\d{2})/(\d{2})/`)
)

// parseDate reads one date from s. year is used when s gives none (0: such
// dates are rejected).
func parseDate(s string, year int) (pubDate, error) {
	s = foldDigits(s)
	if d, ok := parseFullDate(s); ok {
		return d, nil
	}
	if d, ok := parseShortDate(s, year); ok {
		return d, nil
	}
	if d, ok := parseUnix(s); ok {
		return d, nil
	}
	return pubDate{}, fmt.Errorf("parse date %q: %w", truncate(s, 40), errNoDate)
}

// usDateRE reads the month-first dates of US-locale servers:
// 9/17/2004 5:54:13 AM.
var usDateRE = regexp.MustCompile(`(?:^|[^\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?(?:[^\d/]|$)`)

func parseUSDate(s string) (pubDate, bool) {
	m := usDateRE.FindStringSubmatch(s)
	if m == nil {
		return pubDate{}, false
	}
	mo, d := atoi(m[1]), atoi(m[2])
	if mo > 12 { // 17/9/2004: day first
		mo, d = d, mo
	}
	hh := m[4]
	if hh != "" && m[7] != "" {
		h := atoi(hh) % 12
		if strings.EqualFold(m[7], "pm") {
			h += 12
		}
		hh = strconv.Itoa(h)
	}
	return buildDate(atoi(m[3]), mo, d, hh, m[5], m[6], "")
}

func parseFullDate(s string) (pubDate, bool) {
	for _, m := range fullDateRE.FindAllStringSubmatchIndex(s, 4) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		d, ok := buildDate(atoi(g(1)), atoi(g(2)), atoi(g(3)), g(4), g(5), g(6), g(7))
		if ok {
			return d, true
		}
	}
	if strings.Count(s, "/") >= 2 {
		return parseUSDate(s)
	}
	return pubDate{}, false
}

func parseShortDate(s string, year int) (pubDate, bool) {
	if year == 0 {
		return pubDate{}, false
	}
	for _, m := range shortDateRE.FindAllStringSubmatchIndex(s, 4) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		if g(2) != "" && g(4) == "" { // dash form needs a time
			continue
		}
		d, ok := buildDate(year, atoi(g(1)), atoi(g(3)), g(4), g(5), g(6), "")
		if ok {
			return d, true
		}
	}
	return pubDate{}, false
}

// parseUnix reads a 10-digit Unix time, as some pages put in meta tags.
func parseUnix(s string) (pubDate, bool) {
	s = strings.TrimSpace(s)
	if len(s) != 10 && len(s) != 13 {
		return pubDate{}, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return pubDate{}, false
	}
	if len(s) == 13 {
		n /= 1000
	}
	t := time.Unix(n, 0).In(zhwatch.ChinaTime)
	if t.Year() < 1995 || t.Year() > 2100 {
		return pubDate{}, false
	}
	return pubDate{T: t, HasTime: true}, true
}

func buildDate(y, mo, d int, hh, mm, ss, zone string) (pubDate, bool) {
	if y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return pubDate{}, false
	}
	loc := zhwatch.ChinaTime
	if zone != "" {
		loc = parseZone(zone)
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, loc)
	if t.Day() != d { // 2月30日
		return pubDate{}, false
	}
	if hh == "" {
		return pubDate{T: t}, true
	}
	h, m, sec := atoi(hh), atoi(mm), atoi(ss)
	if h > 23 || m > 59 || sec > 59 {
		return pubDate{T: t}, true
	}
	t = time.Date(y, time.Month(mo), d, h, m, sec, 0, loc).In(zhwatch.ChinaTime)
	if h == 0 && m == 0 && sec == 0 && zone == "" {
		return pubDate{T: t}, true // midnight placeholder
	}
	return pubDate{T: t, HasTime: true}, true
}

func parseZone(z string) *time.Location {
	if z == "Z" {
		return time.UTC
	}
	sign := 1
	if z[0] == '-' {
		sign = -1
	}
	z = strings.ReplaceAll(z[1:], ":", "")
	if len(z) != 4 {
		return zhwatch.ChinaTime
	}
	off := (atoi(z[:2])*60 + atoi(z[2:])) * 60 * sign
	return time.FixedZone("", off)
}

// urlDate finds a date in a URL path: /2023-08/26/, /20230826/, /2023/08/26/.
func urlDate(u string) (pubDate, bool) {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	if i := strings.IndexByte(u, '/'); i >= 0 {
		u = u[i:]
	} else {
		return pubDate{}, false
	}
	if m := pathYearMonthDayRE.FindStringSubmatch(u); m != nil {
		if d, ok := buildDate(atoi(m[1]), atoi(m[2]), atoi(m[3]), "", "", "", ""); ok {
			return d, true
		}
	}
	if d, ok := parseFullDate(u); ok {
		d.HasTime = false
		d.T = time.Date(d.T.Year(), d.T.Month(), d.T.Day(), 0, 0, 0, 0, zhwatch.ChinaTime)
		return d, true
	}
	for _, m := range compactDateRE.FindAllStringSubmatch(u, 3) {
		if d, ok := buildDate(atoi(m[1]), atoi(m[2]), atoi(m[3]), "", "", "", ""); ok {
			return d, true
		}
	}
	return pubDate{}, false
}

// urlYearMonth returns the year of a date-like path segment, for dates
// printed without a year.
func urlYear(u string) int {
	if d, ok := urlDate(u); ok {
		return d.T.Year()
	}
	return 0
}

// foldDigits turns full-width digits and colons into ASCII.
func foldDigits(s string) string {
	if !strings.ContainsAny(s, "０１２３４５６７８９：－／．") {
		return s
	}
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return '0' + (r - '０')
		case r == '：':
			return ':'
		case r == '－':
			return '-'
		case r == '／':
			return '/'
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}
