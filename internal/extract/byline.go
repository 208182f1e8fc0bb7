package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// byline holds the credits read off a page.
type byline struct {
	Author, Origin, Editor string
	authorRank             int
	editorFirm             bool // Editor came from 责任编辑, not a plain 编辑
}

// bareLabel is a line holding only a credit label.
var bareLabel = regexp.MustCompile(`^[【\[(（]?\s*(?:责任编辑|責任編輯|责编|作者|编辑|編輯|记者|記者|来源|來源)\s*[:：]\s*$`)

// authorRanks orders the labels that credit a writer.
var authorRanks = map[string]int{
	"作者": 5, "Author": 5, "撰文": 5, "撰稿": 5, "执笔人": 5, "执笔": 5, "執筆": 5, "采写": 5, "採寫": 5,
	"记者": 4, "記者": 4, "文": 4, "文字": 4, "文/图": 4, "文／图": 4, "文/圖": 4, "图文": 4, "圖文": 4, "通讯员": 3, "通訊員": 3, "实习生": 3,
}

var originLabels = map[string]bool{
	"本文来源": true, "文章来源": true, "新闻来源": true, "信息来源": true, "消息来源": true,
	"來源": true, "来源": true, "稿源": true, "出处": true, "出處": true, "出自": true, "来源于": true, "來源於": true,
	"转载自": true, "轉載自": true, "转自": true, "轉自": true, "本文转自": true, "Source": true,
}

var editorLabels = map[string]bool{"责任编辑": true, "責任編輯": true, "责编": true, "責編": true}

// readByline scans lines for credits. Earlier lines win within a rank.
func readByline(lines []string) byline {
	var b byline
	prevAuthorLine := -2
	for i, ln := range lines {
		before := b.Author
		// "责任编辑:" with the name on the next line.
		if i+1 < len(lines) && bareLabel.MatchString(ln) && utf8.RuneCountInString(lines[i+1]) <= 20 {
			ln += lines[i+1]
		}
		if utf8.RuneCountInString(ln) > 200 {
			// Long lines are prose; only a credit in brackets at the start
			// or end of a paragraph counts.
			b.scanProse(ln)
			continue
		}
		prevAuthor, prevRank := b.Author, b.authorRank
		b.scanLine(ln)
		if b.Author != before {
			// Credits on consecutive lines add up: "本报实习生 刘国栋 周炜",
			// "本报记者 王燕平 方云凤".
			if prevAuthorLine == i-1 && prevRank >= 3 && b.authorRank >= 3 && !strings.Contains(prevAuthor, b.Author) {
				b.Author = prevAuthor + " " + b.Author
			}
			prevAuthorLine = i
		} else if strings.Contains(ln, b.Author) && b.Author != "" && prevAuthorLine == i-1 {
			prevAuthorLine = i
		}
	}
	return b
}

