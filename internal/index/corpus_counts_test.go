package index

import (
	"path/filepath"
	"testing"

	"github.com/zhwatch/zhwatch/internal/entity"
)

// TestCorpusCountsExact runs the counting suite (counts_test.go) on the
// 11.6k-article corpus of ../shared/corpus, tagged with the entity catalog,
// built both ways; make bench-search sets its environment:
//
//	ZHWATCH_BENCH_CORPUS=../shared/corpus/news.jsonl ZHWATCH_BENCH_QUERIES=../shared/corpus/queries.json \
//	  go test -run TestCorpusCountsExact -v ./internal/index/
func TestCorpusCountsExact(t *testing.T) {
	articles, qs := loadBenchCorpus(t)
	cat, err := entity.Load(filepath.Join("..", "..", "dictionaries"))
	if err != nil {
		t.Fatal(err)
	}
	src := make(memSource, len(articles))
	for i, a := range articles {
		a.Tags = cat.Tag(a.Title + "\n" + a.Body)
		a.Seq = int64(i + 1) // as the store numbers its rows
		src[i] = a
	}
	queries := append([]string{}, countingQueries...)
	for _, q := range qs {
		queries = append(queries, q.WithDates())
	}
	queries = append(queries, "entity:company:nvidia", "type:money")
	t.Run("rebuild", func(t *testing.T) {
		checkCounts(t, rebuiltForCounting(t, src, defaultLayout), src, queries)
	})
	t.Run("sync", func(t *testing.T) {
		checkCounts(t, syncedForCounting(t, src, defaultLayout, 200), src, queries)
	})
}
