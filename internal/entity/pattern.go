package entity

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// multipliers are the Chinese number words after an amount, longest first,
// with their power of ten.
var multipliers = []struct {
	word string
	exp  int
}{{"万亿", 12}, {"千亿", 11}, {"百亿", 10}, {"十亿", 9}, {"千万", 7}, {"百万", 6}, {"十万", 5}, {"亿", 8}, {"万", 4}, {"千", 3}}

// englishMultipliers follow a $ amount: $40 billion.
var englishMultipliers = []struct {
	word string
	exp  int
}{{" trillion", 12}, {" billion", 9}, {" million", 6}, {"trillion", 12}, {"billion", 9}, {"million", 6}, {"bn", 9}}

// currencies in the normal form, longest match first; 元 alone is taken as
// renminbi.
var currencies = []struct{ word, code string }{
	{"新台币", "TWD"}, {"人民币", "CNY"}, {"美元", "USD"}, {"美金", "USD"}, {"欧元", "EUR"},
	{"日元", "JPY"}, {"日圆", "JPY"}, {"英镑", "GBP"}, {"港元", "HKD"}, {"港币", "HKD"},
	{"台币", "TWD"}, {"韩元", "KRW"}, {"卢布", "RUB"}, {"元", "CNY"},
}

// amounts tags money amounts and percentages.
func amounts(rs []rune) []mention {
	var out []mention
	for i := 0; i < len(rs); {
		if !isDigit(rs[i]) || (i > 0 && (isLatinAlnum(rs[i-1]) || rs[i-1] == '.' || rs[i-1] == ',')) {
			i++
			continue
		}
		num, j := readNumber(rs, i)
		if m, ok := amountAt(rs, i, j, num); ok {
			out = append(out, m)
			i = m.ne
			continue
		}
		i = j
	}
	return out
}

// readNumber reads digits with thousands commas and a decimal part from i;
// it returns the number without commas and the end.
func readNumber(rs []rune, i int) (string, int) {
	var b strings.Builder
	j := i
	for j < len(rs) {
		switch {
		case isDigit(rs[j]):
			b.WriteRune(rs[j])
			j++
			continue
		case rs[j] == ',' && j+3 < len(rs)+1 && digitsAt(rs, j+1, 3) && (j+4 == len(rs) || !isDigit(rs[j+4])):
			j++
			continue
		case rs[j] == '.' && !strings.Contains(b.String(), ".") && j+1 < len(rs) && isDigit(rs[j+1]):
			b.WriteRune('.')
			j++
			continue
		}
		break
	}
	return b.String(), j
}

func digitsAt(rs []rune, i, n int) bool {
	if i+n > len(rs) {
		return false
	}
	for _, r := range rs[i : i+n] {
		if !isDigit(r) {
			return false
		}
	}
	return true
}

func isDigit(r rune) bool { return '0' <= r && r <= '9' }

// amountAt builds the money or percent mention of the number rs[i:j], if
// what surrounds it makes it one.
func amountAt(rs []rune, i, j int, num string) (mention, bool) {
	if j < len(rs) && rs[j] == '%' {
		return mention{ns: i, ne: j + 1, id: "percent:" + scaleDecimal(num, 0), typ: TypePercent, entity: -1}, true
	}
	if hasWordBefore(rs, i, "百分之") {
		return mention{ns: i - 3, ne: j, id: "percent:" + scaleDecimal(num, 0), typ: TypePercent, entity: -1}, true
	}
	start := i
	if i > 0 && rs[i-1] == '$' { // $40 billion, us$40 billion
		start = i - 1
		if hasWordBefore(rs, start, "us") {
			start -= 2
		}
		exp, end := 0, j
		for _, m := range englishMultipliers {
			if hasWordAt(rs, j, m.word) {
				exp, end = m.exp, j+utf8.RuneCountInString(m.word)
				break
			}
		}
		return mention{ns: start, ne: end, id: "money:USD:" + scaleDecimal(num, exp), typ: TypeMoney, entity: -1}, true
	}
	if j+1 < len(rs) && (rs[j] == '-' || rs[j] == '~' || rs[j] == '～') && isDigit(rs[j+1]) {
		num2, j2 := readNumber(rs, j+1)
		if j2 < len(rs) && rs[j2] == '%' { // 15-20%
			return mention{ns: i, ne: j2 + 1, id: "percent:" + scaleDecimal(num, 0) + "-" + scaleDecimal(num2, 0), typ: TypePercent, entity: -1}, true
		}
	}
	k, exp := skipSpace(rs, j), 0
	k = skipWord(rs, k, "多", "余")
	for _, m := range multipliers {
		if hasWordAt(rs, k, m.word) {
			exp, k = m.exp, k+utf8.RuneCountInString(m.word)
			break
		}
	}
	k = skipWord(rs, k, "多", "余")
	if exp > 0 || k > j {
		k = skipSpace(rs, k)
	}
	prefixCNY := hasWordBefore(rs, i, "人民币")
	if cur, n := currencyBefore(rs, i); n > 0 { // 新台币100万元, 美元 5 亿
		end := k
		if hasWordAt(rs, k, "元") {
			end++
		}
		if end > j || exp > 0 {
			return mention{ns: i - n, ne: end, id: "money:" + cur + ":" + scaleDecimal(num, exp), typ: TypeMoney, entity: -1}, true
		}
	}
	for _, c := range currencies {
		if hasWordAt(rs, k, c.word) {
			end := k + utf8.RuneCountInString(c.word)
			if c.code == "CNY" && c.word == "元" && hasWordAt(rs, end, "人民币") {
				end += 3
			}
			if prefixCNY && c.code == "CNY" {
				start = i - 3
			}
			return mention{ns: start, ne: end, id: "money:" + c.code + ":" + scaleDecimal(num, exp), typ: TypeMoney, entity: -1}, true
		}
	}
	if prefixCNY && exp > 0 { // 人民币1800亿
		return mention{ns: i - 3, ne: k, id: "money:CNY:" + scaleDecimal(num, exp), typ: TypeMoney, entity: -1}, true
	}
	return mention{}, false
}

