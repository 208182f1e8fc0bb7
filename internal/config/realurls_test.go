package config_test

import (
	"bufio"
	"fmt"
	"hash/fnv"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch/internal/config"
	"github.com/zhwatch/zhwatch/internal/crawl"
)

// Real URLs of the example config's sites, gathered from public material
// (scrapers, fixtures, notes; see each line's third column), are checked
// against the sources as the crawler sees them: the URL canonicalised, its
// host allowed, the article pattern matched.
//
// A third of the URLs, chosen by heldAside, was not looked at while the
// patterns were written: the test asserts on the rest and reports the rate
// on the held-aside third separately (go test -run TestRealURLs -v).

// realURL is one line of testdata/real_urls/SOURCE.tsv.
type realURL struct {
	kind, url, where string
	line             int
}

func readRealURLs(t *testing.T, path string) []realURL {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []realURL
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 3 || (cols[0] != "article" && cols[0] != "list") || cols[2] == "" {
			t.Fatalf("%s:%d: want kind (article|list), URL and where it was seen, tab-separated; got %q", path, n, line)
		}
		out = append(out, realURL{kind: cols[0], url: cols[1], where: cols[2], line: n})
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// heldAside picks a third of the URLs by a hash of the URL, so that the
// choice does not depend on who gathered them or in what order.
func heldAside(u string) bool {
	h := fnv.New32a()
	h.Write([]byte(u))
	return h.Sum32()%3 == 0
}

// isArticle is the crawler's verdict on a link: an article when its
// canonical form is on an allowed host and matches the article pattern.
func isArticle(s *config.Source, raw string) (bool, error) {
	cu, err := crawl.Canonical(nil, raw)
	if err != nil {
		return false, err
	}
	return slices.Contains(s.AllowedHosts, cu.Host) && s.Article.MatchString(cu.String()), nil
}

// tally counts one set of a source's URLs.
type tally struct {
	articles, matched, lists, listsMatched int
	misses, wrong                          []string
}

func (c *tally) rate() float64 {
	if c.articles == 0 {
		return 1
	}
	return float64(c.matched) / float64(c.articles)
}

func (c *tally) String() string {
	return fmt.Sprintf("%d/%d articles (%.1f%%), %d/%d list pages taken for articles",
		c.matched, c.articles, 100*c.rate(), c.listsMatched, c.lists)
}

func TestRealURLs(t *testing.T) {
	cfg, err := config.LoadWithSecrets(filepath.Join("..", "..", "zhwatch.example.yaml"), func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	var seen, held tally
	for _, s := range cfg.Sources {
		path := filepath.Join("testdata", "real_urls", s.Name+".tsv")
		if s.Disabled {
			continue
		}
		urls := readRealURLs(t, path)
		var dev, aside tally
		lists := map[string]bool{}
		for _, u := range urls {
			c := &dev
			if heldAside(u.url) {
				c = &aside
			}
			got, err := isArticle(&s, u.url)
			if err != nil {
				t.Errorf("%s:%d: %v", path, u.line, err)
				continue
			}
			switch u.kind {
			case "article":
				c.articles++
				if got {
					c.matched++
				} else {
					c.misses = append(c.misses, u.url)
				}
			case "list":
				lists[u.url] = true
				c.lists++
				if got {
					c.listsMatched++
					c.wrong = append(c.wrong, u.url)
				}
			}
		}
		t.Logf("%-22s gathered: %v", s.Name, &dev)
		t.Logf("%-22s held aside: %v", s.Name, &aside)
		if dev.articles < 10 {
			t.Errorf("%s: only %d gathered article URLs; gather more", s.Name, dev.articles)
		}
		if dev.rate() < 0.95 {
			t.Errorf("%s: article_pattern/allowed_hosts miss %d of %d real articles: %s",
				s.Name, len(dev.misses), dev.articles, strings.Join(dev.misses, " "))
		}
		if len(dev.wrong)+len(aside.wrong) > 0 {
			t.Errorf("%s: real list pages taken for articles: %s", s.Name, strings.Join(append(dev.wrong, aside.wrong...), " "))
		}
		// Every enabled source starts from at least one page the evidence
		// shows exists (a list page, feed, sitemap or JSON list).
		evidenced := slices.ContainsFunc(s.AllSeeds(), func(u string) bool { return lists[u] })
		if !evidenced {
			t.Errorf("%s: no seed is among the list pages in %s", s.Name, path)
		}
		for _, c := range []*tally{&dev, &aside} {
			c.misses, c.wrong = nil, nil
		}
		seen.add(&dev)
		held.add(&aside)
	}
	t.Logf("all sources            gathered: %v", &seen)
	t.Logf("all sources            held aside: %v", &held)
}

func (c *tally) add(o *tally) {
	c.articles += o.articles
	c.matched += o.matched
	c.lists += o.lists
	c.listsMatched += o.listsMatched
}

// Every line of the evidence names where it was seen and parses as a URL.
func TestRealURLFilesAreWellFormed(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "real_urls", "*.tsv"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no evidence files: %v", err)
	}
	for _, f := range files {
		dup := map[string]int{}
		for _, u := range readRealURLs(t, f) {
			if pu, err := url.Parse(u.url); err != nil || pu.Host == "" || (pu.Scheme != "http" && pu.Scheme != "https") {
				t.Errorf("%s:%d: %q is not an absolute http(s) URL", f, u.line, u.url)
			}
			if prev, ok := dup[u.url]; ok {
				t.Errorf("%s:%d: %s already on line %d", f, u.line, u.url, prev)
			}
			dup[u.url] = u.line
		}
	}
}
