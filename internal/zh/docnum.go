package zh

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// DocNumber is a Chinese policy document number (文号) found in a text:
// 国发〔2025〕11号 (issuer code, year in brackets, serial), with the bracket
// variants [] () 【】 and their full-width forms, and the announcement and
// decree forms 商务部公告2024年第51号, 商务部令2024年第1号, 国务院令第732号.
// Start and End are byte offsets into the text searched.
type DocNumber struct {
	Start, End int
	Issuer     string // 国发, 商务部公告, 国务院令: the text before the year or serial
	Year       string // four ASCII digits, or "" (国务院令第732号)
	Serial     string // ASCII digits without leading zeros
	yearForm   bool   // written 2024年第51号 rather than 〔2024〕51号
}

// Canonical is the document number in one spelling: half-width digits,
// brackets as 〔〕, the issuer as written. Search it in simplified text to get
// a simplified id.
func (d DocNumber) Canonical() string {
	switch {
	case d.Year == "":
		return d.Issuer + "第" + d.Serial + "号"
	case d.yearForm:
		return d.Issuer + d.Year + "年第" + d.Serial + "号"
	}
	return d.Issuer + "〔" + d.Year + "〕" + d.Serial + "号"
}

// maxIssuerRunes bounds the issuer code; 中华人民共和国商务部 has 10 runes.
const maxIssuerRunes = 12

// FindDocNumbers returns the document numbers in text, in order. Text in
// either script works (号 or 號); text that is not valid UTF-8 is read as far
// as it decodes.
func FindDocNumbers(text string) []DocNumber {
	var out []DocNumber
	for i := 0; i < len(text); {
		j := indexHao(text[i:])
		if j < 0 {
			break
		}
		end := i + j
		_, n := utf8.DecodeRuneInString(text[end:])
		if d, ok := docNumberEndingAt(text, end); ok {
			d.End = end + n
			if len(out) == 0 || out[len(out)-1].End <= d.Start {
				out = append(out, d)
			}
		}
		i = end + n
	}
	return out
}

// indexHao finds the next 号 or 號.
func indexHao(s string) int {
	a, b := strings.Index(s, "号"), strings.Index(s, "號")
	switch {
	case a < 0:
		return b
	case b < 0:
		return a
	}
	return min(a, b)
}

// docNumberEndingAt parses backwards from the 号 at byte hao.
func docNumberEndingAt(text string, hao int) (DocNumber, bool) {
	var d DocNumber
	serialStart := digitsBefore(text, hao, 6)
	if serialStart == hao {
		return d, false
	}
	d.Serial = canonicalNumber(text[serialStart:hao])
	r, n := utf8.DecodeLastRuneInString(text[:serialStart])
	switch {
	case closingBracket(r):
		yearEnd := serialStart - n
		yearStart := digitsBefore(text, yearEnd, 4)
		if yearEnd-yearStart < 4 || !isYear(text[yearStart:yearEnd]) {
			return d, false
		}
		open, m := utf8.DecodeLastRuneInString(text[:yearStart])
		if !openingBracket(open) {
			return d, false
		}
		d.Year = canonicalNumber(text[yearStart:yearEnd])
		d.Start = issuerStart(text, yearStart-m)
		d.Issuer = text[d.Start : yearStart-m]
		return d, d.Issuer != ""
	case r == '第':
		pos := serialStart - n
		nian, m := utf8.DecodeLastRuneInString(text[:pos])
		if nian == '年' {
			yearEnd := pos - m
			yearStart := digitsBefore(text, yearEnd, 4)
			if yearEnd-yearStart < 4 || !isYear(text[yearStart:yearEnd]) {
				return d, false
			}
			d.Year, d.yearForm, pos = canonicalNumber(text[yearStart:yearEnd]), true, yearStart
		} else if nian != '令' {
			return d, false
		}
		d.Start = issuerStart(text, pos)
		d.Issuer = text[d.Start:pos]
		return d, utf8.RuneCountInString(d.Issuer) >= 2 && (strings.HasSuffix(d.Issuer, "公告") || strings.HasSuffix(d.Issuer, "令"))
	}
	return d, false
}

// digitsBefore returns the start of the run of at most max digits (ASCII or
// full-width) that ends at byte end.
func digitsBefore(text string, end, max int) int {
	start := end
	for k := 0; k < max && start > 0; k++ {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !isDigitRune(r) {
			break
		}
		start -= n
	}
	return start
}

func isDigitRune(r rune) bool { return '0' <= r && r <= '9' || '０' <= r && r <= '９' }

func isYear(s string) bool {
	y := canonicalNumber(s)
	return len(y) == 4 && (y[0] == '1' || y[0] == '2')
}

// canonicalNumber turns full-width digits into ASCII and drops leading zeros.
func canonicalNumber(s string) string {
	var b strings.Builder
	for _, r := range s {
		if '０' <= r && r <= '９' {
			r -= '０' - '0'
		}
		if b.Len() == 0 && r == '0' {
			continue
		}
		b.WriteRune(r)
	}
	if b.Len() == 0 {
		return "0"
	}
	return b.String()
}

func openingBracket(r rune) bool {
	return strings.ContainsRune("〔[(（【［｛{", r)
}

func closingBracket(r rune) bool {
	return strings.ContainsRune("〕])）】］｝}", r)
}

// issuerStop holds characters that end an issuer code when read backwards:
// they belong to the words in front of it (8月26日, 颁布, 根据, 的).
const issuerStop = "日月年的了与與及據据按照依见見在将將为為以由于於是称稱即第号號颁頒布根"

// issuerStopWords end an issuer code too; 和 does unless it is the one of
// 工业和信息化部.
var issuerStopWords = []string{"印发", "印發", "下发", "下發", "转发", "轉發", "和"}

// issuerStart walks back over Han characters from end, stopping at a stop
// character or word, a non-Han rune or maxIssuerRunes.
func issuerStart(text string, end int) int {
	start := end
	for k := 0; k < maxIssuerRunes && start > 0; k++ {
		r, n := utf8.DecodeLastRuneInString(text[:start])
		if !unicode.Is(unicode.Han, r) || strings.ContainsRune(issuerStop, r) || endsWithStopWord(text, start) {
			break
		}
		start -= n
	}
	return start
}

func endsWithStopWord(text string, end int) bool {
	for _, w := range issuerStopWords {
		if strings.HasSuffix(text[:end], w) {
			return w != "和" || !strings.HasPrefix(text[end:], "信息化")
		}
	}
	return false
}
