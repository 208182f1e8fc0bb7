package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/benchdata"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// Environment of the corpus benchmark (make bench-search):
//
//	ZHWATCH_BENCH_CORPUS   news.jsonl ({"id","title","body","date","source"} a line)
//	ZHWATCH_BENCH_QUERIES  queries.json (50 queries: term, phrase, and, date)
//	ZHWATCH_BENCH_N        articles to index; the corpus is repeated with new ids to reach it
const (
	envCorpus  = "ZHWATCH_BENCH_CORPUS"
	envQueries = "ZHWATCH_BENCH_QUERIES"
	envN       = "ZHWATCH_BENCH_N"
)

// loadBenchCorpus reads the corpus as articles (ids as the store would
// give them) and the queries.
func loadBenchCorpus(tb testing.TB) ([]zhwatch.Article, []benchdata.Query) {
	tb.Helper()
	path, qpath := os.Getenv(envCorpus), os.Getenv(envQueries)
	if path == "" || qpath == "" {
		tb.Skipf("set %s and %s (make bench-search) to run the corpus benchmark", envCorpus, envQueries)
	}
	out, err := benchdata.ReadCorpus(path)
	if err != nil {
		tb.Fatal(err)
	}
	qs, err := benchdata.ReadQueries(qpath)
	if err != nil {
		tb.Fatal(err)
	}
	return out, qs
}

// repeatTo repeats articles with new ids (and URLs) until there are n.
func repeatTo(articles []zhwatch.Article, n int) []zhwatch.Article {
	out := make([]zhwatch.Article, 0, n)
	for i := 0; len(out) < n; i++ {
		a := articles[i%len(articles)]
		if round := i / len(articles); round > 0 {
			a.URL += "#" + strconv.Itoa(round)
			a.ID = zhwatch.ArticleID(a.URL)
		}
		a.Seq = int64(i + 1)
		out = append(out, a)
	}
	return out
}

func rawBytes(articles []zhwatch.Article) int64 {
	var n int64
	for _, a := range articles {
		n += int64(len(a.Title) + len(a.Body))
	}
	return n
}

// truth is the set of ids whose normalised text holds every term (and whose
// date is in range): what a perfect substring search would find.
func truth(articles []zhwatch.Article, norm []string, q benchdata.Query) map[string]bool {
	out := map[string]bool{}
	for i, a := range articles {
		ok := true
		for _, t := range q.Terms {
			if !strings.Contains(norm[i], zh.Normalize(t)) {
				ok = false
				break
			}
		}
		if ok && q.Kind == "date" {
			ok = a.PublishedAt != "" && a.PublishedAt >= q.From && a.PublishedAt <= q.To
		}
		if ok {
			out[a.ID] = true
		}
	}
	return out
}

// BenchmarkCorpus indexes the corpus (repeated to ZHWATCH_BENCH_N) with the
// jieba analyzer (body not stored: snippets come from the store's text),
// with the body stored, and with bleve's cjk bigram analyzer, and reports
// throughput, size against the raw text, recall and precision against a
// substring search on the 11.6k originals, and in-process query latency.
// Run it once: go test -run XXX -bench Corpus -benchtime 1x ./internal/index/
func BenchmarkCorpus(b *testing.B) {
	base, queries := loadBenchCorpus(b)
	n := len(base)
	if s := os.Getenv(envN); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	norm := make([]string, len(base))
	for i, a := range base {
		norm[i] = zh.Normalize(a.Title + "\n" + a.Body)
	}
	all := repeatTo(base, n)
	src := memSource(all)
	seg := testSegmenter(b)
	for _, c := range []struct {
		name    string
		lay     layout
		rebuild bool
	}{
		{"jieba-rebuild", defaultLayout, true},
		{"jieba-sync", defaultLayout, false},
		{"jieba+body-rebuild", layout{analyzer: AnalyzerName, storeBody: true}, true},
		{"cjk-rebuild", layout{analyzer: cjk.AnalyzerName}, true},
	} {
		b.Run(c.name, func(b *testing.B) {
			for range b.N {
				benchLayout(b, c.name, c.lay, c.rebuild, seg, src, base, norm, queries)
			}
		})
	}
}