func (b *byline) scanLine(ln string) {
	all := findLabels(ln)
	ms := all[:0]
	for _, m := range all {
		// A bare 文 or 编辑 inside a name or a sentence is no label.
		label, sep := ln[m[2]:m[3]], ln[m[4]:m[5]]
		if sep == "" && (label == "文" || label == "文字" || label == "时间" || label == "日期" || label == "图片" || label == "阅读") {
			continue
		}
		// 文 right after another Han character ends a word (欧文：, 全文：,
		// 中文：), it does not start a credit.
		if label == "文" && afterHan(ln, m[2]) {
			continue
		}
		// An English label is a word of its own with a separator:
		// "Author: Li Ming", not "Authority" or "open source".
		if (label == "Author" || label == "Source") && (sep == "" || latinAround(ln, m[2], m[3])) {
			continue
		}
		ms = append(ms, m)
	}
	for i, m := range ms {
		label, sep := ln[m[2]:m[3]], ln[m[4]:m[5]]
		end := len(ln)
		if i+1 < len(ms) {
			end = ms[i+1][0]
		}
		if m[1] > end {
			continue
		}
		value := ln[m[1]:end]
		switch {
		case originLabels[label]:
			// Without a separator only on a short credit line: "来源CSDN|".
			if sep == "" && m[1] == m[3] && label != "出自" && !(utf8.RuneCountInString(ln) <= 80 && isMetaLine(ln)) {
				continue
			}
			if b.Origin == "" {
				b.Origin = cleanOrigin(value)
			}
		case editorLabels[label]:
			if b.Editor == "" || !b.editorFirm {
				if names := cleanNames(value); names != "" {
					b.Editor, b.editorFirm = names, true
				}
			}
		case label == "编辑" || label == "編輯":
			// A plain 编辑 credit names the editor when no 责任编辑 does;
			// an editor is not the writer.
			if b.Editor != "" {
				continue
			}
			if sep == "" {
				// "新京报记者 吴采倩 编辑 刘倩 校对 李立军": spaced on a
				// short credit line, the name must be a personal name.
				if m[1] > m[3] && utf8.RuneCountInString(ln) <= 40 {
					b.Editor = strictName(value)
				}
				continue
			}
			b.Editor = cleanNames(value)
		case authorRanks[label] > 0:
			rank := authorRanks[label]
			// "采写：南都记者 林子沛": a qualifier glued to the next label.
			if i+1 < len(ms) && ms[i+1][0] == end && authorRanks[ln[ms[i+1][2]:ms[i+1][3]]] > 0 && allHan(value) {
				continue
			}
			if !isReporterLabel(label) {
				value = dropQualifier(value)
			}
			var names string
			spaced := m[5] > m[3] || m[1] > m[5]
			if sep == "" && !spaced && utf8.RuneCountInString(ln) > 40 && !openBracket(ln[:m[0]]) && !sentenceTail.MatchString(ln[:m[0]]) {
				continue // "NBA著名记者沃神报道", "据NBA记者Woj报道": a label inside a sentence
			}
			if sep == "" && spaced && utf8.RuneCountInString(ln) <= 40 {
				// "新华网黑龙江频道 记者 伊琳 李清芬": a short credit line.
				names = cleanNames(value)
			} else if sep == "" || utf8.RuneCountInString(ln) > 60 {
				// "（记者唐霁）", "作者魏星": without a separator, or inside
				// a sentence, the name must look like a personal name and
				// end at a boundary.
				names = strictName(value)
			} else {
				names = cleanNames(value)
			}
			if names == "" || (isReporterLabel(label) && !surnamedHan(names) && !reportedBy(value, names)) {
				continue // "记者：好吧，…" in an interview: a reporter has a personal name
			}
			// A better label with fewer of the same names does not replace
			// the fuller list ("记者 余毅菁 向雪妮" then "作者：余毅菁…").
			if rank > b.authorRank && !(b.Author != "" && strings.HasPrefix(b.Author, names)) {
				b.Author, b.authorRank = names, rank
			}
		}
	}
	// "马俊峰/文": the name before the label.
	if b.authorRank < 4 {
		if i := strings.Index(ln, "/文"); i > 0 {
			if name := lastName(ln[:i]); name != "" && hasSurname(name) {
				b.Author, b.authorRank = name, 4
			}
		}
	}
}

// scanProse looks for "（记者 张三）"-style credits inside a paragraph.
func (b *byline) scanProse(ln string) {
	if m := proseReporter.FindStringSubmatch(ln); m != nil && b.authorRank < 4 {
		if names := cleanNames(m[1]); names != "" {
			b.Author, b.authorRank = names, 4
		}
	}
}

var proseReporter = regexp.MustCompile(`[（(](?:[^（()）]{0,20}?)(?:记者|記者|通讯员|通訊員)\s*([^（()）]{2,30})[）)]`)

// trailingCredit reads a bare name in brackets closing the article:
// "……的决心。（常书香 马丹阳）".
var trailingCredit = regexp.MustCompile(`[（(]\s*([\p{Han}·]{2,4}(?:[ 、，,]+[\p{Han}·]{2,4}){0,4})\s*[）)]\s*$`)

