// Command rigeval compares the articles a crawl of the rig site stored with
// the site's truth.jsonl and prints how many match: title, date, source
// (来源) and author exactly, and the body's character F1.
//
//	go run ./bench/rigeval -data DATA_DIR -truth SITE/truth.jsonl [-base http://127.0.0.1:8000] [-misses 5]
//
// The rig writes its truth with the base URL it was built for; -base
// replaces that prefix when the site is served elsewhere.
package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"
	"unicode"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

type truth struct {
	URL, Title, Body, Date, Source, Author, Template string
}

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "rigeval:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("rigeval", flag.ContinueOnError)
	data := fs.String("data", "", "zhwatch data directory")
	truthPath := fs.String("truth", "", "the rig's truth.jsonl")
	base := fs.String("base", "", "URL prefix the site was served at, if not the one in truth.jsonl")
	misses := fs.Int("misses", 3, "examples of mismatches to print per field")
	if err := fs.Parse(args); err != nil {
		return err
	}
	db, err := sqlite.Open(ctx, *data)
	if err != nil {
		return err
	}
	defer db.Close()
	f, err := os.Open(*truthPath)
	if err != nil {
		return err
	}
	defer f.Close()

	fields := []string{"title", "date", "date (day)", "source", "author"}
	exact := map[string]int{}
	shown := map[string]int{}
	byTemplate := map[string][2]float64{}
	var n, missing int
	var f1Sum float64
	var below98 int
	var printedCredits int // pages without an author in the truth whose text credits one
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var tr truth
		if err := json.Unmarshal(sc.Bytes(), &tr); err != nil {
			return fmt.Errorf("truth: %w", err)
		}
		if *base != "" {
			if i := strings.Index(tr.URL[len("http://"):], "/"); i >= 0 {
				tr.URL = strings.TrimSuffix(*base, "/") + tr.URL[len("http://")+i:]
			}
		}
		n++
		a, err := db.Article(ctx, zhwatch.ArticleID(tr.URL))
		if err != nil {
			missing++
			continue
		}
		got := map[string]string{"title": a.Title, "date": minute(a), "date (day)": day(a.PublishedAt),
			"source": a.Origin, "author": a.Author}
		want := map[string]string{"title": tr.Title, "date": tr.Date, "date (day)": day(tr.Date),
			"source": tr.Source, "author": tr.Author}
		if want["author"] == "" && got["author"] != "" && creditedInText(tr.Body, got["author"]) {
			printedCredits++
		}
		for _, k := range fields {
			if got[k] == want[k] {
				exact[k]++
			} else if shown[k] < *misses {
				shown[k]++
				fmt.Fprintf(stdout, "miss %-10s %s\n    got  %q\n    want %q\n", k, tr.URL, got[k], want[k])
			}
		}
		f1 := charF1(a.Body, tr.Body)
		f1Sum += f1
		if f1 < 0.98 {
			below98++
		}
		t := byTemplate[tr.Template]
		byTemplate[tr.Template] = [2]float64{t[0] + 1, t[1] + f1}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	found := n - missing
	fmt.Fprintf(stdout, "articles in truth %d, stored %d, missing %d\n", n, found, missing)
	if found == 0 {
		return nil
	}
	for _, k := range fields {
		fmt.Fprintf(stdout, "%-11s exact %6.2f%%\n", k, 100*float64(exact[k])/float64(found))
	}
	fmt.Fprintf(stdout, "author      exact %6.2f%% counting as right the %d pages whose truth has no author but whose text prints the credit found\n",
		100*float64(exact["author"]+printedCredits)/float64(found), printedCredits)
	fmt.Fprintf(stdout, "body F1     mean %.4f, %d articles below 0.98\n", f1Sum/float64(found), below98)
	for _, tpl := range []string{"A", "B", "C", "D"} {
		if t := byTemplate[tpl]; t[0] > 0 {
			fmt.Fprintf(stdout, "  template %s: %4.0f articles, body F1 %.4f\n", tpl, t[0], t[1]/t[0])
		}
	}
	return nil
}

// creditMark is a credit next to a name: a label before it, or a bracket or
// "/文" right after it.
var creditMark = regexp.MustCompile(`(?:记者|記者|文|作者|撰稿|撰文|通讯员|實習生|实习生|[（(])[^。，！？\n]{0,14}$`)

// creditedInText reports whether every name in author is printed in body
// as a credit. mksite.py takes the truth's author from a bracketed credit
// in the first 200 characters only; later credits ("……（记者 郭佳）",
// "北京青年报记者 郭佳" closing the text) are on the page but not in it.
func creditedInText(body, author string) bool {
	for _, name := range strings.FieldsFunc(author, func(r rune) bool { return r == ' ' || r == '、' }) {
		i := strings.Index(body, name)
		if i < 0 {
			return false
		}
		after := body[i+len(name):]
		if !creditMark.MatchString(body[:i]) && !strings.HasPrefix(after, "）") && !strings.HasPrefix(after, ")") && !strings.HasPrefix(after, "/文") {
			return false
		}
	}
	return true
}

// minute renders the article's date as the truth does: "2006-01-02 15:04",
// or just the day when no time was found.
func minute(a zhwatch.Article) string {
	if len(a.PublishedAt) == len("2006-01-02") {
		return a.PublishedAt
	}
	t, ok := a.Published()
	if !ok {
		return a.PublishedAt
	}
	return t.In(zhwatch.ChinaTime).Format("2006-01-02 15:04")
}

func day(s string) string {
	if len(s) >= 10 {
		return s[:10]
	}
	return s
}

// charF1 is the F1 of the two texts' characters as multisets, spaces ignored.
func charF1(got, want string) float64 {
	count := func(s string) map[rune]int {
		m := map[rune]int{}
		for _, r := range s {
			if !unicode.IsSpace(r) {
				m[r]++
			}
		}
		return m
	}
	g, w := count(got), count(want)
	var overlap, ng, nw int
	for r, c := range g {
		ng += c
		overlap += min(c, w[r])
	}
	for _, c := range w {
		nw += c
	}
	if ng == 0 || nw == 0 {
		if ng == nw {
			return 1
		}
		return 0
	}
	p, r := float64(overlap)/float64(ng), float64(overlap)/float64(nw)
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}
