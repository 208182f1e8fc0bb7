package digest

import (
	"context"
	"time"
)

// Finder runs a watchlist's query. The search index implements it.
type Finder interface {
	// Find returns the articles matching query (in the language of
	// internal/query) that were first stored strictly after storedAfter,
	// oldest stored first (then by id), at most limit of them. A zero
	// storedAfter means from the beginning.
	Find(ctx context.Context, query string, storedAfter time.Time, limit int) ([]Match, error)
}

// Match is one article a query found, with why.
type Match struct {
	ID       string   // article id
	Snippet  string   // HTML: <mark> around matched words, the rest escaped
	Entities []string // entity ids the article mentions; nil: take them from the stored article
}

// FinderFunc adapts a function to Finder.
type FinderFunc func(ctx context.Context, query string, storedAfter time.Time, limit int) ([]Match, error)

// Find calls f.
func (f FinderFunc) Find(ctx context.Context, query string, storedAfter time.Time, limit int) ([]Match, error) {
	return f(ctx, query, storedAfter, limit)
}
