package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// Rebuild builds a new index at dir (which must not exist) from every
// article in src, with bleve's offline builder: segments are written whole
// and merged once at the end, so it is faster than Sync into an empty index
// and leaves one compact segment. progress, if not nil, is called now and
// then with the running total. The index is opened with Open afterwards; an
// interrupted Rebuild leaves no index at dir.
func Rebuild(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, progress func(done int)) (int, error) {
	return rebuildLayout(ctx, dir, seg, src, progress, defaultLayout)
}

func rebuildLayout(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, progress func(done int), lay layout) (n int, err error) {
	m, err := newMapping(seg.DictDigest(), lay)
	if err != nil {
		return 0, fmt.Errorf("index mapping: %w", err)
	}
	if _, err := os.Stat(dir); err == nil {
		return 0, fmt.Errorf("rebuild index %s: it exists; remove it first", dir)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return 0, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	b, err := bleve.NewBuilder(dir, m, map[string]any{
		"buildPathPrefix": filepath.Dir(dir), // same file system: the result is renamed into place
		"batchSize":       2000,
		"mergeMax":        20,
	})
	if err != nil {
		return 0, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	cache := installPrefetch(m, lay.analyzer)

	// A reader goroutine fetches batches from the store and segments them
	// ahead (on the other cores) while this one feeds the builder.
	readCtx, stop := context.WithCancel(ctx)
	defer stop()
	batches := make(chan []zhwatch.Article, 1)
	var readErr error
	go func() {
		defer close(batches)
		var after int64
		for {
			batch, err := src.ArticlesSince(readCtx, after, batchSize)
			if err != nil || len(batch) == 0 {
				readErr = err
				return
			}
			after = batch[len(batch)-1].Seq
			if cache != nil {
				cache.prefetch(seg, batch)
			}
			select {
			case batches <- batch:
			case <-readCtx.Done():
				return
			}
		}
	}()

	var seq int64
	for batch := range batches {
		if err := ctx.Err(); err != nil {
			b.Close()
			return n, err
		}
		for _, a := range batch {
			if err := b.Index(a.ID, newDocument(a)); err != nil {
				b.Close()
				return n, fmt.Errorf("index article %s: %w", a.ID, err)
			}
			seq = max(seq, a.Seq)
		}
		n += len(batch)
		if progress != nil {
			progress(n)
		}
	}
	if readErr != nil {
		b.Close()
		return n, readErr
	}
	if err := b.Close(); err != nil {
		return n, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	// Record the seq reached only once the documents are on disk.
	bi, err := bleve.OpenUsing(dir, runtimeConfig())
	if err != nil {
		return n, openError(dir, err)
	}
	if err := bi.SetInternal(seqKey, []byte(strconv.FormatInt(seq, 10))); err != nil {
		bi.Close()
		return n, fmt.Errorf("rebuild index %s: record seq: %w", dir, err)
	}
	if err := bi.Close(); err != nil {
		return n, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	return n, nil
}
