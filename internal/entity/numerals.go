package entity

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// cnDigits and cnUnits are the Chinese numerals of amounts (六十九亿, 两千万).
var (
	cnDigits = map[rune]int64{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	cnUnits  = map[rune]int64{'十': 10, '百': 100, '千': 1000}
	cnBig    = map[rune]int64{'万': 1e4, '亿': 1e8}
)

// isCNNumeral is a switch, not three map look-ups: it runs on every rune.
func isCNNumeral(r rune) bool {
	switch r {
	case '零', '〇', '一', '二', '两', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿':
		return true
	}
	return false
}

// parseCN reads a number written in Chinese numerals (六十九亿 → 6900000000,
// 十五 → 15); ok is false for a run that is not one (亿 alone, 五五).
func parseCN(rs []rune) (int64, bool) {
	var total, section, digit int64
	seen := false
	for i, r := range rs {
		switch {
		case isIn(cnDigits, r):
			if seen && i > 0 && isIn(cnDigits, rs[i-1]) && rs[i-1] != '零' && r != '零' {
				return 0, false // 五五: digits without a unit between them
			}
			digit, seen = cnDigits[r], true
		case isIn(cnUnits, r):
			if digit == 0 && !seen {
				digit = 1 // 十五
			}
			section += digit * cnUnits[r]
			digit, seen = 0, true
		case isIn(cnBig, r):
			if !seen {
				return 0, false
			}
			total = (total + section + digit) * cnBig[r]
			section, digit = 0, 0
		}
	}
	return total + section + digit, seen
}

func isIn(m map[rune]int64, r rune) bool {
	_, ok := m[r]
	return ok
}

// vagueBefore make a following numeral vague (数十亿, 几百万, 上百亿), not an
// amount; 近 and 逾 qualify an amount that is still tagged (逾五成, 近百亿美元).
const vagueBefore = "数几上"

// cnAmounts tags money written in Chinese numerals (六十九亿美元, 三千万元)
// and percentages in the 成 form (五成 = 50%, 九成半 = 95%).
func cnAmounts(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); {
		if !isCNNumeral(rs[i]) || i > 0 && (isCNNumeral(rs[i-1]) || strings.ContainsRune(vagueBefore, rs[i-1])) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isCNNumeral(rs[j]) {
			j++
		}
		if m, ok := cnAmountAt(rs, i, j); ok {
			out = append(out, m)
			i = m.ne
			continue
		}
		i = j
	}
	return out
}

// notAfterCheng are characters that make 成 part of a word (一成不变, 组成员,
// 五成为), not the 成 of a percentage.
const notAfterCheng = "不员为立本功果交长熟都就绩分型品年效了"

func cnAmountAt(rs []rune, i, j int) (mention, bool) {
	if j-i == 1 && j < len(rs) && rs[j] == '成' && cnDigits[rs[i]] > 0 || j-i == 1 && rs[i] == '十' && j < len(rs) && rs[j] == '成' {
		n, _ := parseCN(rs[i:j])
		end := j + 1
		pct := n * 10
		if hasWordAt(rs, end, "半") {
			end, pct = end+1, pct+5
		} else if end < len(rs) && strings.ContainsRune(notAfterCheng, rs[end]) {
			return mention{}, false
		}
		return mention{ns: i, ne: end, id: "percent:" + strconv.FormatInt(pct, 10), typ: TypePercent, entity: -1}, true
	}
	n, ok := parseCN(rs[i:j])
	if !ok || n == 0 {
		return mention{}, false
	}
	if hasWordBefore(rs, i, "百分之") { // 百分之三十
		return mention{ns: i - 3, ne: j, id: "percent:" + strconv.FormatInt(n, 10), typ: TypePercent, entity: -1}, true
	}
	k := skipSpace(rs, j)
	k = skipWord(rs, k, "多", "余")
	for _, c := range currencies {
		if hasWordAt(rs, k, c.word) {
			end := k + utf8.RuneCountInString(c.word)
			return mention{ns: i, ne: end, id: "money:" + c.code + ":" + strconv.FormatInt(n, 10), typ: TypeMoney, entity: -1}, true
		}
	}
	return mention{}, false
}

// skipSpace steps over one space, as in 55 亿美元 (the normal form has ASCII
// spaces only).
func skipSpace(rs []rune, i int) int {
	if i < len(rs) && rs[i] == ' ' {
		return i + 1
	}
	return i
}

// percentRange joins two percentages written as a range (15%-20%, 15%至20%)
// into one mention with the id percent:15-20.
func percentRanges(rs []rune, ms []mention) []mention {
	out := ms[:0]
	for i := 0; i < len(ms); i++ {
		m := ms[i]
		if m.typ == TypePercent && i+1 < len(ms) && ms[i+1].typ == TypePercent {
			gap := strings.TrimSpace(string(rs[m.ne:ms[i+1].ns]))
			if gap != "" && utf8.RuneCountInString(gap) == 1 && strings.ContainsAny(gap, "-–—~～至到") {
				n := ms[i+1]
				m.id = m.id + "-" + strings.TrimPrefix(n.id, "percent:")
				m.ne = n.ne
				i++
			}
		}
		out = append(out, m)
	}
	return out
}
