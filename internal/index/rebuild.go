package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync"

	"github.com/blevesearch/bleve/v2"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/zh"
)

// Rebuild replaces the index at dir with one built from every article in
// src, and returns it open, with how many articles it holds. It holds the
// index's lock throughout, so no other process can open the index while it
// is rebuilt (ErrIndexLocked), and builds beside it (dir.new), so an
// interrupted or failed rebuild leaves the old index as it was. An index of
// another layout or dictionary is replaced all the same.
//
// The shards are built concurrently with bleve's offline builder: segments
// are written whole and merged once at the end, which is faster than Sync
// into an empty index and leaves one compact segment per shard. progress,
// if not nil, is called now and then with the running total.
func Rebuild(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, opts Options, progress func(done int)) (*Index, int, error) {
	return rebuildLayout(ctx, dir, seg, src, opts, progress, defaultLayout)
}

func rebuildLayout(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, opts Options, progress func(done int), lay layout) (*Index, int, error) {
	lk, err := lockIndex(dir)
	if err != nil {
		return nil, 0, err
	}
	ix, n, err := rebuildLocked(ctx, dir, seg, src, opts, progress, lay)
	if err != nil {
		lk.release()
		return nil, n, err
	}
	ix.lock = lk
	return ix, n, nil
}

func rebuildLocked(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, opts Options, progress func(done int), lay layout) (*Index, int, error) {
	next := dir + ".new"
	if err := os.RemoveAll(next); err != nil { // left by a rebuild that died
		return nil, 0, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	n, err := build(ctx, next, seg, src, progress, lay)
	if err != nil {
		return nil, n, err
	}
	if err := os.RemoveAll(dir); err != nil {
		return nil, n, fmt.Errorf("rebuild index %s: remove the old one: %w", dir, err)
	}
	if err := os.Rename(next, dir); err != nil {
		return nil, n, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	ix, err := openLocked(dir, seg, opts, lay)
	return ix, n, err
}

// build builds an index at dir, which must not exist, from src.
func build(ctx context.Context, dir string, seg *zh.Segmenter, src ArticleSource, progress func(done int), lay layout) (n int, err error) {
	m, err := newMapping(seg.DictDigest(), lay)
	if err != nil {
		return 0, fmt.Errorf("index mapping: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return 0, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(dir)
		}
	}()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)

	shards := make([]chan []zhwatch.Article, lay.shardCount())
	var wg sync.WaitGroup
	for i := range shards {
		shards[i] = make(chan []zhwatch.Article, 1)
		wg.Go(func() {
			if err := buildShard(ctx, shardDir(dir, i), m, shards[i]); err != nil {
				cancel(err)
			}
		})
	}
	n, seq, readErr := feedShards(ctx, src, shards, progress)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return n, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	if readErr != nil {
		return n, readErr
	}
	// Record the seq reached only once the documents are on disk.
	if err := recordSeq(dir, len(shards), seq); err != nil {
		return n, fmt.Errorf("rebuild index %s: %w", dir, err)
	}
	return n, nil
}

// feedShards reads every article from src and hands each to its shard's
// builder; it closes the channels when done. It returns how many articles it
// handed on and the highest seq among them.
func feedShards(ctx context.Context, src ArticleSource, shards []chan []zhwatch.Article, progress func(int)) (n int, seq int64, err error) {
	defer func() {
		for _, ch := range shards {
			close(ch)
		}
	}()
	for {
		batch, err := src.ArticlesSince(ctx, seq, batchSize)
		if err != nil || len(batch) == 0 {
			return n, seq, err
		}
		parts := make([][]zhwatch.Article, len(shards))
		for _, a := range batch {
			i := shardOf(a.ID, len(shards))
			parts[i] = append(parts[i], a)
			seq = max(seq, a.Seq)
		}
		for i, part := range parts {
			select {
			case shards[i] <- part:
			case <-ctx.Done():
				return n, seq, context.Cause(ctx)
			}
		}
		n += len(batch)
		if progress != nil {
			progress(n)
		}
	}
}

// buildShard builds one shard at dir from the batches it receives until
// the channel closes. The builder is made on the first article: bleve's
// builder cannot close without one, and a shard may get none.
func buildShard(ctx context.Context, dir string, m plainDocValues, batches <-chan []zhwatch.Article) error {
	var b bleve.Builder
	for batch := range batches {
		if ctx.Err() != nil {
			continue // drain, so the feeder is never left blocked
		}
		for _, a := range batch {
			if b == nil {
				var err error
				if b, err = bleve.NewBuilder(dir, m, map[string]any{
					"buildPathPrefix": filepath.Dir(dir), // same file system: the result is renamed into place
					"batchSize":       1000,              // documents per segment: bounds the heap
					"mergeMax":        10000,             // merge all segments in one pass at the end
				}); err != nil {
					return err
				}
			}
			if err := b.Index(a.ID, newDocument(a)); err != nil {
				return fmt.Errorf("index article %s: %w", a.ID, err)
			}
		}
	}
	switch {
	case ctx.Err() != nil:
		return nil // the cause is already recorded; the files are removed
	case b == nil:
		empty, err := bleve.NewUsing(dir, m, bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig())
		if err != nil {
			return err
		}
		return empty.Close()
	}
	return b.Close()
}

// recordSeq opens the n built shards at dir and records in each the seq
// reached and the shard count.
func recordSeq(dir string, n int, seq int64) error {
	shards, err := openShards(dir, n)
	if err != nil {
		return openError(dir, err)
	}
	err = recordShards(shards)
	for _, s := range shards {
		if err == nil {
			err = s.SetInternal(seqKey, []byte(strconv.FormatInt(seq, 10)))
		}
	}
	return errors.Join(err, closeAll(shards))
}
