package crawl

import (
	"net/http"
	"slices"
	"sync"
	"testing"

	"github.com/zhwatch/zhwatch/internal/config"
)

func TestJSONEntries(t *testing.T) {
	cases := []struct {
		name string
		body string
		seed config.JSONSeed
		want []JSONEntry
	}{
		{
			name: "top-level array (gov.cn ZUIXINZHENGCE.json)",
			body: `[{"TITLE":"市场监督管理所条例","SUB_TITLE":"","URL":"https://www.gov.cn/zhengce/content/202609/content_7080735.htm","DOCRELPUBTIME":"2026-09-11"},
			        {"TITLE":"no link","URL":""}]`,
			seed: config.JSONSeed{Link: "URL", Title: "TITLE", Date: "DOCRELPUBTIME"},
			want: []JSONEntry{{Link: "https://www.gov.cn/zhengce/content/202609/content_7080735.htm", Title: "市场监督管理所条例", Date: "2026-09-11"}},
		},
		{
			name: "nested list, relative links",
			body: `{"status":0,"data":{"list":[{"Title":"a","LinkUrl":"/tech/20260302/x/c.html","PubTime":"2026-03-02 10:00:00"},{"Title":"b","LinkUrl":"b.html"}]}}`,
			seed: config.JSONSeed{Items: "data.list", Link: "LinkUrl", Title: "Title", Date: "PubTime"},
			want: []JSONEntry{{Link: "/tech/20260302/x/c.html", Title: "a", Date: "2026-03-02 10:00:00"}, {Link: "b.html", Title: "b"}},
		},
		{
			name: "array of bare links",
			body: `{"urls":["/news/1","/news/2"]}`,
			seed: config.JSONSeed{Items: "urls", Link: "@this"},
			want: []JSONEntry{{Link: "/news/1"}, {Link: "/news/2"}},
		},
		{
			name: "items path that selects nothing",
			body: `{"data":{}}`,
			seed: config.JSONSeed{Items: "data.list", Link: "url"},
		},
		{
			name: "not JSON (an error page)",
			body: `<html><body>404</body></html>`,
			seed: config.JSONSeed{Link: "URL"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := JSONEntries([]byte(c.body), c.seed); !slices.Equal(got, c.want) {
				t.Errorf("got %+v\nwant %+v", got, c.want)
			}
		})
	}
}

// A JSON list seed end to end: fetched like a page (robots obeyed, asked
// again with If-None-Match), its links resolved against it and sorted by
// the article pattern and allowed hosts.
func TestJSONSeedCrawl(t *testing.T) {
	s := newSite(t)
	var mu sync.Mutex
	var conditional []string
	s.handle("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("User-agent: *\nDisallow: /private/\n"))
	})
	s.handle("/api/list.json", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		conditional = append(conditional, r.Header.Get("If-None-Match"))
		mu.Unlock()
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Header().Set("ETag", `"v1"`)
		w.Write([]byte(`{"data":{"list":[
			{"title":"一","url":"/news/1.html","date":"2026-09-11"},
			{"title":"二","url":"` + s.URL + `/news/2.html"},
			{"title":"robots","url":"/private/news/3.html"},
			{"title":"off host","url":"https://elsewhere.example/news/4.html"},
			{"title":"a list page","url":"/about.html"},
			{"title":"no link"}]}}`))
	})
	for _, p := range []string{"/news/1.html", "/news/2.html", "/private/news/3.html", "/about.html"} {
		s.handle(p, htmlPage("<html><body><p>正文 "+p+"</p></body></html>", "utf-8"))
	}

	e := newEnv(t, testOptions())
	src := s.source()
	src.MaxDepth = 0 // the JSON seed's articles only
	src.JSONSeeds = []config.JSONSeed{{URL: s.URL + "/api/list.json", Items: "data.list", Link: "url", Title: "title", Date: "date"}}

	snap, err := e.crawl(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/news/1.html", "/news/2.html"} {
		if _, ok := e.article(s.URL + p); !ok {
			t.Errorf("article %s not stored", p)
		}
	}
	if n := e.articleCount(); n != 2 {
		t.Errorf("%d articles stored, want 2", n)
	}
	for _, p := range []string{"/private/news/3.html", "/about.html"} {
		if n := s.count(p); n != 0 {
			t.Errorf("%s fetched %d times: robots.txt or max_depth ignored", p, n)
		}
	}
	if snap.Blocked != 1 {
		t.Errorf("Blocked = %d, want 1 (the article under /private/)", snap.Blocked)
	}

	// The next run asks with the stored ETag, gets 304 and still reads the
	// stored list: nothing new to fetch.
	before := s.total()
	if _, err := e.crawl(src); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if !slices.Equal(conditional, []string{"", `"v1"`}) {
		t.Errorf("If-None-Match per request = %q, want none then the ETag", conditional)
	}
	if got := s.total() - before; got != 1 {
		t.Errorf("second run made %d requests, want 1 (the JSON list)", got)
	}
}
