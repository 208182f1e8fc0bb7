package extract

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Credits without a label: a blog's "by NAME", a platform's poster by its
// follow button, an account's "原创 NAME ACCOUNT DATE", a name before or
// over the date under the headline, a line of personal names, and the
// bracketed signature closing a portal's text. They answer only where no
// labelled credit does (see analyse for the order).

// postedBy reads blog and forum credits: "by duscha", "由海姑娘张贴".
// The blog engines' footer "posted @ 2006-03-01 21:15 小林" names the
// poster after the date.
var postedBy = regexp.MustCompile(`(?:^|\s)(?:[Pp]osted by|[Bb]y)\s+([\p{Han}A-Za-z][\p{Han}\w.\-]{1,20}(?:\s[A-Z][a-z.\-]{1,20}){0,2})|由\s*([\p{Han}A-Za-z0-9]{2,12}?)\s*(?:张贴|發表|发表|发布|發佈)|(?:^|\s)[Pp]osted\s+(?:@|on)\s+(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s+([\p{Han}A-Za-z][\p{Han}\w.\-]{1,20})`)

// nameBeforeDate reads "原创 GameForce 2019-09-04 22:18:34" or
// "华夏人文 2020-03-09 18:14:21": a name, then the date, on a header line.
// A forum's post header puts "发表于" between them: "月下独行 发表于 2008-10-21".
var nameBeforeDate = regexp.MustCompile(`^(?:原创\s+)?([\p{Han}A-Za-z][\p{Han}A-Za-z0-9_]{1,19})\s+(?:(?:发表于|發表於|发布于|發佈於)\s*[:：]?\s*)?(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}`)

// originalByAccount reads an account's original article: "原创 马骁 科技观察
// 2023-09-26": the 原创 mark, the writer, the account, the date.
var originalByAccount = regexp.MustCompile(`^(?:原创|原創)\s*[:：]?\s*(\p{Han}{2,4})\s+[\p{Han}A-Za-z][\p{Han}A-Za-z0-9_]{1,19}\s+(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}`)

// bracketName reads a name in brackets on a date line:
// "2004年7月16日08:19 [ 黄宇 ] 来源：人民网".
var bracketName = regexp.MustCompile(`[\[【]\s*(\p{Han}{2,4})\s*[\]】]`)

// weakCredits looks for unlabelled credits: "by NAME" anywhere in lines,
// the rest on the header lines.
func (b *byline) weakCredits(header, lines []string) {
	if b.authorRank >= 3 {
		return
	}
	for _, ln := range lines {
		if utf8.RuneCountInString(ln) > 60 {
			continue // "Photo by …" in a sentence is no byline
		}
		if m := postedBy.FindStringSubmatch(ln); m != nil {
			name := m[1] + m[2] + m[3]
			if !nameStop(name) {
				b.Author, b.authorRank = name, 3
				return
			}
		}
	}
	if b.authorRank >= 1 {
		return
	}
	if name := followedName(header); name != "" {
		b.Author, b.authorRank = name, 2
		return
	}
	for _, ln := range header {
		if m := originalByAccount.FindStringSubmatch(ln); m != nil && personal(m[1]) {
			b.Author, b.authorRank = m[1], 1
			return
		}
		if m := nameBeforeDate.FindStringSubmatch(ln); m != nil && !nameStop(m[1]) && !strings.Contains(m[1], "来源") && !roleWord(m[1]) {
			b.Author, b.authorRank = m[1], 1
			return
		}
		if m := bracketName.FindStringSubmatch(ln); m != nil && isMetaLine(ln) && hasSurname(m[1]) {
			b.Author, b.authorRank = m[1], 1
			return
		}
	}
	if name := nameOverDate(header); name != "" {
		b.Author, b.authorRank = name, 1
	}
}

// datedLine opens with a date, labelled or not: "发布时间：01-14 17:58".
var datedLine = regexp.MustCompile(`^(?:发布时间|发布于|發佈時間|發布時間|时间|時間)?\s*[:：]?\s*\d{1,4}\s*[-/.年月]\s*\d`)

// nameOverDate reads an account's name printed on its own line right above
// the date line under the headline ("八卦大相公" / "发布时间：01-14 17:58"),
// the "NAME DATE" header of nameBeforeDate broken over two lines. Only the
// first header lines count, and a word naming a section or a role is no name.
func nameOverDate(header []string) string {
	for i := 0; i+1 < len(header) && i < 2; i++ {
		name := strings.TrimSpace(header[i])
		n := utf8.RuneCountInString(name)
		if n < 2 || n > 12 || !datedLine.MatchString(strings.TrimSpace(header[i+1])) {
			continue
		}
		if strings.ContainsAny(name, ":：|｜/ 0123456789") || nameStop(name) || roleWord(name) ||
			hasAnySuffix(name, []string{"频道", "頻道", "栏目", "欄目", "专题", "專題", "资讯", "資訊"}) {
			continue
		}
		return name
	}
	return ""
}

// roleWord reports a forum role printed where a poster's name goes: the
// thread's starter (楼主) or a floor (沙发, 5楼).
func roleWord(s string) bool {
	return s == "楼主" || s == "樓主" || s == "作者" || floorMarker.MatchString(s) || replyWord.MatchString(s)
}

// nameLine reads a line holding only personal names, as printed under the
// title of an essay or paper: "赵延东、风笑天".
func nameLine(ln string) string {
	ln = strings.TrimSpace(ln)
	if ln == "" || utf8.RuneCountInString(ln) > 20 {
		return ""
	}
	names := cleanNames(ln)
	if names != ln {
		return ""
	}
	for _, n := range strings.FieldsFunc(names, func(r rune) bool { return r == ' ' || r == '、' || r == '，' || r == ',' }) {
		if !isHan([]rune(n)[0]) || !hasSurname(n) {
			return ""
		}
	}
	return names
}

// closingSignature reads a bare name in brackets closing the article,
// "……的决心。（罗森）", "（海外网 魏雪巍）". On portals it signs the editor
// who compiled the piece, not a writer: a writer is credited by a label
// (记者, 作者, 文) or a reporting verb. It fills Editor when no editor
// label named one, so "the writer, else the editor" still reads it.
func (b *byline) closingSignature(last string) {
	if b.Editor != "" {
		return
	}
	if m := trailingCredit.FindStringSubmatch(last); m != nil {
		b.Editor = surnamedNames(cleanNames(m[1]))
	}
}

// onlyBareLabels reports lines that, without their links, hold nothing but
// credit labels: the links are the credits' values ("作者：<a>温源</a>").
func onlyBareLabels(ls []line) bool {
	for _, l := range ls {
		if !bareLabel.MatchString(l.text) {
			return false
		}
	}
	return len(ls) > 0
}

// followedName reads the poster on a platform page: a short name line with
// a follow button at most two lines below it ("魑皇", "粉丝：23", "关注"),
// the profile box every user-content platform prints by its posts.
func followedName(header []string) string {
	for i, ln := range header {
		name := strings.TrimSpace(ln)
		n := utf8.RuneCountInString(name)
		if n < 2 || n > 20 || strings.ContainsAny(name, ":：|｜/ ") || nameStop(name) || roleWord(name) {
			continue
		}
		for j := i + 1; j < len(header) && j <= i+2; j++ {
			if followButton(header[j]) {
				return name
			}
		}
	}
	return ""
}

func followButton(s string) bool {
	switch strings.ToLower(strings.Join(strings.Fields(s), "")) {
	case "关注", "+关注", "＋关注", "加关注", "關注", "+關注", "关注ta", "follow", "+follow":
		return true
	}
	return false
}
