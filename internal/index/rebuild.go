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

// Rebuild builds a new index at dir (which must not exist) from every
// article in src, with bleve's offline builder: segments are written whole
// and merged once at the end, so it is faster than Sync into an empty index
// and leaves one compact segment per shard. The shards are built
// concurrently. progress, if not nil, is called now and then with the
// running total. The index is opened with Open afterwards; an interrupted
// Rebuild leaves no index at dir.
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
