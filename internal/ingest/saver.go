package ingest

import (
	"context"
	"errors"
	"fmt"

	"github.com/zhwatch/zhwatch"
)

// Store is what ingest needs from storage.
type Store interface {
	PutPage(ctx context.Context, p zhwatch.Page) (int64, error)
	PutArticle(ctx context.Context, a zhwatch.Article) (zhwatch.Article, bool, error)
	Article(ctx context.Context, id string) (zhwatch.Article, error)
	ReprintFinder
}

// Saver stores fetched pages and the articles made of them.
type Saver struct {
	store    Store
	pipeline *Pipeline
}

// NewSaver returns a Saver writing to st.
func NewSaver(st Store, p *Pipeline) *Saver { return &Saver{store: st, pipeline: p} }

// SavePage stores the page and, when it is a successful article page, its
// article; created reports a new article. The page is stored even when
// extraction fails, and the error says why.
func (s *Saver) SavePage(ctx context.Context, page zhwatch.Page, isArticle bool) (created bool, err error) {
	id, err := s.store.PutPage(ctx, page)
	if err != nil {
		return false, err
	}
	if !isArticle || page.Status < 200 || page.Status > 299 {
		return false, nil
	}
	page.ID = id
	return s.saveArticle(ctx, page)
}

// saveArticle extracts a stored page's article and stores it.
func (s *Saver) saveArticle(ctx context.Context, page zhwatch.Page) (created bool, err error) {
	a, err := s.pipeline.Article(page)
	if err != nil {
		return false, fmt.Errorf("extract %s: %w", page.FinalURL, err)
	}
	return s.putArticle(ctx, a)
}

// putArticle clusters an article with its reprints and stores it.
func (s *Saver) putArticle(ctx context.Context, a zhwatch.Article) (created bool, err error) {
	if err := cluster(ctx, s.store, &a); err != nil {
		return false, fmt.Errorf("reprints of %s: %w", a.URL, err)
	}
	_, created, err = s.store.PutArticle(ctx, a)
	return created, err
}

// HasArticle reports whether an article with this URL is stored, so the
// crawler can skip fetching it again. A page stored without its article (a
// crash in between) reads as not stored and is fetched again.
func (s *Saver) HasArticle(ctx context.Context, url string) (bool, error) {
	_, err := s.store.Article(ctx, zhwatch.ArticleID(url))
	if errors.Is(err, zhwatch.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
}
