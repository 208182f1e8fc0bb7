package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Writer credits printed inside the article text, wherever they stand:
// "记者 王晓 北京报道", "文 | 章斐然", "作者：刘诗敏、实习生陈月盈", "新京报记者陶若谷
// 党元悦" closing the text, "（新娱/文）". A name counts only where it is
// printed with a clear boundary — a bracket, a space, the end of the line,
// another credit, a reporting verb (报道, 发自), a place before 报道, or the
// start of a dateline — so "作者：张艺在白电行业" guesses nothing. Photo
// credits (…摄, 图片记者) and editor credits (编辑, 责任编辑) never name the
// writer. The first credit in reading order wins; interns and correspondents
// (实习生, 通讯员) only when the text credits nobody else. Nothing here names
// a site: the labels and stop words are those of Chinese print credits.

// roleStop ends a name: another credit, or a reporting verb.
var roleStop = `(?:特约|实习|见习|首席|本报|全媒体)?(?:通讯员|通訊員|实习生|實習生|记者|記者|编辑|編輯|责编|责任编辑|校对|审校|美编|` +
	`摄影|攝影|摄像|拍摄|摄|攝|制图|题图|图|圖|视频|剪辑|翻译|编译|来源|來源|稿源|出品|监制|主编|综合报道|报道|報導|发自|發自|律师|教授|博士|医生|研究员|分析师)`

// textStop ends a name glued to the start of a dateline or of the text.
var textStop = `北京时间|新浪声明|原标题|摘要|公众号|本报|据(?:新华社|中新社|悉|了解|报道|介绍|统计|《|\p{Han}{1,6}讯)`

var (
	roleStopAt    = regexp.MustCompile(`^` + roleStop)
	textStopAt    = regexp.MustCompile(`^(?:` + textStop + `)`)
	anyStop       = regexp.MustCompile(roleStop + `|` + textStop)
	anyStopAt     = regexp.MustCompile(`^(?:` + roleStop + `|` + textStop + `)`)
	roleBefore    = regexp.MustCompile(`^(?:主编|总编辑|副主编|特约撰稿人|特约评论员|评论员|专栏作家)[ \x{3000}]*`)
	photoAfter    = regexp.MustCompile(`^\s*[/／]?\s*(?:摄影|攝影|摄像|拍摄|摄|攝|供图|供圖)`)
	photoReport   = regexp.MustCompile(`^\s*(?:摄影报道|攝影報導)`) // the reporter wrote and took the pictures
	photoLabel    = regexp.MustCompile(`^\s*[/／]?\s*(?:摄像|摄影|攝影)\s*[/／:：|｜]`)
	hanRun        = regexp.MustCompile(`^[\p{Han}·]+`)
	latinWord     = regexp.MustCompile(`^[A-Za-z][A-Za-z.\-]*`)
	creditSep     = regexp.MustCompile(`^(?:[ \x{3000}\x{a0}\t]*[:：/／|｜丨][ \x{3000}\x{a0}\t]*|[ \x{3000}\x{a0}\t]+)`)
	listSep       = regexp.MustCompile(`^(?:[ \x{3000}\x{a0}\t]*、[ \x{3000}\x{a0}\t]*|[ \x{3000}\x{a0}\t]+)`)
	placeDispatch = regexp.MustCompile(`^\p{Han}{2,4}(?:报道|報導|电|電|专电|專電)`)
	slashWriter   = regexp.MustCompile(`([A-Za-z][A-Za-z0-9_.\-]*|[\p{Han}·]{2,12})\s*[/／]\s*文`)
	dispatchFrom  = regexp.MustCompile(`[（(]\s*(\p{Han}{2,3})\s*(?:发自|發自)\p{Han}{2,8}\s*[）)]`)
	outletSpaced  = regexp.MustCompile(`^([\p{Han}A-Za-z·\-]{2,12})[ \x{3000}\x{a0}\t]+`)
	spacedGiven   = regexp.MustCompile(`^([ \x{3000}\x{a0}\t])(\p{Han})`)
	sentenceTail  = regexp.MustCompile(`(?:^|[。！？”」\s])[^。！？\s，,：:“”]{0,12}$`)
)

