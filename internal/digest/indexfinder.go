package digest

import (
	"context"
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
}

var _ Finder = IndexFinder{}

// Find returns the matches first stored after storedAfter, oldest first,
// with snippets.
func (f IndexFinder) Find(ctx context.Context, q string, storedAfter time.Time, limit int) ([]Match, error) {
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
