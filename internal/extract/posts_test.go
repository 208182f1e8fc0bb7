package extract

import (
	"net/http"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// A page of several dated posts is about its first post, even when a later
// post holds more text.
func TestExtractFirstPostOfArchive(t *testing.T) {
	got, err := New().Extract(pageOf(t, "blog_archive.html", "http://blog.example.cn/archive?month=2024-05", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "周六下午我们开车去了海边") || !strings.HasSuffix(got.Body, "一直看到天黑才回去。") {
		t.Errorf("body is not the first post:\n%s", got.Body)
	}
	for _, s := range []string{"时间管理", "阳台", "由小林张贴"} {
		if strings.Contains(got.Body, s) {
			t.Errorf("body holds %q from another post or a footer:\n%s", s, got.Body)
		}
	}
	if got.PublishedAt != "2024-05-12T20:15:03+08:00" {
		t.Errorf("PublishedAt = %q, want the first post's 2024-05-12T20:15:03+08:00", got.PublishedAt)
	}
	if got.Author != "小林" {
		t.Errorf("Author = %q, want 小林", got.Author)
	}
}

// Sibling blocks of one article are not posts: without a date of their
// own each, the longest block still wins.
func TestExtractSectionsAreNotPosts(t *testing.T) {
	page := []byte(`<html><body><h1>标题</h1><div class="meta">2024-05-12 20:15</div>
<div class="sec"><p>第一部分很短，只有一句话，介绍一下背景情况。</p></div>
<div class="sec"><p>第二部分是正文的主体，内容比较长，详细说明了事情的来龙去脉，包括时间、地点、人物和经过，以及各方的反应和后续的安排。</p><p>这一部分还有第二段，继续补充了更多的细节，说明了为什么会这样安排，以及接下来还要做哪些工作。</p></div>
</body></html>`)
	got, err := New().Extract(pageOfBytes(page))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Body, "第二部分是正文的主体") {
		t.Errorf("body lost the main section:\n%s", got.Body)
	}
}

func pageOfBytes(b []byte) zhwatch.Page {
	return zhwatch.Page{URL: "http://news.example.cn/a.html", Header: http.Header{"Content-Type": {"text/html"}}, Body: b}
}

// In a table layout without classes, a header table with the thread's
// title, a date and a notice repeats the tag path of the post's table;
// two such tables are no page of posts, and the post stays the article.
func TestExtractClasslessHeaderTableIsNoPost(t *testing.T) {
	got, err := New().Extract(pageOf(t, "forum_noclass.html", "http://bbs.example.cn/read.php?tid=88", "text/html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(got.Body, "今年的读书会一共办了十二期") || !strings.HasSuffix(got.Body, "愿意读书的心。") {
		t.Errorf("body is not the post:\n%s", got.Body)
	}
	if strings.Contains(got.Body, "本帖最后由") {
		t.Errorf("body holds the header's notice:\n%s", got.Body)
	}
}
