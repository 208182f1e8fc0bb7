package extract

import (
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"strings"
	"testing"
)

// A blog post followed by a longer list of "#3楼 … # re: title" comments:
// the post is the article, none of the comments is.
func TestExtractBlogPostNotItsComments(t *testing.T) {
	got, err := New().Extract(pageOf(t, "blog_comments.html", "http://blog.example.cn/archive/2006/03/01/1.html", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "今年春天我第一次带着孩子") || !strings.HasSuffix(got.Body, "还站在那里挥手。") {
		t.Errorf("body is not the post:\n%s", got.Body)
	}
	for _, s := range []string{"# re:", "写得真好", "#10楼", "谢谢大家的留言"} {
		if strings.Contains(got.Body, s) {
			t.Errorf("body holds the comment text %q:\n%s", s, got.Body)
		}
	}
}

// A forum thread is about its opening post, not the replies ("回复 3#").
func TestExtractForumThreadOpeningPost(t *testing.T) {
	got, err := New().Extract(pageOf(t, "forum_thread.html", "http://bbs.example.cn/thread-1011-1-1.html", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "各位老师好") || !strings.HasSuffix(got.Body, "先谢谢大家了。") {
		t.Errorf("body is not the opening post:\n%s", got.Body)
	}
	if strings.Contains(got.Body, "回复") || strings.Contains(got.Body, "学术论坛") {
		t.Errorf("body holds a reply or the breadcrumb:\n%s", got.Body)
	}
}

// A news article whose container also holds the readers' comments
// ("[3楼] 广东网友 …"): the comments and their heading are cut, the credit
// lines are still read.
func TestExtractNewsWithoutItsCommentBox(t *testing.T) {
	got, err := New().Extract(pageOf(t, "news_comments.html", "http://news.example.cn/2019/09/07/1.html", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "本报讯") || !strings.HasSuffix(got.Body, "有关部门将及时答复。") {
		t.Errorf("body is not the article:\n%s", got.Body)
	}
	for _, s := range []string{"网友留言", "楼]", "票价很实惠"} {
		if strings.Contains(got.Body, s) {
			t.Errorf("body holds %q from the comment box:\n%s", s, got.Body)
		}
	}
	if got.Editor != "王明" || got.Origin != "示例日报" {
		t.Errorf("Editor, Origin = %q, %q; want 王明, 示例日报", got.Editor, got.Origin)
	}
}

func TestOpensWithReply(t *testing.T) {
	for lead, want := range map[string]bool{
		"# re: 回老家看星星": true, "Re:标题": true, "回复 3# 张三": true, "[5楼] 北京网友": true, "12# 李四": true,
		"沙发！": true, "Reply from Anna": true, "张三 #3楼 2019-09-07": true, "# re: 标题": true,
		"第一，量表的题目": false, "2019年9月7日": false, "region": false, "#2、侧推光顶短发": false,
		"鹿晗2018 RE：X巡回演唱会": false, "他回复称": false,
	} {
		n := parseFragment(t, "<div>"+lead+"</div>")
		if got := opensWithReply(n); got != want {
			t.Errorf("opensWithReply(%q) = %v, want %v", lead, got, want)
		}
	}
}

// parseFragment parses src and returns the first element of its body.
func parseFragment(t *testing.T, src string) *html.Node {
	t.Helper()
	root, err := html.Parse(strings.NewReader("<html><body>" + src + "</body></html>"))
	if err != nil {
		t.Fatal(err)
	}
	var find func(*html.Node) *html.Node
	find = func(n *html.Node) *html.Node {
		if n.Type == html.ElementNode && n.DataAtom == atom.Body {
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Type == html.ElementNode {
					return c
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if r := find(c); r != nil {
				return r
			}
		}
		return nil
	}
	return find(root)
}

// A forum post written as bare lines under <br> earns little score, less
// than a punctuated board notice above it; its text mass still makes it
// the article (body.go, outweighing).
func TestExtractUnpunctuatedPostOverNotice(t *testing.T) {
	got, err := New().Extract(pageOf(t, "forum_lines.html", "http://bbs.example.cn/read.php?tid=12", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "这次去西藏一共走了十八天") || !strings.HasSuffix(got.Body, "也更加艰苦") {
		t.Errorf("body is not the post:\n%s", got.Body)
	}
	if strings.Contains(got.Body, "本版规定") {
		t.Errorf("body holds the board notice:\n%s", got.Body)
	}
	if got.Author != "背包客老李" {
		t.Errorf("Author = %q, want 背包客老李", got.Author)
	}
}

// Numbered items and a tour named "RE：X" in an article's paragraphs are
// text, not replies.
func TestExtractNumberedParagraphsAreNotReplies(t *testing.T) {
	page := []byte(`<html><body><h1>七款发型</h1><div class="a">
<p>导语：今年夏天他换了好几种发型，下面按时间顺序一一介绍，供大家参考。</p>
<p>#1、短寸头，两侧剃短，顶部留一点长度，看起来干净利落，很适合夏天。</p>
<p>#2、侧推短发，将两侧推光并将顶上留长，两侧与头顶的交界处刻意上推。</p>
<p>#3、中长发，头发已长至可遮盖耳朵，能往上抓出蓬松感，或者后梳整理。</p>
<p>他在“2018 RE：X巡回演唱会”上换的就是这一款，当时引起了不少讨论。</p></div>
<div class="b"><a href="/1">首页</a> <a href="/2">娱乐</a></div></body></html>`)
	got, err := New().Extract(pageOfBytes(page))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"导语", "#2、侧推短发", "RE：X巡回演唱会"} {
		if !strings.Contains(got.Body, s) {
			t.Errorf("body lost %q:\n%s", s, got.Body)
		}
	}
}

// The blog engine's footer names the poster after the date.
func TestExtractBlogPosterFromFooter(t *testing.T) {
	got, err := New().Extract(pageOf(t, "blog_comments.html", "http://blog.example.cn/archive/2006/03/01/1.html", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if got.Author != "小林" {
		t.Errorf("Author = %q, want 小林 from \"posted @ 2006-03-01 21:15 小林\"", got.Author)
	}
}
