package ingest

import (
	"context"
	"fmt"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// limitSource records the largest batch asked for.
type limitSource struct {
	PageSource
	largest int
}

func (l *limitSource) LatestPages(ctx context.Context, after int64, limit int) ([]zhwatch.Page, error) {
	l.largest = max(l.largest, limit)
	return l.PageSource.LatestPages(ctx, after, limit)
}

// TestReprocessSmallBatches: reprocess reaches every page while loading at
// most ReprocessBatch pages (bodies included) at a time.
func TestReprocessSmallBatches(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewSaver(db, NewPipeline(extract.New(), topics, nil))
	const n = 3*ReprocessBatch + 1
	for i := range n {
		if _, err := s.SavePage(ctx, page(fmt.Sprintf("http://h/2025/08/28/%d.html", i), tradPage), true); err != nil {
			t.Fatal(err)
		}
	}
	src := &limitSource{PageSource: db}
	res, err := s.Reprocess(ctx, src, func(zhwatch.Page) bool { return true }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages != n || src.largest > ReprocessBatch {
		t.Errorf("reprocessed %d pages (want %d), batches of up to %d (want ≤ %d)", res.Pages, n, src.largest, ReprocessBatch)
	}
}
