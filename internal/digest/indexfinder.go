package digest

import (
	"context"
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch/internal/index"
)

// Searcher is what IndexFinder needs from the index.
type Searcher interface {
	StoredSince(ctx context.Context, q string, t time.Time, limit int) ([]string, error)
	Search(ctx context.Context, req index.Request) (index.Results, error)
}

// IndexFinder finds a watchlist's articles with the search index, which
// records when the store first held each article: that, not an update or a
// re-index, is what makes an article new for a digest.
type IndexFinder struct {
	Index Searcher
	// CatchUp, if set, brings the index up to the store before each
	// search. Without it an article stored before a digest but indexed
	// after it (the index was behind: a reindex, a reprocess of many
	// pages) would fall before the next digest's window and never be sent.
	CatchUp func(context.Context) error
}

var _ Finder = IndexFinder{}

// Find returns the matches first stored after storedAfter, oldest first,
// with snippets.
func (f IndexFinder) Find(ctx context.Context, q string, storedAfter time.Time, limit int) ([]Match, error) {
	if f.CatchUp != nil {
		if err := f.CatchUp(ctx); err != nil {
			return nil, fmt.Errorf("catch the index up with the store: %w", err)
		}
	}
	ids, err := f.Index.StoredSince(ctx, q, storedAfter, limit)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	res, err := f.Index.Search(ctx, index.Request{Query: q, IDs: ids, Limit: min(len(ids), index.MaxLimit)})
	if err != nil {
		return nil, err
	}
	hits := make(map[string]index.Hit, len(res.Hits))
	for _, h := range res.Hits {
		hits[h.ID] = h
	}
	out := make([]Match, 0, len(ids))
	for _, id := range ids {
		h := hits[id]
		out = append(out, Match{ID: id, Snippet: h.Snippet, Entities: h.Entities})
	}
	return out, nil
}
