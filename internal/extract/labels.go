package extract

import (
	"strings"
	"unicode/utf8"
)

// creditLabels are the labels a credit line starts with, in the order the
// first one wins where several match at one place (责任编辑 before 编辑).
var creditLabels = []string{
	"责任编辑", "責任編輯", "出自", "来源于", "來源於", "责编", "責編", "图片编辑", "圖片編輯", "美术编辑", "视频编辑",
	"文字编辑", "文字", "本文来源", "文章来源", "新闻来源", "信息来源", "消息来源", "來源", "来源", "稿源", "出处", "出處",
	"作者", "撰文", "撰稿", "执笔人", "执笔", "執筆", "采写", "採寫", "记者", "記者", "通讯员", "通訊員",
	"实习生", "文/图", "文／图", "文/圖", "图文", "圖文", "转载自", "轉載自", "本文转自", "转自", "轉自", "Author", "Source", "編輯", "编辑", "校对", "校對", "摄影", "攝影", "图片", "发布时间", "发布日期", "發布時間",
	"时间", "時間", "日期", "浏览", "点击", "阅读", "字号", "文",
}

// labelsByFirstRune indexes creditLabels by their first character, keeping
// their order.
var labelsByFirstRune = func() map[rune][]string {
	m := map[rune][]string{}
	for _, l := range creditLabels {
		r, _ := utf8.DecodeRuneInString(l)
		m[r] = append(m[r], l)
	}
	return m
}()

// creditSeparators may follow a label.
const creditSeparators = ":：|｜/丨"

// findLabels returns every credit label in ln with its separator, as
// regexp's FindAllStringSubmatchIndex would for
// `(label|…)\s*([:：|｜/丨]?)\s*`: [start, end, labelStart, labelEnd,
// sepStart, sepEnd] per match, left to right, not overlapping. It is the
// hot loop of byline reading; a regexp with fifty alternatives cost a sixth
// of a whole crawl's CPU.
func findLabels(ln string) [][]int {
	var out [][]int
	for i := 0; i < len(ln); {
		r, size := utf8.DecodeRuneInString(ln[i:])
		label := ""
		for _, l := range labelsByFirstRune[r] {
			if strings.HasPrefix(ln[i:], l) {
				label = l
				break
			}
		}
		if label == "" {
			i += size
			continue
		}
		end := skipASCIISpace(ln, i+len(label))
		sepStart, sepEnd := end, end
		if r, n := utf8.DecodeRuneInString(ln[end:]); n > 0 && r != utf8.RuneError && strings.ContainsRune(creditSeparators, r) {
			sepEnd = end + n
			end = skipASCIISpace(ln, sepEnd)
		}
		out = append(out, []int{i, end, i, i + len(label), sepStart, sepEnd})
		i = end
	}
	return out
}

// skipASCIISpace skips what regexp's \s matches: ASCII white space.
func skipASCIISpace(s string, i int) int {
	for i < len(s) {
		switch s[i] {
		case ' ', '\t', '\n', '\f', '\r':
			i++
		default:
			return i
		}
	}
	return i
}
