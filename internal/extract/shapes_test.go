package extract

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/zhwatch/zhwatch"
)

// shapeMinF1 is the body F1 every page shape must reach, with its class and
// id attributes and without them.
const shapeMinF1 = 0.9

// TestExtractPageShapes is the generalisation set of the body finder: one
// page per shape the crawler meets (Discuz!, phpBB, vBulletin, 贴吧 and 天涯
// threads, WordPress, 新浪, 博客园 and CSDN blogs with their comments, a
// 专栏 article, news and portal pages with comment boxes, breadcrumbs and
// headline sidebars), written from the markup of that software, each with
// its expected body in NAME.txt. Every page is extracted as it is and with
// every class and id removed, so no rule may rest on a name.
func TestExtractPageShapes(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "shapes", "*.html"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no page shapes: %v", err)
	}
	ex := New()
	for _, name := range files {
		want, err := os.ReadFile(strings.TrimSuffix(name, ".html") + ".txt")
		if err != nil {
			t.Fatal(err)
		}
		page, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		base := filepath.Base(name)
		for _, v := range []struct {
			label string
			body  []byte
		}{{"classes", page}, {"no classes", classIDAttr.ReplaceAll(page, nil)}} {
			a, err := ex.Extract(zhwatch.Page{URL: "http://www.example.cn/" + base, Body: v.body})
			if err != nil {
				t.Fatalf("%s: %v", base, err)
			}
			f1 := charF1(string(want), a.Body)
			t.Logf("%-22s %-10s body F1 %.3f", base, v.label, f1)
			if f1 < shapeMinF1 {
				t.Errorf("%s (%s): body F1 %.3f, want at least %.2f; got:\n%s", base, v.label, f1, shapeMinF1, a.Body)
			}
		}
	}
}

// A post's closing line with its date and counters leaves the body; a
// closing date alone (a document's signature) and a sentence with numbers
// stay.
func TestTrimPostFooter(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want int
	}{
		{[]string{"正文第一段。", "posted on 2019-05-20 10:15 小林 阅读(1234) 评论(9) 编辑 收藏"}, 1},
		{[]string{"正文第一段。", "发表于 2019-05-20 10:15 | 浏览：88 | 回复：3"}, 1},
		{[]string{"国务院", "2019年2月13日"}, 2},
		{[]string{"正文第一段。", "截至2019年5月20日，累计阅读 1234 次的文章有十篇，评论区很热闹，大家都在讨论这个话题，也有不少人提出了自己的看法和建议，希望以后多写一些这样的内容，作者也回应了。"}, 2},
		{[]string{"posted on 2019-05-20 10:15 阅读(1)"}, 1},
	} {
		if got := trimPostFooter(tc.in); len(got) != tc.want {
			t.Errorf("trimPostFooter(%q) kept %d lines, want %d", tc.in, len(got), tc.want)
		}
	}
}

// The headline found for a page: a heading holding the <title>'s headline
// part beats a breadcrumb that repeats it; without a heading, an element
// whose whole text is that part; else the first <h1>.
func TestFindHeadline(t *testing.T) {
	for _, tc := range []struct{ page, title, want string }{
		{`<div><a>论坛</a> › <a>周末去湿地公园</a></div><table><tr><td><h1>[游玩] 周末去湿地公园</h1></td></tr></table>`, "周末去湿地公园 - 生活闲聊 - 城市论坛", "h1"},
		{`<table><tr><td><b>旧收音机</b></td></tr><tr><td>正文</td></tr></table>`, "旧收音机 - 老林的博客", "td"},
		{`<h2>栏目</h2><h1>别的标题</h1><p>正文</p>`, "首页", "h1"},
		{`<p>没有标题的页面</p>`, "首页", ""},
	} {
		root, err := html.Parse(strings.NewReader("<html><body>" + tc.page + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		f := newBodyFinder(root, defaultParams, tc.title)
		got := ""
		if f.headline != nil {
			got = f.headline.Data
		}
		if got != tc.want {
			t.Errorf("headline of %q under <title> %q: <%s>, want <%s>", tc.page, tc.title, got, tc.want)
		}
	}
}
