package extract

import (
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// creditPage is an article page in the common shape of Chinese news and
// government sites: a headline, an info bar under it, the text, lines
// after the text and a sidebar. The forms below are written from how the
// outlets print their credits, not copied from any page of the eval set.
type creditPage struct {
	name           string
	head           string   // extra tags in <head>
	above          string   // HTML just above the headline
	info           string   // HTML of the info bar under the headline
	first, last    []string // paragraphs opening and closing the text
	after          string   // HTML after the text (editor box, sidebar)
	author, editor string
	origin         string
}

func (c creditPage) html() string {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>稀土出口管理办法调整_示范网</title>` + c.head + `</head><body>
<div class="nav"><a href="/">首页</a> <a href="/gn/">国内</a> <a href="/gj/">国际</a> <a href="/cj/">财经</a></div>
<div class="main">` + c.above + `<h1>稀土出口管理办法调整</h1>
<div class="info">` + c.info + `</div>
<div class="content">`)
	for _, p := range c.first {
		b.WriteString("<p>" + p + "</p>\n")
	}
	for _, p := range []string{
		"商务部和海关总署联合发布公告，对部分稀土相关物项实施出口管制，自发布之日起正式实施，相关企业需依法申请许可。",
		"公告明确，出口经营者应当向商务部提出申请，并提交最终用户和最终用途证明文件，审查期限为四十五个工作日。",
		"业内人士认为，此举有利于规范稀土行业秩序，保障国家安全和利益，对国际市场的影响总体可控，企业已在评估。",
		"据了解，我国是全球最大的稀土生产国和出口国，近年来持续加强对稀土全产业链的管理，完善相关法律法规体系。",
		"多家上市公司表示，将严格遵守出口管制规定，目前生产经营正常，订单情况良好，后续将及时履行信息披露义务。",
		"专家指出，出口管制是国际通行做法，不针对任何特定国家和地区，符合规定的出口申请将予以许可，贸易可以继续。",
	} {
		b.WriteString("<p>" + p + "</p>\n")
	}
	for _, p := range c.last {
		b.WriteString("<p>" + p + "</p>\n")
	}
	b.WriteString(`</div>` + c.after + `</div>
<div class="footer">关于我们 | 联系我们 | 版权声明 Copyright © 2023 示范网 All Rights Reserved</div></body></html>`)
	return b.String()
}

// TestCreditForms reads writer, editor and 来源 from whole pages: the label
// says which credit it is and the position (info bar, first lines, closing
// lines) where to look; the writer wins over the editor only when the page
// names a writer; photographers, image sources and the sidebar name nobody.
func TestCreditForms(t *testing.T) {
	const date = "2023-09-26 10:30"
	for _, c := range []creditPage{
		{name: "xinhua dispatch", info: date + "　来源：新华社",
			first:  []string{"新华社北京9月26日电（记者张辛欣 王悦阳）记者26日从工业和信息化部获悉，稀土管理将进一步加强。"},
			last:   []string{"【责任编辑:王卓伦】"},
			author: "张辛欣 王悦阳", editor: "王卓伦", origin: "新华社"},
		{name: "people's daily reprint", info: "2023年09月26日08:21 | 来源：人民网－人民日报",
			first: []string{"本报记者 李心萍"}, last: []string{"《 人民日报 》（ 2023年09月26日 02 版）", "(责编：罗知之、王喆)"},
			author: "李心萍", editor: "罗知之、王喆", origin: "人民网－人民日报"},
		{name: "beijing news closing line", info: date,
			first:  []string{"新京报讯（记者吴采倩）9月26日，商务部发布公告。"},
			last:   []string{"新京报记者 吴采倩 编辑 刘倩 校对 李立军"},
			author: "吴采倩", editor: "刘倩"},
		{name: "thepaper info bar", info: "澎湃新闻记者 王万春 " + date + " 来源：澎湃新闻",
			last:   []string{"责任编辑：汤琪 图片编辑：陈飞燕", "校对：张亮亮"},
			author: "王万春", editor: "汤琪", origin: "澎湃新闻"},
		{name: "caixin wen bar", info: "文｜财新 王力为 " + date,
			last:   []string{"责任编辑：郑异 | 版面编辑：秦瑞杰"},
			author: "王力为", editor: "郑异"},
		{name: "cctv editor only", info: "来源：央视新闻客户端 " + date,
			last:   []string{"编辑：王洁 责任编辑：刘亮"},
			author: "", editor: "刘亮", origin: "央视新闻客户端"},
		{name: "gov.cn reprint", info: date + " 来源： 新华社 【字体：大 中 小】 打印",
			first:  []string{"新华社北京9月26日电 记者从国家发展改革委获悉，稀土管理将进一步加强。"},
			origin: "新华社"},
		{name: "ministry department source", info: "文章来源：对外贸易司 " + date + " 浏览次数：2178",
			origin: "对外贸易司"},
		{name: "taiwan cna", info: "2023/09/26 10:30（最新更新：2023/09/26 11:02）",
			first:  []string{"（中央社記者林彥廷台北26日電）經濟部今天表示，稀土出口管制影響有限。"},
			last:   []string{"編輯：陳俊華 1120926"},
			author: "林彥廷", editor: "陳俊華", origin: "中央社"},
		{name: "taiwan liberty times", info: date,
			first:  []string{"〔記者王姿琳／台北報導〕經濟部今天表示，稀土出口管制影響有限。"},
			author: "王姿琳"},
		{name: "taiwan udn", info: "2023-09-26 10:30 聯合報／ 記者林河名／台北即時報導",
			author: "林河名"},
		{name: "hong kong writer and editor", info: date,
			last:   []string{"撰文：李文謙", "責任編輯：陳明輝"},
			author: "李文謙", editor: "陳明輝"},
		{name: "zaobao reporter", info: date,
			first:  []string{"早报记者 沈越 北京报道"},
			author: "沈越", origin: "早报"},
		{name: "portal last line source", info: date,
			last:   []string{"本文来源：第一财经", "责任编辑：杨明"},
			editor: "杨明", origin: "第一财经"},
		{name: "portal bracketed source", info: date + " 来源: 经济日报",
			last:   []string{"（来源：经济日报）"},
			origin: "经济日报"},
		{name: "author in a table", info: `<table><tr><td>作者：</td><td>王立新</td><td>来源：</td><td>科技日报</td><td>发布时间：` + date + `</td></tr></table>`,
			author: "王立新", origin: "科技日报"},
		{name: "writer in bar, editor in bar", info: "作者：王五 " + date + " 责任编辑：赵六",
			author: "王五", editor: "赵六"},
		{name: "writer closing, editor in bar", info: date + " 责任编辑：赵六",
			last:   []string{"（记者 周小川）"},
			author: "周小川", editor: "赵六"},
		{name: "reporter and correspondent", info: date,
			first:  []string{"本报讯（记者 刘洋 通讯员 王建军）"},
			author: "刘洋"},
		{name: "correspondent only", info: date,
			first:  []string{"本报讯（通讯员 王建军）"},
			author: "王建军"},
		{name: "words and pictures", info: date,
			first:  []string{"文/图 李晓明"},
			author: "李晓明"},
		{name: "special correspondent reporting verb", info: date,
			first:  []string{"特约记者革晨报道  鲁能队缺兵少将，客场作战。"},
			author: "革晨"},
		{name: "signed essay", info: date,
			first:  []string{"撰文：楼婍沁"},
			author: "楼婍沁"},
		{name: "spaced reporter rare surname", info: date,
			first:  []string{"记者 昝秀丽 继去年之后，多家公司再次调整出口计划。"},
			author: "昝秀丽"},
		{name: "english byline", info: "By Zhang Wei " + date,
			author: "Zhang Wei"},
		{name: "reprinted from", info: date + " 转载自：中国新闻网",
			origin: "中国新闻网"},
		{name: "manuscript source", info: date + " 稿源：经济参考报",
			origin: "经济参考报"},
		{name: "meta author", head: `<meta name="author" content="陈志远">`, info: date,
			author: "陈志远"},
		{name: "meta author names the site", head: `<meta name="author" content="示范网">`, info: date},
		{name: "json-ld author", head: `<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"林嘉怡"},"publisher":{"@type":"Organization","name":"示范网"}}</script>`,
			info: date, author: "林嘉怡"},
		{name: "byline beats meta", head: `<meta name="author" content="编辑部">`, info: "作者：高原 " + date,
			author: "高原"},
		{name: "bar with pipes and spaced labels", info: date + " | 作者 王海涛 | 来源 中国证券报",
			author: "王海涛", origin: "中国证券报"},
		{name: "source with middle dot", info: date + "　来源：中国证券报·中证网",
			origin: "中国证券报·中证网"},
		{name: "author with 丨", info: "作者丨孙文杰 " + date,
			author: "孙文杰"},
		{name: "writer and editor with slashes", info: date,
			first:  []string{"撰文 / 何雨桐  编辑 / 宋佳"},
			author: "何雨桐", editor: "宋佳"},
		{name: "reporter slash", info: date,
			first:  []string{"记者/邓浩"},
			author: "邓浩"},
		{name: "square mark reporter", info: date,
			first:  []string{"■本报记者 潘翠萍"},
			author: "潘翠萍"},
		{name: "reporters and intern reporting", info: date,
			first:  []string{"本报记者 蒋丽华 实习生 高宁 报道"},
			author: "蒋丽华"},
		{name: "agency reporters in bar", info: date + " 新华社记者 刘开雄 吴雨",
			author: "刘开雄 吴雨"},
		{name: "editor in bar, reporter in text", info: date + " 编辑：任冠英",
			first:  []string{"本报讯（记者 钱程）"},
			author: "钱程", editor: "任冠英"},
		{name: "anonymous author", info: "作者：佚名 " + date + " 来源：网络", origin: "网络"},
		{name: "bracketed author", info: "【作者：冯思远】【来源：法治日报】" + date,
			author: "冯思远", origin: "法治日报"},
		{name: "english author and source", info: "Author: Li Ming | Source: Xinhua | " + date,
			author: "Li Ming", origin: "Xinhua"},
		{name: "taiwan reporter slash city", info: date,
			first:  []string{"記者陳大文／台北報導"},
			author: "陳大文"},
		{name: "traditional origin labels", info: date + " 出處：聯合新聞網",
			origin: "聯合新聞網"},
		{name: "traditional source of", info: "本文來源於：香港電台 " + date,
			origin: "香港電台"},
		{name: "taiwan source", info: date + " 來源：中央社 撰稿：李小華",
			author: "李小華", origin: "中央社"},
		{name: "source printed after the text", info: date,
			after:  `<div class="source">文章来源：中国青年报</div><div class="editor">责任编辑：高原</div>`,
			editor: "高原", origin: "中国青年报"},
		{name: "reprinted in the last line", info: date,
			last:   []string{"本文转自：人民日报海外版"},
			origin: "人民日报海外版"},
		{name: "meta article author", head: `<meta property="article:author" content="黄思琪">`, info: date,
			author: "黄思琪"},
		{name: "itemprop author", info: date + ` <span itemprop="author">郭嘉宁</span>`,
			author: "郭嘉宁"},
		{name: "rel author", info: date + ` <a rel="author" href="/u/17">唐文博</a>`,
			author: "唐文博"},
		{name: "agency site editor box", info: date + " 来源： 新华网",
			after:  `<div class="editor">【纠错】 责任编辑： 王萌 </div>`,
			editor: "王萌", origin: "新华网"},
		{name: "portal editor with staff code", info: date + "　来源: 北京日报",
			last:   []string{"责任编辑：王晓武_NBJ11400"},
			editor: "王晓武", origin: "北京日报"},
		{name: "portal editor in square brackets", info: "2023年09月26日 07:00:29 来源：新京报",
			last:   []string{"[责任编辑：陈婷婷 PN061]"},
			editor: "陈婷婷", origin: "新京报"},
		{name: "portal outlet after date, reporter in lede", info: "2023年09月26日 06:50 新京报",
			first:  []string{"新京报讯（记者 张璐）9月26日，商务部发布公告。"},
			last:   []string{"责任编辑：张迪"},
			author: "张璐", editor: "张迪", origin: "新京报"},
		{name: "account article original", info: `<span>原创</span> <span>马骁</span> <a href="/profile">科技观察</a> <em>` + date + `</em>`,
			author: "马骁"},
		{name: "writer and photographer", info: date,
			first:  []string{"文字：黄一鸣 摄影：蔡立"},
			author: "黄一鸣"},
		{name: "reporter photo report", info: date,
			first:  []string{"本报记者 宋宇晟 摄影报道"},
			author: "宋宇晟"},
		{name: "linked author in bar", info: `作者：<a href="/author/12.html">刘一鸣</a> ` + date + ` 来源：<a href="http://www.xinhuanet.com/">新华网</a>`,
			author: "刘一鸣", origin: "新华网"},
		{name: "linked source after the text", info: date,
			after:  `<div class="from">来源：<a href="http://paper.people.com.cn/">人民日报</a></div><div>作者：<a href="/u/3">温源</a></div>`,
			author: "温源", origin: "人民日报"},
		{name: "source in the first line", info: date,
			first:  []string{"【来源：中国商务新闻网】"},
			origin: "中国商务新闻网"},
		{name: "content source label", info: date,
			last:   []string{"内容来源：国家统计局"},
			origin: "国家统计局"},
		{name: "source in a table after the text", info: date,
			after:  `<table><tr><td>来源：</td><td>市商务局</td><td>发布人：</td><td>办公室</td></tr></table>`,
			origin: "市商务局"},
		{name: "byline above the headline", above: `<div class="kicker">作者：程子龙</div>`, info: date,
			author: "程子龙"},
		{name: "credit after a share bar", info: date,
			after:  `<div class="share">分享到：<a href="#">微信</a> <a href="#">微博</a> <a href="#">QQ空间</a></div><div>【打印】【关闭】</div><div>（作者：韩立平，系中国社会科学院研究员）</div>`,
			author: "韩立平"},
		{name: "author with affiliation", info: date,
			last:   []string{"（作者：钟山，系对外经济贸易大学教授）"},
			author: "钟山"},
		{name: "author described, not named", info: date,
			last: []string{"（作者系中国人民大学国际关系学院教授）"}},
		{name: "source above the headline", above: `<div class="src">来源：中国日报网</div>`, info: date,
			origin: "中国日报网"},
		{name: "source mid-text", info: date,
			first:  []string{"导语：稀土出口管理办法调整。", "（稿件来源：国际商报）"},
			origin: "国际商报"},
		{name: "dispatch in the bar", info: "中国青年报客户端记者 李华 发自北京 " + date,
			author: "李华"},
		{name: "pipe writer and editor in the bar", info: "撰文｜王思远　编辑｜李丹 " + date,
			author: "王思远", editor: "李丹"},
		{name: "source then two authors", info: "来源：中国青年报 作者：张文 李想 " + date,
			author: "张文 李想", origin: "中国青年报"},
		{name: "reporter city report in the bar", info: "本报记者 董思敏 北京报道 " + date,
			author: "董思敏"},
		{name: "slash signature in the bar", info: "马原/文 " + date,
			author: "马原"},
		// Negative: nobody wrote it, or the credit is someone else's.
		{name: "photographer only", info: date,
			first: []string{"新华社记者 李贺 摄"}},
		{name: "labelled photographer", info: date,
			first: []string{"摄影：新华社记者 李贺"}},
		{name: "photographer with caption", info: date,
			last: []string{"图为工人在生产线上作业。新华社记者邹予摄"}},
		{name: "editor only", info: date,
			last:   []string{"责任编辑：张三丰"},
			editor: "张三丰"},
		{name: "reporter at a time", info: date,
			first: []string{"记者于北京时间9月26日专访了相关负责人。"}},
		{name: "name runs into text", info: date,
			first: []string{"本报记者 赵健大连一方客场1：3不敌天津泰达。"}},
		{name: "image source", info: date,
			last: []string{"图片来源：视觉中国"}},
		{name: "video credit", info: date,
			last: []string{"视频：央视新闻 剪辑：王磊"}},
		{name: "reviewer and proofreader", info: date,
			last: []string{"审核：陈刚 校对：刘敏"}},
		{name: "sidebar author", info: date,
			after: `<div class="side"><h3>热门文章</h3><ul><li><a href="/a/1.html">作者：李四 稀土价格连涨三周</a></li><li><a href="/a/2.html">记者 王二 出口数据发布</a></li></ul></div>`},
		{name: "reporter learned", info: date,
			first: []string{"记者从国家发展改革委获悉，稀土管理将进一步加强。", "记者日前从商务部了解到，相关细则正在制定。"}},
		{name: "reporter observed", info: date,
			first: []string{"据记者观察，多家企业已经开始调整。"}},
		{name: "photo credit in traditional", info: date,
			first: []string{"圖／記者林悅攝"}},
		{name: "image from an agency", info: date,
			first: []string{"图/视觉中国"}},
		{name: "told the reporter", info: date,
			first: []string{"相关负责人告诉记者，审查期限为四十五个工作日。"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			a, err := New().Extract(zhwatch.Page{URL: "http://www.example.cn/2023/09/26/a1.html", Body: []byte(c.html())})
			if err != nil {
				t.Fatal(err)
			}
			if a.Author != c.author || a.Editor != c.editor || a.Origin != c.origin {
				t.Errorf("author %q, editor %q, origin %q; want %q, %q, %q", a.Author, a.Editor, a.Origin, c.author, c.editor, c.origin)
			}
			if !strings.Contains(a.Body, "商务部和海关总署联合发布公告") {
				t.Errorf("body lost the text: %q", a.Body)
			}
		})
	}
}

// TestDateForms reads the publication date of whole pages: the labelled
// publication date over an update or a crawl date, the date printed with
// the article over a "today is" banner or the comments' dates, the URL
// when the page prints none.
func TestDateForms(t *testing.T) {
	for _, c := range []struct {
		name, url, nav string
		page           creditPage
		want           string
	}{
		{name: "labelled", page: creditPage{info: "发布时间：2023-09-26 10:30"}, want: "2023-09-26T10:30:00+08:00"},
		{name: "updated first", page: creditPage{info: "更新时间：2023-09-27 08:00　发布时间：2023-09-26 10:30"}, want: "2023-09-26T10:30:00+08:00"},
		{name: "last updated bracket", page: creditPage{info: "2023/09/26 10:30（最新更新：2023/09/27 11:02）"}, want: "2023-09-26T10:30:00+08:00"},
		{name: "traditional labels", page: creditPage{info: "更新時間：2023年09月28日 09:12 發布時間：2023年09月26日 10:30"}, want: "2023-09-26T10:30:00+08:00"},
		{name: "ROC year", page: creditPage{info: "發布日期：民國112年9月26日"}, want: "2023-09-26"},
		{name: "today banner", nav: "今天是2023年9月28日 星期四", page: creditPage{info: "发布日期：2023-09-26"}, want: "2023-09-26"},
		{name: "date in the URL only", url: "http://www.example.cn/2023/0926/c1004-40084721.html", page: creditPage{info: "来源：人民网"}, want: "2023-09-26"},
		{name: "compact URL date", url: "http://www.example.cn/news/20230926/a1.shtml", page: creditPage{info: "来源：人民网"}, want: "2023-09-26"},
		{name: "comment dates after the text", url: "http://www.example.cn/a1.html",
			page: creditPage{above: `<div class="crumb">2023-09-26 10:30</div>`,
				after: `<div class="comments"><h3>网友评论</h3><div>老王 发表于 2023-10-01 12:00</div><p>说得好</p><div>小李 发表于 2023-10-02 08:00</div><p>支持</p></div>`},
			want: "2023-09-26T10:30:00+08:00"},
		{name: "comments under a post-a-comment heading", url: "http://www.example.cn/a1.html",
			page: creditPage{above: `<div class="crumb">2023-09-26 10:30</div>`,
				after: `<div><h3>发表评论</h3><div>老王 发表于 2023-10-01 12:00</div><p>说得好</p></div>`},
			want: "2023-09-26T10:30:00+08:00"},
		{name: "footer date before the comments", url: "http://www.example.cn/a1.html",
			page: creditPage{after: `<div>发布时间：2023-09-26 10:30</div><div><h3>网友评论</h3><div>老王 发表于 2023-10-01 12:00</div></div>`},
			want: "2023-09-26T10:30:00+08:00"},
		{name: "collected date", page: creditPage{info: "采集时间：2023-09-28 09:00 原文发布时间：2023-09-26 10:30"}, want: "2023-09-26T10:30:00+08:00"},
		{name: "publication date under the text", url: "http://www.example.cn/a1.html",
			page: creditPage{last: []string{"发布日期：2023-09-26"}}, want: "2023-09-26"},
	} {
		t.Run(c.name, func(t *testing.T) {
			u := c.url
			if u == "" {
				u = "http://www.example.cn/news/a1.html"
			}
			h := c.page.html()
			if c.nav != "" {
				h = strings.Replace(h, `<div class="nav">`, `<div class="top">`+c.nav+`</div><div class="nav">`, 1)
			}
			a, err := New().Extract(zhwatch.Page{URL: u, Body: []byte(h)})
			if err != nil {
				t.Fatal(err)
			}
			if a.PublishedAt != c.want {
				t.Errorf("PublishedAt %q, want %q", a.PublishedAt, c.want)
			}
		})
	}
}
