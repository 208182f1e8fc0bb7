package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/extract"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// TestSaveErrorsSayWhatFailed: a page too deeply nested to parse is a
// parse failure of extraction, not a store error, and the page is kept.
func TestSaveErrorsSayWhatFailed(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	s := NewSaver(db, NewPipeline(extract.New(), topics, nil))
	deep := "<html><body>" + strings.Repeat("<div>", 5000) + "<p>出口管制</p></body></html>"
	_, err = s.SavePage(ctx, page("http://h/deep.html", deep), true)
	if !errors.Is(err, zhwatch.ErrExtract) || !errors.Is(err, zhwatch.ErrUnparsable) {
		t.Errorf("deep page: err = %v, want ErrExtract and ErrUnparsable", err)
	}
	if pages, _, _ := db.Counts(ctx); pages != 1 {
		t.Errorf("%d pages stored, want the deep page kept", pages)
	}
}
