package extract

import (
	"reflect"
	"regexp"
	"testing"
)

// TestTextCredit reads writer credits printed inside the text, in the forms
// the issue lists, and refuses names without a printed boundary.
func TestTextCredit(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"记者 王晓 北京报道导读此次再次出手明确"}, "王晓"},
		{[]string{"文 | 章斐然11月7日，浙江乌镇将再次拉开"}, "章斐然"},
		{[]string{"作者：刘诗敏、实习生陈月盈据大洋网讯 “一辆、两辆……”"}, "刘诗敏"},
		{[]string{"第一段。", "多事情太伤心了，故事而已。新京报记者陶若谷 党元悦 实习生纪思琪 编辑陈"}, "陶若谷 党元悦"},
		{[]string{"再次恭喜新郎新娘！（新娱/文）"}, "新娱"},
		{[]string{"[文/观察者网 徐蕾]近日，经济不景气的意大利"}, "徐蕾"},
		{[]string{"记者王伟深圳报道  佳兆业投资足球三年"}, "王伟"},
		{[]string{"广州日报讯（全媒体记者周洁莹通讯员张灿城）某项大学生睡眠调查"}, "周洁莹"},
		{[]string{"作者：Jeff Tucker80后、90后究竟"}, "Jeff Tucker"},
		{[]string{"本报记者 阮飞霞 通讯员 吴梦 照片由学校提供"}, "阮飞霞"},
		{[]string{"通讯员 吴梦 报道"}, "吴梦"},
		{[]string{"■本报记者 贾 丽", "日前，有消息称"}, "贾丽"},
		{[]string{"原标题 宝宝树急推电商 月活用户降近半见习记者 刘 勇 日前，据媒体报道"}, "刘勇"}, // an intern or correspondent only when nobody else is credited
		// No boundary, a photo credit, a sentence, a dateline: no writer.
		{[]string{"记者于北京时间11月4日专访刘婷婷"}, ""},
		{[]string{"新华社记者邹予摄"}, ""},
		{[]string{"作者：张艺在白电行业深耕多年"}, ""},
		{[]string{"他告诉记者，这件事已经解决。"}, ""},
		{[]string{"本报记者 赵健大连一方客场1：3不敌天津泰达"}, ""},
		{[]string{"责任编辑：刘响"}, ""},
		{[]string{"南都记者向江门警方了解到，在公安部"}, ""},
		{[]string{"采写：南都记者 余毅菁 向雪妮"}, "余毅菁 向雪妮"},
		{[]string{"本报实习生 刘国栋 周炜", "本报记者 王燕平 方云凤 柏建斌"}, "刘国栋 周炜 王燕平 方云凤 柏建斌"},
		{[]string{"本报实习生 刘国栋", "第二段。", "本报记者 王燕平"}, "王燕平"},
	} {
		if got := textCredit(c.lines); got != c.want {
			t.Errorf("textCredit(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}

// textLabels scans for what this pattern finds.
var textCreditLabel = regexp.MustCompile(`原作者|作者|撰文|撰稿|采写|採寫|执笔|執筆|记者|記者|实习生|實習生|通讯员|通訊員|文[ \x{3000}\x{a0}\t]*[/／|｜丨:：]`)

func TestTextLabelsMatchPattern(t *testing.T) {
	for _, ln := range []string{
		"作者：刘诗敏、实习生陈月盈据大洋网讯", "文 | 章斐然11月7日", "语文/数学", "原作者：Monique Tello", "全文：", "文　/ 李四",
		"（本报记者 王晓 通讯员 张三）", "實習生 林一 通訊員 陳二", "文", "文章来源：足球报", "执笔人：赵六", "",
	} {
		var want [][]int
		for _, m := range textCreditLabel.FindAllStringIndex(ln, -1) {
			want = append(want, m)
		}
		if got := textLabels(ln); !reflect.DeepEqual(got, want) {
			t.Errorf("textLabels(%q) = %v, want %v", ln, got, want)
		}
	}
}

// TestTextOrigin reads a 来源 printed in the text at a boundary, and not a
// photo's, a data set's or a sentence's.
func TestTextOrigin(t *testing.T) {
	for _, c := range []struct {
		lines []string
		want  string
	}{
		{[]string{"第一段。", "面影响往往被人忽略。（来源：时尚头条网）作者 | Sherry Wang"}, "时尚头条网"},
		{[]string{"钛媒体注：本文来源于IT时报，作者：李蕴坤，钛媒体经授权转载。"}, "IT时报"},
		{[]string{"上港众将赛后庆祝", "稿件来源：足球报"}, "足球报"},
		{[]string{"数据来源：国家统计局"}, ""},
		{[]string{"据消息来源称，双方已经达成协议。"}, ""},
		{[]string{"正文没有来源。"}, ""},
	} {
		if got := textOrigin(c.lines); got != c.want {
			t.Errorf("textOrigin(%q) = %q, want %q", c.lines, got, c.want)
		}
	}
}