// prefixCurrencies are currency names written before an amount.
var prefixCurrencies = []struct{ word, code string }{
	{"新台币", "TWD"}, {"台币", "TWD"}, {"港币", "HKD"}, {"港元", "HKD"}, {"美元", "USD"}, {"美金", "USD"},
	{"欧元", "EUR"}, {"日元", "JPY"}, {"日圆", "JPY"}, {"韩元", "KRW"},
}

// currencyBefore returns the currency written just before i (a space
// between allowed) and how many runes it takes, or 0.
func currencyBefore(rs []rune, i int) (string, int) {
	k := i
	if k > 0 && rs[k-1] == ' ' {
		k--
	}
	for _, c := range prefixCurrencies {
		if hasWordBefore(rs, k, c.word) {
			return c.code, i - k + utf8.RuneCountInString(c.word)
		}
	}
	return "", 0
}

func hasWordAt(rs []rune, i int, w string) bool {
	for _, r := range w {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

func hasWordBefore(rs []rune, i int, w string) bool {
	k := utf8.RuneCountInString(w)
	return i-k >= 0 && hasWordAt(rs, i-k, w)
}

func skipWord(rs []rune, i int, words ...string) int {
	for _, w := range words {
		if hasWordAt(rs, i, w) {
			return i + utf8.RuneCountInString(w)
		}
	}
	return i
}

// scaleDecimal multiplies the decimal number num by 10^exp exactly and
// returns it without leading or trailing zeros (402, 8 → 40200000000).
func scaleDecimal(num string, exp int) string {
	intPart, frac, _ := strings.Cut(num, ".")
	digits := intPart + frac
	point := len(intPart) + exp
	for len(digits) < point {
		digits += "0"
	}
	whole, rest := digits[:point], digits[point:]
	whole = strings.TrimLeft(whole, "0")
	if whole == "" {
		whole = "0"
	}
	rest = strings.TrimRight(rest, "0")
	if rest == "" {
		return whole
	}
	return whole + "." + rest
}

// chipShape is a model number: letters then digits (h20, mi308x, rtx5090d)
// or digits then a letter or two (910b).
var chipShape = regexp.MustCompile(`^(?:[a-z]{1,4}[0-9]{2,4}[a-z]{0,2}|[0-9]{3}[a-z]{1,2})$`)

// chipWords make a nearby model-shaped run a chip.
var chipWords = []string{"芯片", "晶片", "gpu", "加速卡", "加速器", "处理器", "显卡", "算力卡", "计算卡", "型号", "ai芯片"}

// chipWindow is how many runes either side of a run chipWords are looked for in.
const chipWindow = 12

// chipModels tags model-shaped Latin runs the catalog did not, when a chip word
// or a tagged chip or company is within chipWindow runes.
func chipModels(rs []rune, ms []mention) []mention {
	var out []mention
	for i := 0; i < len(rs); {
		if !isLatinAlnum(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && isLatinAlnum(rs[j]) {
			j++
		}
		run := string(rs[i:j])
		if chipShape.MatchString(run) && !overlaps(ms, i, j) && chipContext(rs, i, j, ms) {
			out = append(out, mention{ns: i, ne: j, id: "chip:" + run, typ: TypeChip, entity: -1})
		}
		i = j
	}
	return out
}

func overlaps(ms []mention, s, e int) bool {
	for _, m := range ms {
		if m.ns < e && s < m.ne {
			return true
		}
	}
	return false
}

func chipContext(rs []rune, s, e int, ms []mention) bool {
	before := string(rs[max(0, s-chipWindow):s])
	after := string(rs[e:min(len(rs), e+chipWindow)])
	for _, w := range chipWords {
		if strings.Contains(before, w) || strings.Contains(after, w) {
			return true
		}
	}
	for _, m := range ms {
		if (m.typ == TypeChip || m.typ == TypeCompany) && m.ne <= s && s-m.ne <= 2 {
			return true // 英伟达H20E, NVIDIA H20E
		}
	}
	return false
}
