package index

import (
	"context"
	"fmt"

	"github.com/zhwatch/zhwatch"
)

// ArticleSource is what the index needs from the store.
type ArticleSource interface {
	ArticlesSince(ctx context.Context, seq int64, limit int) ([]zhwatch.Article, error)
}

// batchSize bounds memory while catching up.
const batchSize = 500

// Sync brings the index up to date with src and returns how many articles it
// indexed. progress, if not nil, is called after each batch with the running
// total. An interrupted Sync resumes from the last committed batch. Syncs of
// one index run one at a time (serve's follower and a digest's catch-up).
func Sync(ctx context.Context, ix *Index, src ArticleSource, progress func(done int)) (int, error) {
	ix.syncing.Lock()
	defer ix.syncing.Unlock()
	seq, err := ix.Seq()
	if err != nil {
		return 0, fmt.Errorf("read index position: %w", err)
	}
	done := 0
	for {
		batch, err := src.ArticlesSince(ctx, seq, batchSize)
		if err != nil {
			return done, err
		}
		if len(batch) == 0 {
			return done, nil
		}
		if err := ix.Apply(ctx, batch); err != nil {
			return done, err
		}
		seq = batch[len(batch)-1].Seq
		done += len(batch)
		if progress != nil {
			progress(done)
		}
	}
}
