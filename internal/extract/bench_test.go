package extract

import (
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/zhwatch/zhwatch"
)

// BenchmarkExtract runs Extract over every HTML fixture and reports pages/s.
func BenchmarkExtract(b *testing.B) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.html"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no fixtures: %v", err)
	}
	var pages []zhwatch.Page
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, zhwatch.Page{URL: "http://x.cn/" + filepath.Base(name), Header: http.Header{"Content-Type": {"text/html"}}, Body: body})
	}
	benchPages(b, pages)
}

// BenchmarkExtractEval runs Extract over the evaluation set when
// ZHWATCH_EVAL_DIR is set (real pages are larger than the fixtures).
func BenchmarkExtractEval(b *testing.B) {
	dir := os.Getenv("ZHWATCH_EVAL_DIR")
	if dir == "" {
		b.Skip("set ZHWATCH_EVAL_DIR to benchmark on the evaluation set")
	}
	files, _ := filepath.Glob(filepath.Join(dir, "zh-*", "page.html"))
	var pages []zhwatch.Page
	for _, name := range files {
		body, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		if strings.HasPrefix(filepath.Base(filepath.Dir(name)), "zh-") {
			pages = append(pages, zhwatch.Page{URL: "http://x.cn/", Body: body})
		}
	}
	if len(pages) == 0 {
		b.Skip("no zh pages")
	}
	benchPages(b, pages)
}

func benchPages(b *testing.B, pages []zhwatch.Page) {
	ex := New()
	var bytes int64
	for _, p := range pages {
		bytes += int64(len(p.Body))
	}
	b.SetBytes(bytes / int64(len(pages)))
	b.ReportAllocs()
	var took []time.Duration
	for i := 0; b.Loop(); i++ {
		start := time.Now()
		if _, err := ex.Extract(pages[i%len(pages)]); err != nil {
			b.Fatal(err)
		}
		took = append(took, time.Since(start))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds())/1000, "median-ms/page")
}