// places are cities printed between a reporter's name and 报道
// ("记者王伟深圳报道").
var places = []string{"北京", "上海", "天津", "重庆", "广州", "深圳", "杭州", "南京", "武汉", "成都", "西安", "长沙", "郑州",
	"济南", "青岛", "沈阳", "大连", "长春", "哈尔滨", "石家庄", "太原", "合肥", "福州", "厦门", "南昌", "南宁",
	"海口", "贵阳", "昆明", "拉萨", "兰州", "西宁", "银川", "乌鲁木齐", "呼和浩特", "香港", "澳门", "台北",
	"苏州", "宁波", "温州", "东莞", "佛山", "珠海", "烟台", "三亚", "东京", "纽约", "伦敦", "巴黎", "首尔",
	"莫斯科", "华盛顿", "新加坡"}

var outletEnds = []string{"报", "報", "网", "網", "社", "台", "新闻", "新聞", "日报", "晚报", "周刊", "杂志", "客户端"}

const (
	creditOpen  = "（(【["
	creditClose = "）)】]"
	creditSpace = " \u3000\u00a0\t"
)

func isReporterLabel(l string) bool {
	switch l {
	case "记者", "記者", "实习生", "實習生", "通讯员", "通訊員":
		return true
	}
	return false
}

// isMinorLabel reports the labels of interns and correspondents.
func isMinorLabel(l string) bool {
	switch l {
	case "实习生", "實習生", "通讯员", "通訊員":
		return true
	}
	return false
}