func benchLayout(b *testing.B, name string, lay layout, rebuild bool, seg *zh.Segmenter, src memSource,
	base []zhwatch.Article, norm []string, queries []benchdata.Query) {
	ctx := context.Background()
	dir := filepath.Join(b.TempDir(), "index")
	cpu0 := benchdata.CPUTime()
	start := time.Now()
	if rebuild {
		ix, _, err := rebuildLayout(ctx, dir, seg, src, Options{Texts: src}, nil, lay)
		if err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	} else {
		ix, err := openLayout(dir, seg, Options{Texts: src}, lay)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Sync(ctx, ix, src, nil); err != nil {
			b.Fatal(err)
		}
		if err := ix.Close(); err != nil {
			b.Fatal(err)
		}
	}
	took := time.Since(start)
	cpu := benchdata.CPUTime() - cpu0
	size, err := benchdata.DirSize(dir)
	if err != nil {
		b.Fatal(err)
	}
	ratio := float64(size) / float64(rawBytes(src))
	ix, err := openLayout(dir, seg, Options{Texts: src}, lay)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()

	// Recall and precision over the originals (copies have other ids).
	inBase := map[string]bool{}
	for _, a := range base {
		inBase[a.ID] = true
	}
	var recall, precision float64
	var lat, oneWord []time.Duration
	for _, q := range queries {
		want := truth(base, norm, q)
		got := map[string]bool{}
		err := ix.Each(ctx, q.WithDates(), func(h Hit) error {
			if inBase[h.ID] {
				got[h.ID] = true
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
		hit := 0
		for id := range got {
			if want[id] {
				hit++
			}
		}
		r, p := 1.0, 1.0
		if len(want) > 0 {
			r = float64(hit) / float64(len(want))
		}
		if len(got) > 0 {
			p = float64(hit) / float64(len(got))
		}
		recall += r
		precision += p
		if r < 0.9 || p < 0.9 {
			b.Logf("%s: q%d %s: truth %d, found %d, recall %.2f, precision %.2f", name, q.ID, q.Text(), len(want), len(got), r, p)
		}
		for range 5 {
			t0 := time.Now()
			if _, err := ix.Search(ctx, Request{Query: q.WithDates(), Facets: true}); err != nil {
				b.Fatal(err)
			}
			d := time.Since(t0)
			lat = append(lat, d)
			if q.Kind == "term" {
				oneWord = append(oneWord, d)
			}
		}
	}
	nq := float64(len(queries))
	b.ReportMetric(float64(len(src))/took.Seconds(), "articles/s")
	b.ReportMetric(ratio, "size/raw")
	b.ReportMetric(recall/nq, "recall")
	b.ReportMetric(precision/nq, "precision")
	b.ReportMetric(float64(benchdata.Percentile(oneWord, 0.95).Microseconds())/1000, "p95-1word-ms")
	fmt.Printf("%-18s %7d articles  %6.0f articles/s (%4.0f per CPU-second)  size %6.1f MB = %.2f× raw  recall %.3f  precision %.3f  "+
		"in-process query p50/p95/p99 %v/%v/%v (one word p95 %v)\n",
		name, len(src), float64(len(src))/took.Seconds(), float64(len(src))/cpu.Seconds(), float64(size)/1e6, ratio, recall/nq, precision/nq,
		benchdata.Percentile(lat, .5).Round(time.Microsecond*100), benchdata.Percentile(lat, .95).Round(time.Microsecond*100),
		benchdata.Percentile(lat, .99).Round(time.Microsecond*100), benchdata.Percentile(oneWord, .95).Round(time.Microsecond*100))
}