// isOutlet reports a short Han name of a news outlet: 新京报, 澎湃新闻, 新华社.
func isOutlet(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 8 || !allHan(s) {
		return false
	}
	for _, suffix := range []string{"报", "報", "网", "網", "社", "台", "刊", "新闻", "新聞", "杂志", "雜誌", "日报", "晚报", "周刊"} {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}

// surnamedNames keeps a list of names only when each Han name carries a
// common surname: "（海外网）" closing a text is no credit.
func surnamedNames(names string) string {
	for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ' ' || r == '、' || r == '，' || r == ',' }) {
		if !hasSurname(n) || (utf8.RuneCountInString(n) == 4 && !compoundSurname(n)) {
			return "" // four characters name a person only after a two-character surname: "（查看详情）" is a link
		}
	}
	return names
}

func compoundSurname(name string) bool {
	for _, c := range compoundSurnames {
		if strings.HasPrefix(name, c) {
			return true
		}
	}
	return false
}

// dropQualifier drops a short Han word without a surname before a
// personal name after a writer label: the outlet or desk that signs with
// its writer ("文｜财新 王力为"). After 记者 the words are the reporters
// ("记者 伊琳 李清芬"), so only the other writer labels use it.
func dropQualifier(value string) string {
	v := strings.TrimLeft(value, " ：:|｜/")
	i := strings.IndexByte(v, ' ')
	if i <= 0 {
		return value
	}
	head, next := v[:i], strings.TrimLeft(v[i:], " ")
	if !allHan(head) || hasSurname(head) || utf8.RuneCountInString(head) > 6 {
		return value
	}
	end := strings.IndexFunc(next, func(r rune) bool { return !isHan(r) })
	if end < 0 {
		end = len(next)
	}
	if !personal(next[:end]) {
		return value
	}
	return next
}

// strictName reads names written straight after a label: each must carry
// a common surname and end at a boundary (end, space, bracket, slash, digit).
func strictName(s string) string {
	s = strings.TrimLeft(s, " ")
	names := cleanNames(s)
	if names == "" {
		return ""
	}
	rest := s[len(names):]
	if (strings.HasPrefix(rest, "报道") || strings.HasPrefix(rest, "報導")) && allHan(names) && utf8.RuneCountInString(names) <= 3 {
		// "特约记者革晨报道": a reporting verb closes the name; a rare
		// surname is still a surname.
		return names
	}
	for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ' ' || r == '、' || r == '，' || r == ',' }) {
		if !hasSurname(n) {
			return ""
		}
	}
	if photoAfter.MatchString(rest) {
		return "" // "新华社记者邹予摄": the reporter took the picture
	}
	for _, verb := range creditVerbs {
		if strings.HasPrefix(rest, verb) {
			return names
		}
	}
	r, _ := utf8.DecodeRuneInString(rest)
	if rest != "" && !datelineRest.MatchString(rest) && !(r == ' ' || r == '）' || r == ')' || r == '】' || r == ']' || r == '/' || r == '／' || r == '|' || unicode.IsDigit(r) || r == '_') {
		return ""
	}
	return names
}

func allHan(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !isHan(r) {
			return false
		}
	}
	return true
}

// datelineRest matches the place and day after a name in a dateline:
// "舊金山21日專電". The day must be a dispatch's day: "于北京时间9月" is a
// time, "赵健大连一方客场1：3" a score and "许晟科创板成为5日" a sentence,
// and none ends a name.
var datelineRest = regexp.MustCompile(`^\p{Han}{1,6}\d{1,2}\s*日\s*(?:电|電|专电|專電|讯|訊)`)

// sameKindName keeps a list of names of one kind: after a Han name only Han
// names with a surname follow, after a Latin name only Latin words.
func sameKindName(prev, name string) bool {
	r, _ := utf8.DecodeRuneInString(name)
	p, _ := utf8.DecodeRuneInString(prev)
	if isHan(p) {
		return isHan(r) && hasSurname(name)
	}
	return !isHan(r) && !strings.ContainsAny(name, "0123456789")
}

