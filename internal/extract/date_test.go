package extract

import (
	"errors"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		year int
		want string // "" means an error
	}{
		{"2023-08-26", 0, "2023-08-26"},
		{"2023-08-26 10:30:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-26 10:30", 0, "2023-08-26T10:30:00+08:00"},
		{"2023/8/26 9:05", 0, "2023-08-26T09:05:00+08:00"},
		{"2023.08.26", 0, "2023-08-26"},
		{"2023年8月26日 10:30", 0, "2023-08-26T10:30:00+08:00"},
		{"2023年08月26日10时30分", 0, "2023-08-26T10:30:00+08:00"},
		{"发布时间：2023年8月26日", 0, "2023-08-26"},
		{"２０２３年８月２６日", 0, "2023-08-26"},
		{"2023-08-26T02:30:00Z", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-26T10:30:00+08:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2023-08-25T22:30:00-04:00", 0, "2023-08-26T10:30:00+08:00"},
		{"2025-08-26-17:05:00", 0, "2025-08-26T17:05:00+08:00"},
		{"2023-08-26 00:00:00", 0, "2023-08-26"}, // midnight placeholder
		{"2019年9月7日（星期六）08:15", 0, "2019-09-07T08:15:00+08:00"},
		{"08-26 10:30", 2023, "2023-08-26T10:30:00+08:00"},
		{"8月26日 10:30", 2023, "2023-08-26T10:30:00+08:00"},
		{"8月26日", 2023, "2023-08-26"},
		{"08-26 10:30", 0, ""}, // no year to take
		{"1-10月", 2023, ""},    // a range, not a date
		{"2023-02-30", 0, ""},
		{"2023-13-01", 0, ""},
		{"1693017000", 0, "2023-08-26T10:30:00+08:00"},
		{"no date here", 0, ""},
		{"发布日期： 9/17/2004 5:54:13 AM", 0, "2004-09-17T05:54:13+08:00"},
		{"9/17/2004 5:54:13 PM", 0, "2004-09-17T17:54:13+08:00"},
		{"12/1/2005", 0, "2005-12-01"},
		{"17/9/2004", 0, "2004-09-17"},
		{"1/2/3/2004", 0, ""}, // a path, not a date
		{"", 0, ""},
	}
	for _, tt := range tests {
		got, err := parseDate(tt.in, tt.year)
		if tt.want == "" {
			if err == nil {
				t.Errorf("parseDate(%q, %d) = %q, want error", tt.in, tt.year, got)
			} else if !errors.Is(err, errNoDate) {
				t.Errorf("parseDate(%q) error %v does not wrap errNoDate", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("parseDate(%q, %d): %v", tt.in, tt.year, err)
			continue
		}
		if got.String() != tt.want {
			t.Errorf("parseDate(%q, %d) = %q, want %q", tt.in, tt.year, got, tt.want)
		}
	}
}

func TestURLDate(t *testing.T) {
	tests := []struct{ url, want string }{
		{"http://www.gov.cn/zhengce/content/2019-02/13/content_5365341.htm", "2019-02-13"},
		{"https://news.sina.com.cn/c/2019-09-07/doc-iicezzrq4076655.shtml", "2019-09-07"},
		{"http://www.banyuetan.org/jmcs/detail/20200102/1000200033136199.html", "2020-01-02"},
		{"https://www.example.com/2023/08/26/story.html", "2023-08-26"},
		{"http://www.xinhuanet.com/politics/2019-12/10/c_1125327316.htm", "2019-12-10"},
		{"https://news.ifeng.com/c/7rtKNyg6PU9", ""},
		{"http://2023.example.com/a.html", ""},
	}
	for _, tt := range tests {
		got, ok := urlDate(tt.url)
		if !ok {
			got = pubDate{}
		}
		if got.String() != tt.want {
			t.Errorf("urlDate(%q) = %q, want %q", tt.url, got, tt.want)
		}
	}
}

func TestNormalizeDocNumber(t *testing.T) {
	tests := []struct{ in, want string }{
		{"国发〔2019〕4号", "国发〔2019〕4号"},
		{"国发[2019]4号", "国发〔2019〕4号"},
		{"国发(2019)4号", "国发〔2019〕4号"},
		{"国发（2019）4号", "国发〔2019〕4号"},
		{"国发【2019】4号", "国发〔2019〕4号"},
		{"国办发 ﹝2019﹞ 3号", "国办发〔2019〕3号"},
		{"国令第706号", "国令第706号"},
		{"无", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := normalizeDocNumber(tt.in); got != tt.want {
			t.Errorf("normalizeDocNumber(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestIssuerFromTitle(t *testing.T) {
	tests := []struct{ title, want string }{
		{"国务院关于深入实施“人工智能+”行动的意见", "国务院"},
		{"国务院办公厅、中央军委办公厅关于加强对侵华日军遗弃化学武器调查和管理工作的通知", "国务院办公厅、中央军委办公厅"},
		{"全国人民代表大会常务委员会关于批准财政部发行特别国债购买外汇及调整2007年末国债余额限额的决议", "全国人民代表大会常务委员会"},
		{"关于人工智能的十个问题", ""},
		{"英伟达H20芯片遇冷 国内云厂商加速转向国产算力", ""},
	}
	for _, tt := range tests {
		if got := issuerFromTitle(tt.title); got != tt.want {
			t.Errorf("issuerFromTitle(%q) = %q, want %q", tt.title, got, tt.want)
		}
	}
}

func TestRelativeDate(t *testing.T) {
	fetched := time.Date(2020, 2, 13, 10, 0, 0, 0, zhwatch.ChinaTime)
	tests := []struct{ in, want string }{
		{"昨天 18:47", "2020-02-12T18:47:00+08:00"},
		{"前天", "2020-02-11"},
		{"今天 08:05", "2020-02-13T08:05:00+08:00"},
		{"3小时前", "2020-02-13T07:00:00+08:00"},
		{"2天前", "2020-02-11"},
		{"没有日期", ""},
	}
	for _, tt := range tests {
		d, ok := relativeDate(tt.in, fetched)
		if !ok {
			d = pubDate{}
		}
		if d.String() != tt.want {
			t.Errorf("relativeDate(%q) = %q, want %q", tt.in, d, tt.want)
		}
	}
}

func TestScriptDate(t *testing.T) {
	tests := []struct{ js, want string }{
		{`var ct = "1581517074";var svr_time = "1581604666" * 1;`, "1581517074"},
		{`window.publish_time = '2020-02-12 22:17';`, "2020-02-12 22:17"},
		{`var pubDate="2019/3/6";`, "2019/3/6"},
		{`var act = "1581517074";`, ""},         // not the name ct
		{`var ct = "15815";`, ""},               // not a time
		{`var svr_time = "1581604666";`, ""},    // the server's clock, not the article's
		{`var update_time = "2020-02-12";`, ""}, // an update, not publication
	}
	for _, tt := range tests {
		if got := scriptDate(tt.js); got != tt.want {
			t.Errorf("scriptDate(%q) = %q, want %q", tt.js, got, tt.want)
		}
	}
}

func TestIssueDate(t *testing.T) {
	if d, ok := issueDate("——《北京之春》1996年3月号"); !ok || d.String() != "1996-03-01" {
		t.Errorf("issueDate = %v, %v; want 1996-03-01", d, ok)
	}
	if _, ok := issueDate("据统计，1996年3月号称全国最大的市场在这一年里的成交额增长了一倍以上，创下了历史的新高。"); ok {
		t.Error("issueDate read a date out of a sentence")
	}
}

// A WeChat page prints only 昨天 and carries the time in a script; a forum
// post's date closes its text.
func TestExtractDateFromScriptAndFooter(t *testing.T) {
	page := []byte(`<html><head><title>标题</title></head><body><h1 id="activity-name">一篇公众号文章</h1>
<div><em id="publish_time">昨天</em></div>
<div id="js_content"><p>这是正文的第一段，讲了一件事情的来龙去脉，内容比较充实，标点也很完整。</p><p>这是正文的第二段，继续说明了后来的发展，以及作者自己的一些看法和建议。</p></div>
<script>var ct = "1581517074"; var svr_time = "1581604666" * 1;</script></body></html>`)
	got, err := New().Extract(pageOfBytes(page))
	if err != nil {
		t.Fatal(err)
	}
	if got.PublishedAt != "2020-02-12T22:17:54+08:00" {
		t.Errorf("PublishedAt = %q, want 2020-02-12T22:17:54+08:00 from the script", got.PublishedAt)
	}
	forum := []byte(`<html><body><div class="nav"><a href="/">首页</a> &gt; <a href="/f">论坛</a></div><table>
<tr><td class="post">我想谈谈最近的一些感受，这件事情其实很早就开始了，只是一直没有机会写下来，今天终于有时间整理一下思路。<p>第二段继续说下去，说明了事情的经过和我的一些想法，希望大家能够理解。<p>------<p>〓 发布时间 2005/03/15 22:36:13 by duscha 〓</td></tr>
<tr><td class="reply">无聊<p>〓 发布时间 2005/03/16 01:08:28 by someone 〓</td></tr></table></body></html>`)
	got, err = New().Extract(pageOfBytes(forum))
	if err != nil {
		t.Fatal(err)
	}
	if got.PublishedAt != "2005-03-15T22:36:13+08:00" {
		t.Errorf("PublishedAt = %q, want the post's own 2005-03-15T22:36:13+08:00", got.PublishedAt)
	}
}
