package extract

import (
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pageOf(t testing.TB, name, url, contentType string) zhwatch.Page {
	p := zhwatch.Page{ID: 7, Source: "demo", URL: url, Body: fixture(t, name)}
	if contentType != "" {
		p.Header = http.Header{"Content-Type": {contentType}}
	}
	return p
}

func TestExtractFixtures(t *testing.T) {
	tests := []struct {
		file, url, contentType string
		want                   zhwatch.Article
		bodyStart, bodyEnd     string
		notInBody              []string
	}{
		{
			file: "gbk_news.html", url: "http://news.example.cn/tech/a.html", contentType: "text/html",
			want: zhwatch.Article{Title: "美国拟收紧人工智能芯片对华出口管制", PublishedAt: "2023-08-26T10:30:00+08:00",
				Author: "王建国", Origin: "新华社", Editor: "李小红", Charset: "gb18030", Lang: "zh"},
			bodyStart: "据美国媒体报道", bodyEnd: "列入“未经验证清单”。",
			notInBody: []string{"责任编辑", "相关阅读", "版权所有", "分享到", "2026"},
		},
		{
			file: "big5_news.html", url: "http://news.example.tw/a.html", contentType: "",
			want: zhwatch.Article{Title: "美國擬收緊人工智慧晶片對華出口管制", PublishedAt: "2023-08-26T10:30:00+08:00",
				Author: "林志明", Origin: "中央社", Editor: "陳美玲", Charset: "big5", Lang: "zh"},
			bodyStart: "據美國媒體報導", bodyEnd: "列入「未經驗證清單」。",
			notInBody: []string{"責任編輯", "相關閱讀"},
		},
		{
			// Declares gb2312, is UTF-8: must not come out garbled.
			file: "utf8_declared_gb2312.html", url: "http://news.example.cn/b.html", contentType: "text/html; charset=gb2312",
			want: zhwatch.Article{Title: "美国拟收紧人工智能芯片对华出口管制", PublishedAt: "2023-08-26T10:30:00+08:00",
				Author: "王建国", Origin: "新华社", Editor: "李小红", Charset: "utf-8", Lang: "zh"},
			bodyStart: "据美国媒体报道", bodyEnd: "列入“未经验证清单”。",
		},
		{
			file: "invalid_gb.html", url: "http://news.example.cn/c.html", contentType: "text/html; charset=gbk",
			want: zhwatch.Article{Title: "美国拟收紧人工智能芯片对华出口管制", PublishedAt: "2023-08-26T10:30:00+08:00",
				Author: "王建国", Origin: "新华社", Editor: "李小红", Charset: "gb18030", Lang: "zh", InvalidBytes: 3},
			bodyStart: "据美国媒体报道", bodyEnd: "列入“未经验证清单”。",
		},
		{
			file: "gov_policy.html", url: "http://www.example.gov.cn/zhengce/content/2025-08/26/content_1.htm",
			want: zhwatch.Article{Title: "国务院关于深入实施“人工智能+”行动的意见", PublishedAt: "2025-08-26",
				DocNumber: "国发〔2025〕11号", Issuer: "国务院", Charset: "utf-8", Lang: "zh"},
			bodyStart: "国务院关于深入实施“人工智能+”行动的意见\n国发〔2025〕11号\n各省、自治区", bodyEnd: "（此件公开发布）",
			notInBody: []string{"索引号", "打印本页", "版权所有"},
		},
		{
			file: "teasers.html", url: "http://www.example.com/world/1.html",
			want: zhwatch.Article{Title: "美國擬收緊AI芯片對華出口管制 損人不利己", PublishedAt: "2023-08-28T09:15:00+08:00",
				Author: "林思遠", Origin: "人民日報海外版", Editor: "劉萍", Charset: "utf-8", Lang: "zh"},
			bodyStart: "最近,美國對華科技打壓", bodyEnd: "這個道理,美國真的不懂嗎?",
			notInBody: []string{"......", "復旦大學", "Copyright"},
		},
		{
			// "08-28 09:41" takes its year from the URL, not from the header's today.
			file: "yearless.html", url: "http://finance.example.cn/2025-08-28/doc-1.shtml",
			want: zhwatch.Article{Title: "英伟达H20芯片遇冷 国内云厂商加速转向国产算力", PublishedAt: "2025-08-28T09:41:00+08:00",
				Author: "陈思彤 何佳", Origin: "21世纪经济报道", Editor: "何佳", Charset: "utf-8", Lang: "zh"},
			bodyStart: "八月以来", bodyEnd: "并与客户保持沟通。",
			notInBody: []string{"昇腾910B", "责任编辑"},
		},
		{
			// No byline; the linked teasers below the article credit other pages.
			file: "related_credits.html", url: "http://ent.example.cn/yule/2024-11-07/4.html",
			want: zhwatch.Article{Title: "歌手发布新专辑 好友到场助阵", PublishedAt: "2024-11-07T19:20:00+08:00",
				Origin: "示例网", Charset: "utf-8", Lang: "zh"},
			bodyStart: "11月6日晚", bodyEnd: "每一个普通的日子。",
			notInBody: []string{"相关新闻", "我和女儿"},
		},
	}
	ex := New()
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			got, err := ex.Extract(pageOf(t, tt.file, tt.url, tt.contentType))
			if err != nil {
				t.Fatal(err)
			}
			w := tt.want
			for _, f := range []struct{ name, got, want string }{
				{"Title", got.Title, w.Title}, {"PublishedAt", got.PublishedAt, w.PublishedAt},
				{"Author", got.Author, w.Author}, {"Origin", got.Origin, w.Origin}, {"Editor", got.Editor, w.Editor},
				{"DocNumber", got.DocNumber, w.DocNumber}, {"Issuer", got.Issuer, w.Issuer},
				{"Charset", got.Charset, w.Charset}, {"Lang", got.Lang, w.Lang},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			if got.InvalidBytes != w.InvalidBytes {
				t.Errorf("InvalidBytes = %d, want %d", got.InvalidBytes, w.InvalidBytes)
			}
			if got.URL != tt.url || got.Source != "demo" || got.PageID != 7 {
				t.Errorf("URL, Source, PageID = %q, %q, %d", got.URL, got.Source, got.PageID)
			}
			if !strings.HasPrefix(got.Body, tt.bodyStart) {
				t.Errorf("body starts %q, want %q", truncate(got.Body, 60), tt.bodyStart)
			}
			if !strings.HasSuffix(got.Body, tt.bodyEnd) {
				r := []rune(got.Body)
				t.Errorf("body ends %q, want %q", string(r[max(0, len(r)-40):]), tt.bodyEnd)
			}
			for _, s := range tt.notInBody {
				if strings.Contains(got.Body, s) {
					t.Errorf("body contains %q:\n%s", s, got.Body)
				}
			}
			if got.Script != "" || got.Normalized != "" || got.ID != "" {
				t.Errorf("Extract set text-layer fields: %+v", got)
			}
		})
	}
}

