package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/benchdata"
	"github.com/zhwatch/zhwatch/internal/index"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// params is the query as /api/v1/search parameters.
func params(q benchdata.Query) url.Values {
	p := url.Values{"q": {q.Text()}}
	if q.Kind == "date" {
		p.Set("from", q.From)
		p.Set("to", q.To)
	}
	return p
}

// BenchmarkHTTPSearch stores the corpus (repeated with new URLs to
// ZHWATCH_BENCH_N articles) in SQLite, tags it with the entity catalog,
// rebuilds the index from the store as `search reindex` does, and sends the
// 50 queries of queries.json through the HTTP API (facets and highlights
// included) ZHWATCH_BENCH_ROUNDS times. Run it with make bench-search.
func BenchmarkHTTPSearch(b *testing.B) {
	path, qpath := os.Getenv("ZHWATCH_BENCH_CORPUS"), os.Getenv("ZHWATCH_BENCH_QUERIES")
	if path == "" || qpath == "" {
		b.Skip("set ZHWATCH_BENCH_CORPUS and ZHWATCH_BENCH_QUERIES (make bench-search) to run the HTTP benchmark")
	}
	n, _ := strconv.Atoi(os.Getenv("ZHWATCH_BENCH_N"))
	rounds, _ := strconv.Atoi(os.Getenv("ZHWATCH_BENCH_ROUNDS"))
	rounds = max(rounds, 1)
	ctx := context.Background()
	base, err := benchdata.ReadCorpus(path)
	if err != nil {
		b.Fatal(err)
	}
	if n == 0 {
		n = len(base)
	}
	queries, err := benchdata.ReadQueries(qpath)
	if err != nil {
		b.Fatal(err)
	}

	// ZHWATCH_BENCH_DATA keeps the store and the index between runs: a
	// directory that already holds them is reused (latencies only); remove
	// its index/ to measure reindex again without reloading the store.
	data := os.Getenv("ZHWATCH_BENCH_DATA")
	if data == "" {
		data = b.TempDir()
	}
	flags := &commonFlags{data: data}
	stored := fileExists(filepath.Join(data, sqlite.FileName))
	reuse := stored && fileExists(filepath.Join(data, index.DirName))
	o, err := open(ctx, flags, false, nil)
	if err != nil {
		b.Fatal(err)
	}
	defer func() { o.Close() }()
	if reuse {
		count, err := o.index.Count()
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("HTTP benchmark: reusing %s (%d articles); no indexing figures\n", data, count)
	} else {
		loadAndReindex(b, ctx, o, data, base, n, !stored)
	}

	srv := httptest.NewServer(newHandler(o, slog.New(slog.DiscardHandler)))
	defer srv.Close()
	var all, oneWord []time.Duration
	for r := range rounds {
		for _, q := range queries {
			t0 := time.Now()
			res, err := srv.Client().Get(srv.URL + "/api/v1/search?" + params(q).Encode())
			if err != nil {
				b.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			d := time.Since(t0)
			if res.StatusCode != 200 {
				b.Fatalf("q%d: %d %s", q.ID, res.StatusCode, body)
			}
			if r == 0 {
				continue // warm-up round: caches, first use of each term
			}
			all = append(all, d)
			if q.Kind == "term" {
				oneWord = append(oneWord, d)
			}
		}
	}
	if rounds == 1 {
		b.Log("one round only: it is the warm-up, no latencies; set ZHWATCH_BENCH_ROUNDS ≥ 2")
		return
	}
	b.ReportMetric(ms(benchdata.Percentile(oneWord, .95)), "p95-1word-ms")
	fmt.Printf("  %d requests (50 queries × %d rounds after a warm-up), facets + highlights:\n", len(all), rounds-1)
	fmt.Printf("    all queries   p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n", ms(benchdata.Percentile(all, .5)), ms(benchdata.Percentile(all, .95)), ms(benchdata.Percentile(all, .99)))
	fmt.Printf("    one-word (20) p50 %.1f ms  p95 %.1f ms  p99 %.1f ms\n", ms(benchdata.Percentile(oneWord, .5)), ms(benchdata.Percentile(oneWord, .95)), ms(benchdata.Percentile(oneWord, .99)))
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

// loadAndReindex stores n articles (the corpus repeated with new URLs),
// tagged with the catalog, then rebuilds the index as search reindex does
// and reports throughput and size.
func loadAndReindex(b *testing.B, ctx context.Context, o *opened, data string, base []zhwatch.Article, n int, load bool) {
	if o.catalog != nil {
		for i := range base {
			base[i].Tags = o.catalog.c.Tag(base[i].Title + "\n" + base[i].Body)
		}
	}
	start := time.Now()
	var rawText int64
	for i := range n {
		a := base[i%len(base)]
		if round := i / len(base); round > 0 {
			a.URL += "#" + strconv.Itoa(round)
		}
		rawText += int64(len(a.Title) + len(a.Body))
		if !load {
			continue // stored by an earlier run; the index was removed to measure reindex
		}
		var err error
		a.PageID, err = o.store.PutPage(ctx, zhwatch.Page{Source: a.Source, URL: a.URL, FinalURL: a.URL,
			Status: 200, FetchedAt: start, Body: []byte("<html>corpus</html>")})
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := o.store.PutArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	storeTook := time.Since(start)

	// search reindex, less loading the dictionaries and the catalog.
	dir := filepath.Join(data, index.DirName)
	seg, err := zh.Shared()
	if err != nil {
		b.Fatal(err)
	}
	opts := index.Options{Texts: o.store, Aliases: o.catalog}
	if err := o.index.Close(); err != nil {
		b.Fatal(err)
	}
	cpu0 := benchdata.CPUTime()
	start = time.Now()
	if o.index, err = rebuildIndex(ctx, dir, seg, opts, o.store, nil); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	cpu := benchdata.CPUTime() - cpu0
	size, err := benchdata.DirSize(dir)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(n)/took.Seconds(), "articles/s")
	b.ReportMetric(float64(size)/float64(rawText), "size/raw")
	fmt.Printf("HTTP benchmark: %d articles (%.1f MB raw text), store load %v (0 when reused)\n", n, float64(rawText)/1e6, storeTook.Round(time.Second))
	fmt.Printf("  reindex from the store: %v = %.0f articles/s (%.0f per CPU-second); index %.1f MB = %.2f× raw text\n",
		took.Round(time.Second), float64(n)/took.Seconds(), float64(n)/cpu.Seconds(), float64(size)/1e6, float64(size)/float64(rawText))
}
