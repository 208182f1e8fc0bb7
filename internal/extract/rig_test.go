package extract

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/zhwatch/zhwatch"
)

// TestRigSite measures Extract on a generated site that nobody tuned on
// (../shared/rig/mksite.py: four Chinese templates, a third of the pages
// GBK) against the site's truth.jsonl. It runs only when ZHWATCH_RIG_DIR
// names the site's output folder:
//
//	python3 /work/shared/rig/mksite.py --corpus /work/shared/corpus/news.jsonl --out /tmp/rig -n 2000
//	ZHWATCH_RIG_DIR=/tmp/rig go test ./internal/extract -run TestRigSite -v
//
// Title, date, source (Origin) and author must match exactly on 99% of the
// pages and the mean body F1 must reach 0.98.
func TestRigSite(t *testing.T) {
	dir := os.Getenv("ZHWATCH_RIG_DIR")
	if dir == "" {
		t.Skip("set ZHWATCH_RIG_DIR to measure on a generated rig site")
	}
	f, err := os.Open(filepath.Join(dir, "truth.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	type truth struct {
		URL, Title, Body, Date, Source, Author, Template string
	}
	ex := New()
	var pages int
	var bodyF1 float64
	miss := map[string]int{}
	examples := map[string][]string{}
	perTemplate := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	for sc.Scan() {
		var tr truth
		if err := json.Unmarshal(sc.Bytes(), &tr); err != nil {
			t.Fatal(err)
		}
		u, err := url.Parse(tr.URL)
		if err != nil {
			t.Fatal(err)
		}
		body, err := os.ReadFile(filepath.Join(dir, "www", filepath.FromSlash(u.Path)))
		if err != nil {
			t.Fatal(err)
		}
		a, err := ex.Extract(zhwatch.Page{URL: tr.URL, Header: http.Header{"Content-Type": {"text/html"}}, Body: body,
			FetchedAt: time.Date(2019, 1, 1, 0, 0, 0, 0, zhwatch.ChinaTime)})
		if err != nil {
			t.Errorf("%s: %v", tr.URL, err)
			continue
		}
		pages++
		perTemplate[tr.Template]++
		bodyF1 += charF1(tr.Body, a.Body)
		check := func(field, want, got string) {
			if want != got {
				miss[field]++
				if len(examples[field]) < rigExamples() {
					examples[field] = append(examples[field], fmt.Sprintf("%s [%s]: want %q, got %q", tr.URL, tr.Template, want, got))
				}
			}
		}
		check("title", foldSpace(tr.Title), foldSpace(a.Title))
		check("date", tr.Date, rigDate(a.PublishedAt))
		check("source", tr.Source, a.Origin)
		check("author", tr.Author, a.Author)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if pages == 0 {
		t.Fatalf("no pages in %s", dir)
	}
	bodyF1 /= float64(pages)
	t.Logf("pages=%d templates=%v body F1=%.4f", pages, perTemplate, bodyF1)
	for _, field := range []string{"title", "date", "source", "author"} {
		exact := 1 - float64(miss[field])/float64(pages)
		t.Logf("%-6s exact %.4f (%d misses)", field, exact, miss[field])
		for _, e := range examples[field] {
			t.Logf("    %s", e)
		}
		if exact < 0.99 {
			t.Errorf("%s exact on %.4f of the pages, want at least 0.99", field, exact)
		}
	}
	if bodyF1 < 0.98 {
		t.Errorf("body F1 %.4f, want at least 0.98", bodyF1)
	}
}

// rigDate writes a PublishedAt the way truth.jsonl does: "2006-01-02 15:04",
// or the day alone.
func rigDate(s string) string {
	a := zhwatch.Article{PublishedAt: s}
	t, ok := a.Published()
	switch {
	case !ok:
		return s
	case len(s) > len("2006-01-02"):
		return t.In(zhwatch.ChinaTime).Format("2006-01-02 15:04")
	}
	return t.Format("2006-01-02")
}

func foldSpace(s string) string { return strings.Join(strings.Fields(norm.NFKC.String(s)), " ") }

// charF1 is the evaluation scorer's bag-of-tokens F1 for Chinese: each Han
// character is a token, so is each run of other letters and digits.
func charF1(want, got string) float64 {
	tw, tg := zhTokens(want), zhTokens(got)
	if len(tw) == 0 && len(tg) == 0 {
		return 1
	}
	counts := map[string]int{}
	for _, t := range tw {
		counts[t]++
	}
	tp := 0
	for _, t := range tg {
		if counts[t] > 0 {
			counts[t]--
			tp++
		}
	}
	if tp == 0 {
		return 0
	}
	p, r := float64(tp)/float64(len(tg)), float64(tp)/float64(len(tw))
	return 2 * p * r / (p + r)
}

func zhTokens(s string) []string {
	var out []string
	var word []rune
	flush := func() {
		if len(word) > 0 {
			out = append(out, string(word))
			word = word[:0]
		}
	}
	for _, r := range norm.NFKC.String(s) {
		switch {
		case isHan(r):
			flush()
			out = append(out, string(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

// rigExamples is how many misses per field TestRigSite prints
// (ZHWATCH_RIG_EXAMPLES, default 3).
func rigExamples() int {
	var n int
	if _, err := fmt.Sscan(os.Getenv("ZHWATCH_RIG_EXAMPLES"), &n); err != nil {
		return 3
	}
	return n
}
