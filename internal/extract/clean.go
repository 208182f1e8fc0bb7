package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cutMarkers open the related-article block that ends an article.
var cutMarkers = []string{"相关阅读", "延伸阅读", "相关新闻", "相关文章", "相关链接", "推荐阅读", "热点推荐",
	"猜你喜欢", "更多精彩", "热门推荐", "精彩推荐", "相關新聞", "延伸閱讀", "相關閱讀", "热点新闻", "今日推荐", "相关报道", "往期回顾"}

// dropLine matches a whole line of page furniture.
var dropLineRE = regexp.MustCompile(`^(?:[【\[(（]?\s*(?:责任编辑|責任編輯|责编|編輯|编辑|校对|审核|审校|监制|值班编辑)\s*[:：|｜].{0,40}|` +
	`分享到.*|分享[:：].*|.{0,6}扫一扫.*|打印本页.*|【?打印】?|【?关闭窗口】?|关闭窗口.*|返回顶部|【?我要纠错】?.*|\[?纠错\]?|字号[:：].*|` +
	`上一篇.*|下一篇.*|发表评论|我要评论|网友评论|查看评论|点击(?:数|量)?[:：]?\s*\d*|阅读(?:数|量)?[:：]?\s*\d+|` +
	`.*(?:版权所有|Copyright|©|未经.{0,10}(?:授权|许可)|不得转载|转载请注明|ICP备|ICP证).*|` +
	`(?:原标题|原文标题)[:：].*|.{0,10}(?:来源|來源)\s*[:：]\s*\S{1,20})$`)

// cleanBody drops furniture lines, cuts the related-article block and the
// trailing run of teasers.
func cleanBody(lines []line) []string {
	out := make([]string, 0, len(lines))
	for i, ln := range lines {
		t := ln.text
		if i >= len(lines)/3 && isCutMarker(t) {
			break
		}
		// Length first: the pattern backtracks through long paragraphs.
		if utf8.RuneCountInString(t) < 120 && dropLineRE.MatchString(t) {
			continue
		}
		if i < 6 && isMetaLine(t) {
			continue
		}
		out = append(out, t)
	}
	out = trimTeasers(out)
	out = trimDatedList(out)
	out = trimPostFooter(out)
	return out
}

// counterRE is a counter a post's footer prints: 阅读(1234), 评论：9, views 12.
var counterRE = regexp.MustCompile(`(?i)(?:阅读|閱讀|浏览|瀏覽|评论|評論|点击|點擊|回复|views?|comments?)\s*[(（:：]?\s*\d+`)

// trimPostFooter removes the closing line of a post that dates it and
// counts its readers ("posted on 2019-05-20 10:15 小林 阅读(1234) 评论(9)").
func trimPostFooter(lines []string) []string {
	for k := 0; k < 2 && len(lines) > 1; k++ {
		t := lines[len(lines)-1]
		if utf8.RuneCountInString(t) > 80 || !counterRE.MatchString(t) || !metaLineRE.MatchString(t) {
			break
		}
		lines = lines[:len(lines)-1]
	}
	return lines
}

// trimDatedList removes a trailing list of other items, each a short title
// line followed by a line holding only its date.
func trimDatedList(lines []string) []string {
	end := len(lines)
	pairs := 0
	for end >= 2 && isDateOnly(lines[end-1]) {
		prev := lines[end-2]
		if utf8.RuneCountInString(prev) > 60 || strings.HasSuffix(prev, "。") {
			break
		}
		end -= 2
		pairs++
	}
	if pairs >= 2 {
		return lines[:end]
	}
	return lines
}

func isDateOnly(t string) bool {
	if utf8.RuneCountInString(t) > 22 {
		return false
	}
	d, ok := parseFullDate(t)
	if !ok {
		return false
	}
	_ = d
	return len(strings.TrimFunc(metaLineRE.ReplaceAllString(t, ""), func(r rune) bool { return !isHan(r) && !unicode.IsLetter(r) })) == 0
}

func isCutMarker(t string) bool {
	t = strings.Trim(t, " ：:>》【】[]")
	if utf8.RuneCountInString(t) > 12 {
		return false
	}
	for _, m := range cutMarkers {
		if strings.HasPrefix(t, m) {
			return true
		}
	}
	return false
}

var metaLineRE = regexp.MustCompile(`(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}:\d{2}`)

// isMetaLine reports a short line of date, source and author credits, as
// printed between a headline and its text.
func isMetaLine(t string) bool {
	if utf8.RuneCountInString(t) > 90 || strings.ContainsAny(t, "。！？") {
		return false
	}
	hasDate := metaLineRE.MatchString(t)
	labels := len(findLabels(t))
	if hasDate && (labels > 0 || utf8.RuneCountInString(metaLineRE.ReplaceAllString(t, "")) < 12) {
		return true
	}
	return labels >= 2 && !strings.ContainsAny(t, "，")
}

// isTeaser reports a line that stops mid-sentence with an ellipsis: a
// summary of another article.
func isTeaser(t string) bool {
	return strings.HasSuffix(t, "......") || strings.HasSuffix(t, "……") || strings.HasSuffix(t, "...") || strings.HasSuffix(t, "…")
}

// trimTeasers removes a trailing run of teasers (two or more lines).
func trimTeasers(lines []string) []string {
	end := len(lines)
	for end > 0 && isTeaser(lines[end-1]) {
		end--
	}
	if len(lines)-end >= 2 || (len(lines)-end == 1 && end > 0 && strings.HasSuffix(lines[len(lines)-1], "......")) {
		return lines[:end]
	}
	return lines
}
