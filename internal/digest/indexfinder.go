package digest

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/index"
)

// Searcher is what IndexFinder needs from the index.
type Searcher interface {
	Each(ctx context.Context, q string, fn func(index.Hit) error) error
	Search(ctx context.Context, req index.Request) (index.Results, error)
}

// ArticleReader is what IndexFinder needs from the store.
type ArticleReader interface {
	Article(ctx context.Context, id string) (zhwatch.Article, error)
}

// IndexFinder finds a watchlist's articles with the search index. The index
// says which articles match; the store says when each was first stored,
// which is what "new since the last digest" is about (an update or a
// re-index does not make an article new).
type IndexFinder struct {
	Index Searcher
	Store ArticleReader
}

var _ Finder = IndexFinder{}

// Find returns the matches first stored after storedAfter, oldest first,
// with snippets.
func (f IndexFinder) Find(ctx context.Context, q string, storedAfter time.Time, limit int) ([]Match, error) {
	type found struct {
		id string
		at time.Time
	}
	var all []found
	err := f.Index.Each(ctx, q, func(h index.Hit) error {
		a, err := f.Store.Article(ctx, h.ID)
		if errors.Is(err, zhwatch.ErrNotFound) {
			return nil // indexed, no longer stored
		}
		if err != nil {
			return err
		}
		if a.StoredAt.After(storedAfter) {
			all = append(all, found{h.ID, a.StoredAt})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(all, func(i, j int) bool {
		if !all[i].at.Equal(all[j].at) {
			return all[i].at.Before(all[j].at)
		}
		return all[i].id < all[j].id
	})
	all = all[:min(limit, len(all))]
	if len(all) == 0 {
		return nil, nil
	}
	ids := make([]string, len(all))
	for i, x := range all {
		ids[i] = x.id
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
