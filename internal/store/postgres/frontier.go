package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// UpdateFrontier applies adds, retries and removals in one transaction.
func (db *DB) UpdateFrontier(ctx context.Context, u store.FrontierUpdate) error {
	if len(u.Add)+len(u.Retry)+len(u.Done) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		// A batch sends every statement in one round trip; items are
		// queued in slice order, so insertion order is kept.
		var b pgx.Batch
		for _, it := range u.Add {
			b.Queue(`INSERT INTO frontier (source, url, kind, depth, attempts, not_before)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source, url) DO NOTHING`,
				it.Source, it.URL, it.Kind, it.Depth, it.Attempts, store.UnixMilli(it.NotBefore))
		}
		for _, it := range u.Retry {
			b.Queue(`UPDATE frontier SET attempts = $1, not_before = $2 WHERE source = $3 AND url = $4`,
				it.Attempts, store.UnixMilli(it.NotBefore), it.Source, it.URL)
		}
		for _, it := range u.Done {
			b.Queue(`DELETE FROM frontier WHERE source = $1 AND url = $2`, it.Source, it.URL)
		}
		return tx.SendBatch(ctx, &b).Close()
	})
	if err != nil {
		return fmt.Errorf("update frontier: %w", err)
	}
	return nil
}

// Frontier returns the items queued for source in the order they were added.
func (db *DB) Frontier(ctx context.Context, source string) ([]store.FrontierItem, error) {
	rows, err := db.pool.Query(ctx, `SELECT url, kind, depth, attempts, not_before FROM frontier
		WHERE source = $1 ORDER BY added`, source)
	if err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", source, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.FrontierItem, error) {
		it := store.FrontierItem{Source: source}
		var notBefore int64
		err := r.Scan(&it.URL, &it.Kind, &it.Depth, &it.Attempts, &notBefore)
		if notBefore > 0 {
			it.NotBefore = time.UnixMilli(notBefore).UTC()
		}
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", source, err)
	}
	return out, nil
}

// LastFetch describes the newest 2xx page requested as url.
func (db *DB) LastFetch(ctx context.Context, url string) (store.LastFetch, error) {
	var (
		lf        store.LastFetch
		header    string
		fetched   string
		articleID *string
		published *string
	)
	err := db.pool.QueryRow(ctx, `
		SELECT p.id, p.fetched_at, p.header, p.sha256, a.id, a.published_at
		FROM pages p LEFT JOIN articles a ON a.url = p.final_url
		WHERE p.url = $1 AND p.status BETWEEN 200 AND 299
		ORDER BY p.id DESC LIMIT 1`, url).
		Scan(&lf.PageID, &fetched, &header, &lf.SHA256, &articleID, &published)
	if errors.Is(err, pgx.ErrNoRows) {
		return lf, fmt.Errorf("last fetch of %s: %w", url, store.ErrNotFound)
	}
	if err != nil {
		return lf, fmt.Errorf("last fetch of %s: %w", url, err)
	}
	if lf.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched); err != nil {
		return lf, fmt.Errorf("last fetch of %s: fetched_at: %w", url, err)
	}
	var h http.Header
	if err := json.Unmarshal([]byte(header), &h); err != nil {
		return lf, fmt.Errorf("last fetch of %s: decode header: %w", url, err)
	}
	lf.ETag = h.Get("ETag")
	lf.LastModified = h.Get("Last-Modified")
	lf.Article = articleID != nil
	if published != nil {
		lf.PublishedAt = *published
	}
	return lf, nil
}

// PageVersions lists every fetch requested as url, oldest first.
func (db *DB) PageVersions(ctx context.Context, url string) ([]store.PageVersion, error) {
	rows, err := db.pool.Query(ctx,
		`SELECT id, status, fetched_at, sha256 FROM pages WHERE url = $1 ORDER BY id`, url)
	if err != nil {
		return nil, fmt.Errorf("page versions of %s: %w", url, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.PageVersion, error) {
		var (
			v       store.PageVersion
			fetched string
		)
		if err := r.Scan(&v.PageID, &v.Status, &fetched, &v.SHA256); err != nil {
			return v, err
		}
		var err error
		if v.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched); err != nil {
			return v, fmt.Errorf("fetched_at: %w", err)
		}
		return v, nil
	})
	if err != nil {
		return nil, fmt.Errorf("page versions of %s: %w", url, err)
	}
	return out, nil
}

// ArticleHistory returns the versions an article had before each update
// from a new page, oldest first.
func (db *DB) ArticleHistory(ctx context.Context, id string) ([]zhwatch.Article, error) {
	out, err := db.articleDocs(ctx, `SELECT doc FROM article_history WHERE article_id = $1 ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of article %s: %w", id, err)
	}
	return out, nil
}