func TestExtractInvalidBytesKeepText(t *testing.T) {
	got, err := New().Extract(pageOf(t, "invalid_gb.html", "http://x.cn/", "text/html; charset=gbk"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Body, "\uFFFD业内人士认为") {
		t.Errorf("invalid run not replaced by one U+FFFD before the text:\n%s", got.Body)
	}
	if strings.Contains(got.Body, "\uFFFD\uFFFD") {
		t.Errorf("a run of invalid bytes became several replacement characters")
	}
}

func TestExtractNotHTML(t *testing.T) {
	ex := New()
	tests := []struct {
		name string
		page zhwatch.Page
	}{
		{"pdf by content type", pageOf(t, "not_html.pdf", "http://x.cn/a.pdf", "application/pdf")},
		{"pdf mislabelled as html", pageOf(t, "not_html.pdf", "http://x.cn/a.html", "text/html")},
		{"pdf without content type", pageOf(t, "not_html.pdf", "http://x.cn/a", "")},
		{"json", zhwatch.Page{URL: "http://x.cn/api", Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{"a":1}`)}},
		{"plain text", zhwatch.Page{URL: "http://x.cn/robots.txt", Header: http.Header{"Content-Type": {"text/plain"}}, Body: []byte("User-agent: *\nDisallow: /admin/\n")}},
		{"empty", zhwatch.Page{URL: "http://x.cn/empty"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ex.Extract(tt.page)
			if !errors.Is(err, zhwatch.ErrNotHTML) {
				t.Fatalf("err = %v, want ErrNotHTML", err)
			}
		})
	}
}

func TestExtractFinalURL(t *testing.T) {
	p := pageOf(t, "gbk_news.html", "http://x.cn/short", "text/html")
	p.FinalURL = "http://x.cn/2023/08/26/long.html"
	got, err := New().Extract(p)
	if err != nil {
		t.Fatal(err)
	}
	if got.URL != p.FinalURL {
		t.Errorf("URL = %q, want the final URL", got.URL)
	}
}

func TestExtractConcurrent(t *testing.T) {
	ex := New()
	p := pageOf(t, "gov_policy.html", "http://x.cn/", "text/html")
	want, err := ex.Extract(p)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			got, err := ex.Extract(p)
			if err == nil && !reflect.DeepEqual(got, want) {
				err = errors.New("concurrent result differs")
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

// The date is the article's, not a player build stamp above the headline,
// the header's today or a related item's.
func TestExtractDateNotDistractors(t *testing.T) {
	page := `<html><head><meta charset="utf-8"><title>芯片出口新规发布_示范网</title></head><body>
<div class="top">2026年11月28日 星期六</div>
<div class="player"><span>player build 2024-01-05 03:22</span></div>
<h1>芯片出口新规发布</h1>
<div class="info"><span>2023-08-26 10:30</span> <span>来源：示范日报</span></div>
<div class="content"><p>商务部今天发布芯片出口新规，对相关物项实施许可管理，企业应当依法申请许可。</p>
<p>新规自发布之日起施行，相关企业需在规定期限内完成登记，逾期未登记的将依法处理。</p></div>
<ul class="related"><li><a href="/a.html">旧规回顾</a> 2021-05-01 08:00</li><li><a href="/b.html">答记者问</a> 2022-03-02 09:00</li></ul>
</body></html>`
	got, err := New().Extract(zhwatch.Page{URL: "http://x.cn/a.html", Body: []byte(page)})
	if err != nil {
		t.Fatal(err)
	}
	if got.PublishedAt != "2023-08-26T10:30:00+08:00" {
		t.Errorf("PublishedAt = %q", got.PublishedAt)
	}
	if got.Origin != "示范日报" || got.Title != "芯片出口新规发布" {
		t.Errorf("Origin, Title = %q, %q", got.Origin, got.Title)
	}
}

// A short line after the lede credits the writer; a caption's 记者 took a
// photo and is no author.
func TestExtractCreditLineInsideText(t *testing.T) {
	para := func(s string) string {
		return "<p>" + s + "，相关企业表示将继续关注政策变化，并与客户保持沟通，评估对业务的影响。</p>\n"
	}
	page := func(credit string) string {
		return `<html><head><meta charset="utf-8"><title>数据行业整顿_示范网</title></head><body>
<h1>数据行业整顿</h1><div class="info">2023-09-26 10:30</div><div class="content">` +
			para("第三方数据行业迎来整顿") + para("多家公司被调查") + credit +
			para("从九月上旬开始") + `<p>图片来源：本报记者 张蕊 摄</p>` + para("业内人士认为") + para("监管部门表示") +
			para("专家建议") + para("有公司已经暂停业务") + para("行业协会发布倡议") + para("整顿仍将持续") + `</div></body></html>`
	}
	for credit, want := range map[string]string{"<p>《观察》作者 周明</p>": "周明", "": ""} {
		got, err := New().Extract(zhwatch.Page{URL: "http://x.cn/b.html", Body: []byte(page(credit))})
		if err != nil {
			t.Fatal(err)
		}
		if got.Author != want {
			t.Errorf("with %q: Author = %q, want %q", credit, got.Author, want)
		}
	}
}
