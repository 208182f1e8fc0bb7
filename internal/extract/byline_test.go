package extract

import "testing"

func TestReadByline(t *testing.T) {
	tests := []struct {
		lines                  []string
		author, origin, editor string
	}{
		{[]string{"2023年8月26日 10:30　来源：新华社　作者：王建国"}, "王建国", "新华社", ""},
		{[]string{"新华网黑龙江频道 记者 伊琳 李清芬"}, "伊琳 李清芬", "", ""},
		{[]string{"新华社巴黎12月9日电（记者唐霁）法国9日再次爆发全国跨行业大罢工"}, "唐霁", "", ""},
		{[]string{"（中央社記者林彥廷舊金山21日專電）美國商務部近日核發許可"}, "林彥廷", "", ""},
		{[]string{"记者获悉，本月伴随苹果新机发售的A13预计还将采用台积电工艺。"}, "", "", ""},
		{[]string{"采写：南都记者 余毅菁 向雪妮", "作者：余毅菁 向雪妮返回搜狐"}, "余毅菁 向雪妮", "", ""},
		{[]string{"顶端新闻·河南商报记者马俊峰/文受访者供图"}, "马俊峰", "", ""},
		{[]string{"来源：巴彦淖尔日报 编辑：苏亮"}, "", "巴彦淖尔日报", "苏亮"},
		{[]string{"本文来源：新华社 责任编辑：李曦_NN2587"}, "", "新华社", "李曦"},
		{[]string{"（责编：汤诗瑶、丁涛）"}, "", "", "汤诗瑶、丁涛"},
		{[]string{"【编辑:宋华】"}, "", "", "宋华"},
		{[]string{"（文/新京报 吴奇函）"}, "吴奇函", "", ""},
		{[]string{"（本文首发钛媒体，作者/刘炜心，编辑/曹天鹏）"}, "刘炜心", "", "曹天鹏"},
		{[]string{"他们谈过各种话题，但已经很久没人在意这个词了。作者 / 胡宁 原标题：“应试教育失败产物”的成功学，值得一读，也值得反复思考其中的道理和逻辑。"}, "胡宁", "", ""},
		{[]string{"记者：现在他有书面家庭作业吗？老师布置家庭作业吗？北京海淀区某小学一年级学生的奶奶：有时候有。记者：要自己写吗？"}, "", "", ""},
		{[]string{"责任编辑:", "刘响"}, "", "", "刘响"},
		{[]string{"作者最新文章"}, "", "", ""},
		{[]string{"02日14:25 作者： 赵婕 出自文化网"}, "赵婕", "文化网", ""},
		{[]string{"▲死者係自殺（圖／記者林悅翻攝）"}, "林悅", "", ""},
		{[]string{"发表于2014-08-24 21:30| 1164次阅读|来源CSDN| 0 条评论|作者魏星"}, "魏星", "CSDN", ""},
		{[]string{"来源于：东区办事处"}, "", "东区办事处", ""},
		{[]string{"本报实习生 刘国栋 周炜", "本报记者 王燕平 方云凤"}, "刘国栋 周炜 王燕平 方云凤", "", ""},
		{[]string{"来源于此次调研的结论显示，市场仍在扩大。"}, "", "", ""},
		{[]string{"新京报记者 吴采倩 编辑 刘倩 校对 李立军"}, "吴采倩", "", "刘倩"},
		{[]string{"文｜财新 王力为 2023年09月26日"}, "王力为", "", ""},
		{[]string{"文/图 李晓明"}, "李晓明", "", ""},
		{[]string{"特约记者革晨报道  鲁能队缺兵少将"}, "革晨", "", ""},
		{[]string{"2023-09-26 转载自：中国新闻网"}, "", "中国新闻网", ""},
		{[]string{"图为工人在生产线上作业。新华社记者邹予摄4/7新华社照片"}, "", "", ""},
		{[]string{"记者于北京时间9月26日专访了相关负责人。"}, "", "", ""},
		{[]string{"记者：好吧，我是在逗你。"}, "", "", ""},
		{[]string{"美国田纳西河谷管理局（The Tennessee Valley Authority）为美国东南部7个州近1000万人供电。"}, "", "", ""},
		{[]string{"新华社北京11月5日电题：资本市场迎来重大改革 设立科创板有何深意？新华社记者刘玉龙、许晟科创板成为5日资本市场最为关注的焦点。"}, "", "", ""},
		{[]string{"南都讯 记者丰臻"}, "丰臻", "", ""},
		{[]string{"可惜的是，北京时间今日凌晨，NBA著名记者沃神报道，骑士队刚刚将特里斯坦·汤普森摆上货架，正式开始聆听报价。"}, "", "", ""},
	}
	for _, tt := range tests {
		b := readByline(tt.lines)
		if b.Author != tt.author || b.Origin != tt.origin || b.Editor != tt.editor {
			t.Errorf("readByline(%q) = author %q, origin %q, editor %q; want %q, %q, %q",
				tt.lines, b.Author, b.Origin, b.Editor, tt.author, tt.origin, tt.editor)
		}
	}
}