// personal reports a Han personal name: two to four characters after a
// common surname.
func personal(tok string) bool {
	n := utf8.RuneCountInString(tok)
	r, _ := utf8.DecodeRuneInString(tok)
	return n >= 2 && n <= 4 && isHan(r) && hasSurname(tok)
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// cutName returns the name at the start of a run of Han characters, up to
// a stop word, and the stop word ("" if none).
func cutName(run string) (tok, stop string) {
	_, size := utf8.DecodeRuneInString(run)
	from := size
	for {
		loc := anyStop.FindStringIndex(run[from:])
		if loc == nil {
			return run, ""
		}
		at := from + loc[0]
		if strings.HasPrefix(run[at:], "编辑部") {
			from = at + len("编辑部") // "文/套路编辑部" is a pen name
			continue
		}
		tok, stop = run[:at], run[at:from+loc[1]]
		if stop == "报道" || stop == "報導" {
			for _, p := range places {
				if strings.HasSuffix(tok, p) && runeLen(tok)-runeLen(p) >= 2 {
					return strings.TrimSuffix(tok, p), stop
				}
			}
		}
		return tok, stop
	}
}

// closedBy says how the names end a credit: "end" (the line or a bracket
// ends, another credit or a dateline follows), "paren" (a note in brackets
// follows), "text" (the text starts: 据…讯, 北京时间) or "".
func closedBy(rest string) string {
	r := strings.TrimLeft(rest, creditSpace)
	switch {
	case r == "" || strings.ContainsRune(creditClose, firstRune(r)):
		return "end"
	case strings.ContainsRune("、，,", firstRune(r)) && roleStopAt.MatchString(strings.TrimLeft(r[utf8.RuneLen(firstRune(r)):], creditSpace)):
		return "end" // "作者：刘诗敏、实习生陈月盈"
	case roleStopAt.MatchString(r) || strings.HasPrefix(r, "文/图") || strings.HasPrefix(r, "文、图") || strings.HasPrefix(r, "/文") || strings.HasPrefix(r, "／文"):
		return "end"
	case strings.ContainsRune(creditSpace, firstRune(rest)) && placeDispatch.MatchString(r):
		return "end" // "记者 郑兴 香港报道"
	}
	for _, p := range places {
		if strings.HasPrefix(r, p+"报道") {
			return "end" // "记者王伟深圳报道"
		}
	}
	switch {
	case strings.HasPrefix(r, "（") || strings.HasPrefix(r, "【"):
		return "paren"
	case textStopAt.MatchString(r):
		return "text"
	}
	return ""
}

// bounded reports text that goes on after the names past a clear boundary.
func bounded(rest, names string) bool {
	if rest == "" {
		return true
	}
	c := firstRune(rest)
	if strings.ContainsRune(creditSpace+"，,。；;“\"《", c) || unicode.IsDigit(c) {
		return true
	}
	fs := strings.Fields(names)
	return latinWord.FindString(fs[len(fs)-1]) == fs[len(fs)-1] && isHan(c) // "作者：Kelsey Gee纽约大学"
}

// readNames reads the names at the start of s and returns them as printed
// and the rest of s; ok is false when s does not start with a name. Pen
// names (no surname, up to six characters) and Latin names are allowed.
func readNames(s string) (names, rest string, ok bool) {
	if loc := roleBefore.FindStringIndex(s); loc != nil {
		s = s[loc[1]:] // "（作者：主编杨扬）"
	}
	if anyStopAt.MatchString(s) {
		return "", "", false // "记者 / 实习生"
	}
	var got []string
	i, kind, listed := 0, "", false
	for {
		if run := hanRun.FindString(s[i:]); run != "" {
			tok, stop := cutName(run)
			if (stop == "摄" || stop == "攝") && len(tok)+len(stop) == len(run) {
				return "", "", false // "贺勇摄"
			}
			merged := false
			if gap := spacedName(s[i:], tok); len(got) == 0 && gap > 0 {
				// "本报记者 贾 丽": a two-character name spaced out.
				s = s[:i+len(tok)] + s[i+len(tok)+gap:]
				tok, merged, kind = hanRun.FindString(s[i:]), true, "han"
			}
			switch {
			case merged:
			case len(got) == 0:
				if runeLen(tok) > 4 && !personal(tok) {
					// "采写/新京报田偲妮": an outlet glued to the name.
					rs := []rune(tok)
					for k := 2; k < len(rs)-1; k++ {
						head, name := string(rs[:k]), string(rs[k:])
						if hasAnySuffix(head, outletEnds) && personal(name) && len(rs)-k <= 3 && closedBy(s[i+len(tok):]) == "end" {
							s = s[:i] + s[i+len(head):]
							tok = name
							break
						}
					}
				}
				if !personal(tok) && !(runeLen(tok) >= 2 && runeLen(tok) <= 6) {
					return "", "", false
				}
				if lw := latinWord.FindString(s[i+len(tok):]); lw != "" && tok == run && closedBy(s[i+len(tok)+len(lw):]) == "end" {
					tok += lw // "（撰文：张馨予ZXY）"
				}
				kind = "han"
			case !(personal(tok) || (listed && runeLen(tok) >= 2 && runeLen(tok) <= 6)):
				return finishNames(s, i, got)
			}
			got = append(got, tok)
			i += len(tok)
		} else {
			lw := latinWord.FindString(s[i:])
			if lw == "" {
				return finishNames(s, i, got)
			}
			if len(got) > 0 && kind == "han" && !listed {
				return finishNames(s, i, got)
			}
			if h := hanRun.FindString(s[i+len(lw):]); h != "" && len(got) == 0 {
				// "文/CLg潮篮狗": one pen name in two scripts.
				han, _ := cutName(h)
				if runeLen(han) <= 4 && closedBy(s[i+len(lw)+len(han):]) == "end" {
					lw += han
				}
			}
			got = append(got, lw)
			i += len(lw)
			if kind == "" {
				kind = "latin"
			}
		}
		// The list goes on after a space or 、 with a name of the same kind.
		sep := listSep.FindString(s[i:])
		if sep == "" {
			break
		}
		next := s[i+len(sep):]
		if anyStopAt.MatchString(next) {
			break
		}
		if strings.Contains(sep, "、") {
			if hanRun.MatchString(next) || latinWord.MatchString(next) {
				listed = true
				i += len(sep)
				continue
			}
			break
		}
		if run := hanRun.FindString(next); run != "" && kind == "han" {
			tok, _ := cutName(run)
			if placeDispatch.MatchString(next) {
				break // "新京报记者 徐晓帆 武汉报道": a dateline, not a second name
			}
			if personal(tok) {
				i += len(sep)
				continue
			}
			break
		}
		if latinWord.MatchString(next) && kind == "latin" && !labelledLatin.MatchString(next) {
			i += len(sep)
			continue
		}
		break
	}
	return finishNames(s, i, got)
}

// spacedName returns the width of the space inside a two-character name
// printed spaced out at the start of s ("贾 丽"), whose first character tok
// is a surname; 0 if there is none.
func spacedName(s, tok string) int {
	if runeLen(tok) != 1 || !strings.ContainsRune(surnames, firstRune(tok)) {
		return 0
	}
	m := spacedGiven.FindStringSubmatch(s[len(tok):])
	if m == nil || hanRun.MatchString(s[len(tok)+len(m[0]):]) {
		return 0
	}
	return len(m[1])
}

var labelledLatin = regexp.MustCompile(`^[A-Za-z0-9_.\-]+[：:]`)

func finishNames(s string, i int, got []string) (string, string, bool) {
	if len(got) == 0 {
		return "", "", false
	}
	return s[:i], s[i:], true
}

func hasAnySuffix(s string, suffixes []string) bool {
	for _, x := range suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	return false
}

// textCred is one writer credit found in a line.
type textCred struct {
	pos   int
	names string
	minor bool
}

// creditsInLine returns the writer credits of one printed line, in order.
func creditsInLine(line string) []textCred {
	var out []textCred
	// "叶子/文", "（实习生 西瓜/文）", "林怡妘/文、图", "ETtoday/文".
	for _, m := range slashWriters(line) {
		name, start := line[m[2]:m[3]], m[2]
		after := line[m[1]:]
		if h := hanRun.FindString(after); h != "" && runeLen(h) <= 2 && (strings.HasPrefix(after[len(h):], "/") || strings.HasPrefix(after[len(h):], "／")) {
			continue // "文/图": a list of roles
		}
		if !(after == "" || strings.ContainsRune(creditSpace+creditClose+"、，,。（(", firstRune(after)) ||
			strings.HasPrefix(after, "图") || strings.HasPrefix(after, "据") || slashAfterNews.MatchString(after)) {
			continue
		}
		for _, lab := range []string{"记者", "記者", "实习生", "通讯员", "站"} {
			if j := strings.LastIndex(name, lab); j >= 0 {
				name, start = name[j+len(lab):], start+j+len(lab)
			}
		}
		before := line[:start]
		if before != "" {
			c := lastRune(before)
			if !(strings.ContainsRune(creditOpen+creditSpace+"。！？”\"", c) || hasAnySuffix(before, []string{"记者", "記者", "实习生", "通讯员", "站"})) {
				continue // glued to the text before it: where the name starts is unknown
			}
		}
		if isHan(firstRune(name)) {
			if n := runeLen(name); n < 2 || n > 6 {
				continue
			}
			if _, stop := cutName(name); stop != "" {
				continue
			}
		}
		out = append(out, textCred{pos: start, names: name})
	}
	// "（曲小尤 发自广州）": a reporter's dispatch.
	for _, m := range dispatches(line) {
		if name := line[m[2]:m[3]]; hasSurname(name) {
			out = append(out, textCred{pos: m[2], names: name})
		}
	}
	for _, m := range textLabels(line) {
		if c, ok := readTextCredit(line, m[0], m[1]); ok {
			out = append(out, c)
		}
	}
	// In reading order.
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j].pos < out[j-1].pos; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

// slashWriters, dispatches and textLabels run their patterns only on lines
// that hold the literal they need: the text reader sees every line of every
// article, and most hold no credit.
func slashWriters(line string) [][]int {
	if !strings.Contains(line, "/文") && !strings.Contains(line, "／文") && !strings.Contains(line, "/ 文") && !strings.Contains(line, "／ 文") {
		return nil
	}
	return slashWriter.FindAllStringSubmatchIndex(line, -1)
}

func dispatches(line string) [][]int {
	if !strings.Contains(line, "发自") && !strings.Contains(line, "發自") {
		return nil
	}
	return dispatchFrom.FindAllStringSubmatchIndex(line, -1)
}

// textLabelRunes are the first characters of the writer labels.
const textLabelRunes = "原作撰采採执執记記实實通文"

// textLabelWords are the writer labels; 文 also needs a separator after it.
var textLabelWords = []string{"原作者", "作者", "撰文", "撰稿", "采写", "採寫", "执笔", "執筆", "记者", "記者", "实习生", "實習生", "通讯员", "通訊員"}

// textLabels returns [start, end] of each writer label in line, left to
// right, as the pattern `原作者|作者|…|通訊員|文\s*[/／|｜丨:：]` would, by a scan: that regexp cost a tenth of
// an extraction.
func textLabels(line string) [][]int {
	var out [][]int
	for i := 0; i < len(line); {
		r, size := utf8.DecodeRuneInString(line[i:])
		if !strings.ContainsRune(textLabelRunes, r) {
			i += size
			continue
		}
		end := 0
		for _, l := range textLabelWords {
			if strings.HasPrefix(line[i:], l) {
				end = i + len(l)
				break
			}
		}
		if end == 0 && r == '文' {
			j := i + size
			for j < len(line) {
				c, n := utf8.DecodeRuneInString(line[j:])
				if !strings.ContainsRune(creditSpace, c) {
					break
				}
				j += n
			}
			if c, n := utf8.DecodeRuneInString(line[j:]); n > 0 && strings.ContainsRune("/／|｜丨:：", c) {
				end = j + n
			}
		}
		if end == 0 {
			i += size
			continue
		}
		out = append(out, []int{i, end})
		i = end
	}
	return out
}

var slashAfterNews = regexp.MustCompile(`^(?:新浪|\p{Han}{2,4}讯)`)

// readTextCredit reads the credit whose label spans line[start:end].
func readTextCredit(line string, start, end int) (textCred, bool) {
	label := line[start:end]
	if strings.HasPrefix(label, "文") {
		label, end = "文", start+len("文")
	}
	pre := line[:start]
	if label == "文" && pre != "" && isHan(lastRune(pre)) && !strings.HasPrefix(strings.TrimLeft(line[end:], creditSpace), "|") && !strings.HasPrefix(strings.TrimLeft(line[end:], creditSpace), "｜") {
		return textCred{}, false // 语文/数学, 创业邦文/…; "36氪文｜陈之琰" is a credit
	}
	if hasAnySuffix(pre, []string{"图片", "摄影", "摄像", "视频", "圖片", "攝影"}) {
		return textCred{}, false // 图片记者, 摄影记者
	}
	seg := pre
	if k := strings.LastIndexAny(pre, creditSpace+creditOpen+"，。；"); k >= 0 {
		_, n := utf8.DecodeRuneInString(pre[k:])
		seg = pre[k+n:]
	}
	if photoLabelled.MatchString(seg) {
		return textCred{}, false // "摄影：新华社记者 李贺": the agency's reporter took the picture
	}
	bracketed := lastIndexAny(pre, creditOpen) > lastIndexAny(pre, creditClose)
	segEnd := len(line)
	if bracketed {
		if k := strings.IndexAny(line[end:], creditClose); k >= 0 {
			segEnd = end + k
		}
	}
	after := line[end:segEnd]
	sep := creditSep.FindString(after)
	glued := sep == ""
	if glued && !isReporterLabel(label) {
		return textCred{}, false // 作者系…, 第一作者为…, 撰文指出
	}
	if glued && !bracketed && !sentenceTail.MatchString(pre) {
		return textCred{}, false // "告诉记者", "《证券日报》记者的数据": inside a sentence
	}
	body := after[len(sep):]
	// A qualifier, then the real label: "文/广州日报全媒体记者肖欢欢".
	if label != "记者" && label != "記者" {
		if ls := textLabels(body); len(ls) > 0 && isReporterLabel(body[ls[0][0]:ls[0][1]]) && runeLen(body[:ls[0][0]]) <= 14 &&
			!strings.ContainsAny(body[:ls[0][0]], "，,、。：:") && !anyShortPersonal(body[:ls[0][0]]) {
			return textCred{}, false
		}
	}
	if om := outletSpaced.FindStringSubmatchIndex(body); om != nil && !isReporterLabel(label) && hasAnySuffix(body[om[2]:om[3]], outletEnds) {
		body = body[om[1]:] // "文/新京报 吴奇函", "[文/观察者网 王恺雯]"
	}
	names, rest, ok := readNames(body)
	if !ok || photoAfter.MatchString(rest) && !photoLabel.MatchString(rest) && !photoReport.MatchString(rest) {
		return textCred{}, false // "（记者 王伟 摄）"
	}
	if r := strings.TrimLeft(rest, creditSpace); strings.HasPrefix(r, "？") || strings.HasPrefix(r, "?") || strings.HasPrefix(r, "！") || strings.HasPrefix(r, "!") {
		return textCred{}, false // "（记者：那学术水平呢？）"
	}
	hans := hanRuns.FindAllString(names, -1)
	how := closedBy(rest)
	reporter := isReporterLabel(label)
	if reporter {
		// A reporter has a personal name: Han, two to four characters,
		// and, unless a spaced or labelled credit ends there, a surname.
		if !isHan(firstRune(names)) || strings.ContainsAny(names, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") {
			return textCred{}, false
		}
		for _, x := range hans {
			if runeLen(x) > 4 || ((how != "end" || glued) && !hasSurname(x)) {
				return textCred{}, false
			}
		}
	}
	short, surnamed := true, true
	for _, x := range hans {
		if runeLen(x) > 3 || (!hasSurname(x) && reporter) {
			short = false
		}
		if runeLen(x) > 3 || !hasSurname(x) {
			surnamed = false
		}
	}
	if !(how == "end" || (how == "paren" && !glued) || (how == "text" && short) || (!glued && bounded(rest, names) && surnamed)) {
		return textCred{}, false
	}
	return textCred{pos: start, names: strings.Join(strings.Fields(names), " "), minor: isMinorLabel(label)}, true
}

var hanRuns = regexp.MustCompile(`[\p{Han}·]+`)

// anyShortPersonal reports a personal name standing apart before a label
// ("撰文：王三 记者"); a word glued to the label qualifies it (南都记者).
func anyShortPersonal(s string) bool {
	if !strings.ContainsRune(creditSpace, lastRune(s)) {
		return false
	}
	for _, t := range strings.Fields(s) {
		if personal(t) && runeLen(t) <= 3 {
			return true
		}
	}
	return false
}

func lastIndexAny(s, chars string) int { return strings.LastIndexAny(s, chars) }

// textCredit returns the writer the lines credit first: a writer or a
// reporter, else an intern or a correspondent; "" when none.
// Credits on consecutive lines add up, as readByline reads them: "本报实习生
// 刘国栋 周炜" over "本报记者 王燕平 方云凤" credits all four, in print order.
func textCredit(lines []string) string {
	minor, minorLine := "", -2
	for i, ln := range lines {
		for _, c := range creditsInLine(ln) {
			if !c.minor {
				if minorLine == i-1 && !strings.Contains(c.names, minor) {
					return minor + " " + c.names
				}
				return c.names
			}
			if minor == "" {
				minor, minorLine = c.names, i
			}
		}
	}
	return minor
}

// textOriginRE reads a 来源 credit printed in the text, at a boundary:
// "（来源：时尚头条网）", "稿件来源：足球报", "本文来源于IT时报，作者：…". Without a
// separator only "来源于/来源自" counts ("消息来源称" is prose); a label glued to
// a word before it ("数据来源", "图片来源") is another kind of source.
var textOriginRE = regexp.MustCompile(`(?:^|[（(【\[\s，。；|｜：:])((?:文章|本文|稿件|信息|新闻|消息)?(?:来源|來源|稿源)(?:于|於|自)?)[ \x{3000}\x{a0}\t]*([:：]?)[ \x{3000}\x{a0}\t]*([^\s，。；,;：:（(）)】\]|｜/]{2,30})`)

// textOrigin returns the first 来源 the lines print, or "".
func textOrigin(lines []string) string {
	for _, ln := range lines {
		if !strings.Contains(ln, "来源") && !strings.Contains(ln, "來源") && !strings.Contains(ln, "稿源") {
			continue
		}
		for _, m := range textOriginRE.FindAllStringSubmatch(ln, -1) {
			label, sep := m[1], m[2]
			if sep == "" && !strings.HasSuffix(label, "于") && !strings.HasSuffix(label, "於") && !strings.HasSuffix(label, "自") {
				continue
			}
			if v := cleanOrigin(m[3]); v != "" {
				return v
			}
		}
	}
	return ""
}