// cleanNames reads one or more personal names from the start of s.
// Names keep the separators the page used between them ("赵欣悦、陈曦").
func cleanNames(s string) string {
	s = strings.TrimLeft(s, " ：:|｜/[【(（")
	// "新京报 吴奇函": the outlet before the writer's name.
	if i := strings.IndexByte(s, ' '); i > 0 && isOutlet(s[:i]) {
		s = strings.TrimLeft(s[i:], " ")
	}
	isSep := func(r rune) bool {
		return r == ' ' || r == '、' || r == '，' || r == ',' || r == ';' || r == '；'
	}
	end, count := 0, 0
	pos := 0
	for pos < len(s) {
		// skip separators
		for pos < len(s) {
			r, size := utf8.DecodeRuneInString(s[pos:])
			if !isSep(r) {
				break
			}
			pos += size
		}
		tokEnd := strings.IndexFunc(s[pos:], isSep)
		if tokEnd < 0 {
			tokEnd = len(s) - pos
		}
		name, rest := leadingName(s[pos : pos+tokEnd])
		if name == "" {
			break
		}
		if count > 0 && !sameKindName(s[:end], name) {
			break
		}
		count++
		end = pos + strings.Index(s[pos:], name) + len(name)
		if rest != "" || count >= 6 {
			break
		}
		pos += tokEnd
	}
	if count == 0 {
		return ""
	}
	if r, _ := utf8.DecodeRuneInString(s[end:]); r == '？' || r == '！' || r == '。' || r == '?' || r == '!' {
		return "" // "记者：要自己写吗？" is a question, not a name
	}
	return strings.TrimSpace(s[:end])
}

// leadingName cuts a name off the front of tok: Han characters up to the
// first non-name rune, or a Latin word.
func leadingName(tok string) (name, rest string) {
	end := 0
	han := 0
	latin := 0
	for i, r := range tok {
		switch {
		case isHan(r) || r == '·' || r == '•':
			if latin > 0 {
				return tok[:i], tok[i:]
			}
			han++
		case unicode.IsLetter(r) || (latin > 0 && (unicode.IsDigit(r) || r == '.' || r == '-' || r == '_')):
			if han > 0 {
				return checkName(tok[:i], han), tok[i:]
			}
			latin++
		default:
			if end == 0 && i == 0 {
				return "", tok
			}
			if han > 4 && unicode.IsDigit(r) {
				// "林彥廷舊金山21日專電": a name glued to a dateline place.
				rs := []rune(tok[:i])
				if datelineRest.MatchString(string(rs[3:]) + tok[i:]) {
					return string(rs[:3]), tok[len(string(rs[:3])):]
				}
				return "", tok
			}
			return checkName(tok[:i], han), tok[i:]
		}
		end = i + utf8.RuneLen(r)
	}
	return checkName(tok[:end], han), ""
}

// creditVerbs follow a name in a photo or report credit: 林悅翻攝.
var creditVerbs = []string{"翻攝", "翻摄", "攝影", "摄影", "報導", "报道", "提供", "供图", "供圖", "攝", "摄"}

func checkName(s string, han int) string {
	s = strings.Trim(s, "·•")
	for _, verb := range creditVerbs {
		if t := strings.TrimSuffix(s, verb); t != s && utf8.RuneCountInString(t) >= 2 {
			s, han = t, utf8.RuneCountInString(t)
			break
		}
	}
	if han > 0 {
		if han < 2 || han > 5 || nameStop(s) {
			return ""
		}
		return s
	}
	if len(s) < 2 || len(s) > 40 {
		return ""
	}
	return s
}

// nameStop rejects words that follow a label but are not names.
func nameStop(s string) bool {
	for _, w := range []string{"本报", "本网", "本站", "报道", "报导", "综合", "网络", "佚名", "未知", "转载", "原创", "不详", "供图", "摄影",
		"访问", "统计", "文章", "评论", "发表", "主页", "博客", "简介", "登录", "更多", "首页", "新闻", "网友", "最新", "赞赏", "专栏", "关注", "见习", "实习", "特约", "获悉", "了解", "标题", "主编"} {
		if strings.Contains(s, w) && s != "网络" {
			return true
		}
	}
	return false
}

// datedOrigin reads the name printed after a date with no label:
// "2019年09月07日 04:04 北京日报".
var datedOrigin = regexp.MustCompile(`^(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?\s+([\p{Han}A-Za-z][\p{Han}A-Za-z0-9·]{1,15})$`)