func TestUnlabelledOrigin(t *testing.T) {
	tests := []struct{ line, want string }{
		{"2019年09月07日 04:04 北京日报", "北京日报"},
		{"2019-09-26 10:56:28 证券时报网", "证券时报网"},
		{"2019-09-26 10:56:28", ""},
		{"2019年09月07日 04:04 北京日报 评论 分享", ""},
	}
	for _, tt := range tests {
		if got := unlabelledOrigin([]string{tt.line}); got != tt.want {
			t.Errorf("unlabelledOrigin(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	if got := dispatchOrigin("（中央社記者邱俊欽桃園19日電）桃園市平鎮區"); got != "中央社" {
		t.Errorf("dispatchOrigin = %q, want 中央社", got)
	}
	if got := dispatchOrigin("新华社北京2月29日电 2月28日，国务院联防联控机制印发"); got != "新华社" {
		t.Errorf("dispatchOrigin = %q, want 新华社", got)
	}
}

func TestWeakCredits(t *testing.T) {
	tests := []struct {
		header []string
		want   string
	}{
		{[]string{"〓 网易娱乐 明星话题 发布时间 2005/03/15 22:36:13 by duscha 〓"}, "duscha"},
		{[]string{"由海姑娘张贴 @ 2005-06-13 15:00:14 (697)"}, "海姑娘"},
		{[]string{"原创 GameForce 2019-09-04 22:18:34"}, "GameForce"},
		{[]string{"华夏人文 2020-03-09 18:14:21"}, "华夏人文"},
		{[]string{"来源：新华社 2020-03-09"}, ""},
		{[]string{"BUSINESS.SOHU.COM 2004年7月16日08:19 [ 黄宇 ] 来源：[ 人民网 ]"}, "黄宇"},
		{[]string{"月下独行 发表于：2008-10-21 23:40"}, "月下独行"},
		{[]string{"楼主 发表于 2009-4-10 10:00"}, ""},
		{[]string{"5# 发表于 2009-4-10 10:25"}, ""},
		{[]string{"posted @ 2006-03-01 21:15 小林 阅读(312)"}, "小林"},
		{[]string{"同人连载 2022-02-14 03:01", "白夜行者", "粉丝：23文章：11", "关注"}, "白夜行者"},
		{[]string{"科技频道 2022-02-14 03:01", "关注我们", "关注"}, "科技频道"},
		{[]string{"山野闲话", "发布时间：01-14 17:58"}, "山野闲话"},
		{[]string{"财经频道", "2020-01-14 17:58"}, ""},
		{[]string{"2020-01-14 17:58", "来源：新华社"}, ""},
	}
	for _, tt := range tests {
		var b byline
		b.weakCredits(tt.header, tt.header)
		if b.Author != tt.want {
			t.Errorf("weakCredits(%q) = %q, want %q", tt.header, b.Author, tt.want)
		}
	}
	for ln, want := range map[string]string{"赵延东、王笑天": "赵延东、王笑天", "胡平": "胡平", "路是人走出来的": "", "编者按": ""} {
		if got := nameLine(ln); got != want {
			t.Errorf("nameLine(%q) = %q, want %q", ln, got, want)
		}
	}
}

func TestTrimDatedList(t *testing.T) {
	in := []string{"正文第一段。", "正文第二段。", "观察员", "美企撤离中国？大参考", "2019-09-08", "越南拒用中国5G大参考", "2019-09-08"}
	got := trimDatedList(in)
	if len(got) != 3 {
		t.Errorf("trimDatedList kept %q", got)
	}
	one := []string{"正文。", "另一篇", "2019-09-08"}
	if got := trimDatedList(one); len(got) != 3 {
		t.Errorf("a single dated line was cut: %q", got)
	}
}

func TestWenInsideAWordIsNoCredit(t *testing.T) {
	var b byline
	b.scanLine("欧文：把球给我，我要打10个")
	if b.Author != "" {
		t.Errorf("欧文：… read as a credit: author %q", b.Author)
	}
	b = byline{}
	b.scanLine("（文：vhaha）责任编辑：赵琳")
	if b.Author != "vhaha" {
		t.Errorf("（文：vhaha）: author %q, want vhaha", b.Author)
	}
}

// A bare name in brackets closing the text signs the compiling editor; it
// never overrides a labelled editor.
func TestClosingSignature(t *testing.T) {
	for _, c := range []struct{ editor, last, want string }{
		{"", "……走得不辛苦就行。”（苗菲）", "苗菲"},
		{"", "最终的目的是进入美国。（海外网 魏雪巍）", "魏雪巍"},
		{"", "全文完。（查看详情）", ""},
		{"刘亮", "……的决心。（罗森）", "刘亮"},
	} {
		b := byline{Editor: c.editor}
		b.closingSignature(c.last)
		if b.Editor != c.want || b.Author != "" {
			t.Errorf("closingSignature(%q) with editor %q: editor %q, author %q; want editor %q", c.last, c.editor, b.Editor, b.Author, c.want)
		}
	}
}
