package ingest

import (
	"context"
	"fmt"

	"github.com/zhwatch/zhwatch"
)

// Store is what ingest needs from storage.
type Store interface {
	PutPage(ctx context.Context, p zhwatch.Page) (int64, error)
	PutPageArticle(ctx context.Context, p zhwatch.Page, a zhwatch.Article) (zhwatch.Article, bool, error)
	PutArticle(ctx context.Context, a zhwatch.Article) (zhwatch.Article, bool, error)
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
// article, in one transaction; created reports a new article. When
// extraction fails the page is still stored, and the error says why.
func (s *Saver) SavePage(ctx context.Context, page zhwatch.Page, isArticle bool) (created bool, err error) {
	if !isArticle || page.Status < 200 || page.Status > 299 {
		_, err := s.store.PutPage(ctx, page)
		return false, err
	}
	a, extractErr := s.pipeline.Article(page)
	if extractErr != nil {
		if _, err := s.store.PutPage(ctx, page); err != nil {
			return false, err
		}
		return false, fmt.Errorf("extract %s: %w: %w", page.FinalURL, zhwatch.ErrExtract, extractErr)
	}
	if err := cluster(ctx, s.store, &a); err != nil {
		return false, fmt.Errorf("reprints of %s: %w", a.URL, err)
	}
	_, created, err = s.store.PutPageArticle(ctx, page, a)
	return created, err
}

// putArticle clusters an article with its reprints and stores it.
func (s *Saver) putArticle(ctx context.Context, a zhwatch.Article) (created bool, err error) {
	if err := cluster(ctx, s.store, &a); err != nil {
		return false, fmt.Errorf("reprints of %s: %w", a.URL, err)
	}
	_, created, err = s.store.PutArticle(ctx, a)
	return created, err
}
