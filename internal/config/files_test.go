package config

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// The configuration files shipped at the top of the repository must load,
// and their article patterns must tell articles from list pages.

func TestExampleConfig(t *testing.T) {
	// It starts as shipped: no delivery needs a secret variable yet.
	cfg, err := LoadWithSecrets(filepath.Join("..", "..", "zhwatch.example.yaml"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	// Its data is not the demo's (the demo config writes ../data, the repository's ./data).
	demo, err := Load(filepath.Join("..", "..", "demo", "zhwatch.demo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("..", "..", "zhwatch-data"); cfg.DataDir != want || filepath.Clean(demo.DataDir) == filepath.Clean(cfg.DataDir) {
		t.Errorf("DataDir = %q (the demo's %q), want %q", cfg.DataDir, demo.DataDir, want)
	}

	// Real article URLs of each source (from the sites) and pages that are not articles.
	articles := map[string][]string{
		"gov-policy": {
			"https://www.gov.cn/zhengce/content/202508/content_7037861.htm",
			"https://www.gov.cn/zhengce/zhengceku/202508/content_7037900.htm",
			"http://www.gov.cn/zhengce/content/2019-02/15/content_5365945.htm",
			"http://www.gov.cn/zhengce/2019-02/15/content_5365963.htm",
		},
		"mofcom-announcements": {
			"https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_9b966e20a6934cc6b4fa2cf777626854.html",
			"https://www.mofcom.gov.cn/zcfb/blgg/gg/2025nswbgg/art/2025/art_9b966e20a6934cc6b4fa2cf777626854.html",
			"https://www.mofcom.gov.cn/zwgk/zcfb/art/2026/art_b5159a773124428a9813884015d1b8b3.html",
			"http://www.mofcom.gov.cn/article/zwgk/gkzcfb/202405/20240503510684.shtml",
		},
		"mofcom-export-control": {
			"https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/art/2025/art_81fd0e00d5aa4be39db90f2c183c809a.html",
		},
		"xinhua": {
			"https://www.news.cn/tech/20250828/0b6e2e8c5c2b4e3f9d1f6a7b8c9d0e1f/c.html",
			"http://www.xinhuanet.com/world/2019-12/05/c_1125313285.htm",
		},
		"people":     {"http://world.people.com.cn/n1/2019/0614/c1002-31136200.html"},
		"cna":        {"https://www.cna.com.tw/news/ait/201904120014.aspx"},
		"chinadaily": {"https://cn.chinadaily.com.cn/a/202508/28/WS68afc4b2a310b236346f3b1b.html"},
	}
	notArticles := []string{
		"https://www.gov.cn/zhengce/zuixin/home.htm",
		"https://www.gov.cn/zhengce/content/202508/content_7037861.htm#top",
		"https://www.mofcom.gov.cn/zcfb/blgg/gg/index.html",
		"https://www.mofcom.gov.cn/zcfb/blgg/gg/2025/art/2025/art_9b96.html",
		"https://aqygzj.mofcom.gov.cn/flzc/gzjgfxwj/index.html",
		"https://www.news.cn/tech/index.html",
		"https://www.news.cn/politics/leaders/index.htm",
		"http://world.people.com.cn/GB/157278/index.html",
		"https://www.cna.com.tw/list/ait.aspx",
		"https://evil.example/https://www.cna.com.tw/news/ait/201904120014.aspx",
	}

	for name, urls := range articles {
		s, ok := cfg.Source(name)
		if !ok {
			t.Errorf("source %q missing", name)
			continue
		}
		for _, u := range urls {
			if !s.Article.MatchString(u) {
				t.Errorf("%s: article_pattern does not match article %s", name, u)
			}
		}
		for _, seed := range s.Seeds {
			if s.Article.MatchString(seed) {
				t.Errorf("%s: article_pattern matches its own seed %s", name, seed)
			}
		}
		for _, u := range notArticles {
			if s.Article.MatchString(u) {
				t.Errorf("%s: article_pattern matches non-article %s", name, u)
			}
		}
	}
	if len(cfg.Sources) != len(articles) {
		t.Errorf("%d sources, %d with article examples: add examples for the new source", len(cfg.Sources), len(articles))
	}

	for _, s := range cfg.Sources {
		if s.Delay < 2*time.Second {
			t.Errorf("%s: delay %v, want at least 2s against a real site", s.Name, s.Delay)
		}
		if s.IgnoreRobots {
			t.Errorf("%s ignores robots.txt", s.Name)
		}
		for _, h := range s.AllowedHosts {
			if strings.HasSuffix(h, ".gov.cn") && s.Parallelism != 1 {
				t.Errorf("%s: parallelism %d against government host %s, want 1", s.Name, s.Parallelism, h)
			}
		}
	}

	for topic, words := range map[string][]string{
		"export-controls": {"出口管制", "实体清单", "未经验证清单", "不可靠实体清单", "两用物项", "管控名单", "entity list", "export control"},
		"ai-policy":       {"人工智能", "人工智能+", "大模型", "算力", "先进计算", "AI芯片"},
	} {
		for _, w := range words {
			if !slices.Contains(cfg.Topics[topic], w) {
				t.Errorf("topic %s lacks %q", topic, w)
			}
		}
	}
}

func TestDemoConfig(t *testing.T) {
	cfg, err := Load(filepath.Join("..", "..", "demo", "zhwatch.demo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	// ../data from demo/ is the repository's ./data, the commands' default.
	if want := filepath.Join("..", "..", "data"); cfg.DataDir != want {
		t.Errorf("DataDir = %q, want %q", cfg.DataDir, want)
	}
	if len(cfg.Sources) != 1 {
		t.Fatalf("%d sources, want 1", len(cfg.Sources))
	}
	s, ok := cfg.Source("demo-news")
	if !ok {
		t.Fatal("no source demo-news")
	}
	wantSeeds := []string{"http://127.0.0.1:8765/index.html", "http://127.0.0.1:8765/rss.xml"}
	if !slices.Equal(s.Seeds, wantSeeds) {
		t.Errorf("Seeds = %q, want %q", s.Seeds, wantSeeds)
	}
	if !slices.Equal(s.AllowedHosts, []string{"127.0.0.1:8765"}) {
		t.Errorf("AllowedHosts = %q", s.AllowedHosts)
	}
	if s.Delay != 0 || s.Parallelism != 4 || s.IgnoreRobots {
		t.Errorf("delay %v parallelism %d ignore_robots %v, want 0s, 4, false", s.Delay, s.Parallelism, s.IgnoreRobots)
	}
	from := time.Date(2025, 8, 28, 9, 0, 30, 0, time.Local)
	if next := s.Cron.Next(from); !next.Equal(time.Date(2025, 8, 28, 9, 1, 0, 0, time.Local)) {
		t.Errorf("schedule: next after %v is %v, want every minute", from, next)
	}
	for u, want := range map[string]bool{
		"http://127.0.0.1:8765/2025/08/28/export-controls.html": true,
		"http://127.0.0.1:8765/2025/08/28/attachment.pdf":       true, // stored, not extracted
		"http://127.0.0.1:8765/index.html":                      false,
		"http://127.0.0.1:8765/list_2.html":                     false,
		"http://127.0.0.1:8765/rss.xml":                         false,
		"http://127.0.0.1:8765/admin/2025/08/28/x.html":         false,
		"http://127.0.0.1:8765/2025/08/28/sub/x.html":           false,
		"http://127.0.0.1:8766/2025/08/28/x.html":               false,
	} {
		if got := s.Article.MatchString(u); got != want {
			t.Errorf("article_pattern on %s = %v, want %v", u, got, want)
		}
	}
	// Every file of the sample site under a date folder is an article; nothing else is.
	site := filepath.Join("..", "..", "demo", "site")
	dated := regexp.MustCompile(`^\d{4}/\d{2}/\d{2}/[^/]+$`)
	n := 0
	err = filepath.WalkDir(site, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(site, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		u := "http://127.0.0.1:8765/" + rel
		if got, want := s.Article.MatchString(u), dated.MatchString(rel); got != want {
			t.Errorf("article_pattern on sample page %s = %v, want %v", u, got, want)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatalf("walk the sample site: %v", err)
	}
	if n < 10 {
		t.Errorf("only %d files under %s", n, site)
	}

	for _, topic := range []string{"export-controls", "ai-policy"} {
		if len(cfg.Topics[topic]) == 0 {
			t.Errorf("topic %s missing", topic)
		}
	}
}