func unlabelledOrigin(lines []string) string {
	for _, ln := range lines {
		// A short personal name after the date is the writer's, not an
		// outlet's ("2023-09-26 10:30 郭嘉宁").
		if m := datedOrigin.FindStringSubmatch(ln); m != nil && !(personal(m[1]) && utf8.RuneCountInString(m[1]) <= 3 && !isOutlet(m[1])) {
			return m[1]
		}
	}
	return ""
}

// dispatchRE reads the agency of a dateline opening the text:
// "新华社北京9月7日电", "（中央社記者林彥廷舊金山21日專電）".
var dispatchRE = regexp.MustCompile(`^[（(]?\s*(\p{Han}{1,5}(?:社|网|網|报|報|台))\s*(?:記者|记者|\p{Han}{1,8}\s*\d{1,2}\s*月?\s*\d{1,2}\s*日\s*(?:电|電|专电|專電|讯|訊))`)

// A photo credit's agency took the picture, not the text ("新华社记者
// 李贺 摄"), and 本报/本网 name no outlet.
func dispatchOrigin(firstLine string) string {
	if m := dispatchRE.FindStringSubmatch(firstLine); m != nil && !photoCredit(firstLine) && !strings.HasPrefix(m[1], "本") {
		return m[1]
	}
	return ""
}

// lastName returns the personal name just before a "/文" credit.
func lastName(s string) string {
	s = strings.TrimRight(s, " ")
	rs := []rune(s)
	i := len(rs)
	for i > 0 && isHan(rs[i-1]) && len(rs)-i < 4 {
		i--
	}
	if len(rs)-i < 2 {
		return ""
	}
	name := string(rs[i:])
	// "记者马俊峰": strip a role word glued to the front.
	for _, role := range []string{"记者", "記者"} {
		if j := strings.LastIndex(string(rs[:i]), role); j >= 0 && j+len(role) == len(string(rs[:i])) {
			return name
		}
	}
	if len(rs)-i == 4 {
		return string(rs[i+1:])
	}
	return name
}

// cleanOrigin reads an origin (来源) value: up to the first space or
// bracket, without wrapping brackets.
func cleanOrigin(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "[【(（ ")
	if s == "" {
		return ""
	}
	end := len(s)
	for i, r := range s {
		if r == ' ' || r == ']' || r == '】' || r == ')' || r == '）' || r == '|' || r == '｜' || r == '[' || r == '【' || r == '，' || r == ',' || r == '。' {
			end = i
			break
		}
	}
	v := strings.TrimSpace(s[:end])
	if utf8.RuneCountInString(v) > 30 || v == "" {
		return ""
	}
	// A date is not an origin.
	if _, ok := parseFullDate(v); ok {
		return ""
	}
	return v
}

// latinAround reports a Latin letter just before start or just after end:
// the label is part of a longer word.
func latinAround(s string, start, end int) bool {
	isLatin := func(r rune) bool { return r < 0x80 && unicode.IsLetter(r) }
	before, _ := utf8.DecodeLastRuneInString(s[:start])
	after, _ := utf8.DecodeRuneInString(s[end:])
	return isLatin(before) || isLatin(after)
}

// reportedBy reports names closed by a reporting verb: "革晨报道".
func reportedBy(value, names string) bool {
	rest := strings.TrimPrefix(strings.TrimLeft(value, " ：:|｜/丨"), names)
	return strings.HasPrefix(rest, "报道") || strings.HasPrefix(rest, "報導")
}

// surnamedHan reports whether every Han name in a list carries a surname;
// Latin names pass.
func surnamedHan(names string) bool {
	for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ' ' || r == '、' || r == '，' || r == ',' }) {
		if !hasSurname(n) {
			return false
		}
	}
	return true
}

// openBracket reports whether pre leaves a bracket open: "新华社巴黎12月9日电（".
func openBracket(pre string) bool {
	return strings.LastIndexAny(pre, creditOpen) > strings.LastIndexAny(pre, creditClose)
}

// afterHan reports whether the character before byte offset i is Han.
func afterHan(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return unicode.Is(unicode.Han, r)
}
