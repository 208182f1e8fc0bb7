package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"testing"

	"github.com/zhwatch/zhwatch"
)

// Writes queued while a commit runs share the next transaction; one that
// fails there fails alone, and every other caller gets its own result.
func TestGroupCommitFailsOneWriteAlone(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	// Hold the committer inside a first write until the others are queued.
	hold, held := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) error {
			close(held)
			<-hold
			return nil
		})
	}()
	<-held

	const n = 12
	bad := errors.New("refused")
	type result struct {
		a   zhwatch.Article
		err error
	}
	results := make([]result, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i == 5 {
				results[i].err = db.inTx(ctx, func(context.Context, *sql.Tx) error { return bad })
				return
			}
			u := fmt.Sprintf("http://h.test/a/%d", i)
			results[i].a, _, results[i].err = db.PutPageArticle(ctx,
				zhwatch.Page{Source: "s", URL: u, FinalURL: u, Status: 200, Body: []byte(u)},
				zhwatch.Article{Source: "s", URL: u, Title: u})
		}()
	}
	for len(db.commits.queue) < n { // all queued behind the held write
		runtime.Gosched()
	}
	close(hold)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}

	seqs := map[int64]bool{}
	for i, r := range results {
		if i == 5 {
			if !errors.Is(r.err, bad) {
				t.Errorf("failing write: err = %v, want %v", r.err, bad)
			}
			continue
		}
		if r.err != nil {
			t.Fatalf("write %d: %v", i, r.err)
		}
		got, err := db.Article(ctx, r.a.ID)
		if err != nil {
			t.Fatalf("write %d not stored: %v", i, err)
		}
		if got.Seq != r.a.Seq || got.PageID != r.a.PageID || r.a.PageID == 0 {
			t.Errorf("write %d: caller told seq %d page %d, store has seq %d page %d", i, r.a.Seq, r.a.PageID, got.Seq, got.PageID)
		}
		seqs[r.a.Seq] = true
	}
	if len(seqs) != n-1 {
		t.Errorf("%d distinct seqs for %d articles", len(seqs), n-1)
	}
}

// Close racing with writers: a write is either committed and reported
// stored, or refused; none is reported stored and lost.
func TestCloseCommitsQueuedWrites(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 20)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			u := fmt.Sprintf("http://h.test/p/%d", i)
			_, errs[i] = db.PutPage(ctx, zhwatch.Page{Source: "s", URL: u, FinalURL: u, Status: 200})
		}()
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if _, err := db.PutPage(ctx, zhwatch.Page{Source: "s", URL: "http://h.test/late", Status: 200}); !errors.Is(err, errClosed) {
		t.Errorf("write after Close: err = %v, want %v", err, errClosed)
	}
	db, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	pages, _, err := db.Counts(ctx)
	if err != nil {
		t.Fatal(err)
	}
	stored := 0
	for _, err := range errs {
		if err == nil {
			stored++
		}
	}
	t.Logf("%d of %d writes before Close", stored, len(errs))
	for _, err := range errs {
		if err != nil && !errors.Is(err, errClosed) {
			t.Errorf("write during Close: %v", err)
		}
	}
	if pages != int64(stored) {
		t.Errorf("%d writes reported stored, %d pages stored", stored, pages)
	}
}
