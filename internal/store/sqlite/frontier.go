package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

var _ store.CrawlState = (*DB)(nil)

// UpdateFrontier applies adds, retries and removals in one transaction.
func (db *DB) UpdateFrontier(ctx context.Context, u store.FrontierUpdate) error {
	if len(u.Add)+len(u.Retry)+len(u.Done) == 0 {
		return nil
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("update frontier: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit

	if len(u.Add) > 0 {
		var next int64
		if err := tx.QueryRowContext(ctx, `SELECT coalesce(max(added), 0) + 1 FROM frontier`).Scan(&next); err != nil {
			return fmt.Errorf("update frontier: %w", err)
		}
		add, err := tx.PrepareContext(ctx, `INSERT INTO frontier (source, url, kind, depth, attempts, not_before, added)
			VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, url) DO NOTHING`)
		if err != nil {
			return fmt.Errorf("update frontier: %w", err)
		}
		defer add.Close()
		for i, it := range u.Add {
			if _, err := add.ExecContext(ctx, it.Source, it.URL, it.Kind, it.Depth, it.Attempts,
				store.UnixMilli(it.NotBefore), next+int64(i)); err != nil {
				return fmt.Errorf("queue %s: %w", it.URL, err)
			}
		}
	}
	if len(u.Retry) > 0 {
		retry, err := tx.PrepareContext(ctx, `UPDATE frontier SET attempts = ?, not_before = ? WHERE source = ? AND url = ?`)
		if err != nil {
			return fmt.Errorf("update frontier: %w", err)
		}
		defer retry.Close()
		for _, it := range u.Retry {
			if _, err := retry.ExecContext(ctx, it.Attempts, store.UnixMilli(it.NotBefore), it.Source, it.URL); err != nil {
				return fmt.Errorf("requeue %s: %w", it.URL, err)
			}
		}
	}
	if len(u.Done) > 0 {
		done, err := tx.PrepareContext(ctx, `DELETE FROM frontier WHERE source = ? AND url = ?`)
		if err != nil {
			return fmt.Errorf("update frontier: %w", err)
		}
		defer done.Close()
		for _, it := range u.Done {
			if _, err := done.ExecContext(ctx, it.Source, it.URL); err != nil {
				return fmt.Errorf("unqueue %s: %w", it.URL, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("update frontier: commit: %w", err)
	}
	return nil
}

// Frontier returns the items queued for source in the order they were added.
func (db *DB) Frontier(ctx context.Context, source string) ([]store.FrontierItem, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT source, url, kind, depth, attempts, not_before FROM frontier
		WHERE source = ? ORDER BY added`, source)
	if err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", source, err)
	}
	return scanFrontier(rows, source)
}

// scanFrontier reads rows of (source, url, kind, depth, attempts,
// not_before) and closes them; what names the frontier in errors.
func scanFrontier(rows *sql.Rows, what string) ([]store.FrontierItem, error) {
	defer rows.Close()
	var out []store.FrontierItem
	for rows.Next() {
		var (
			it        store.FrontierItem
			notBefore int64
		)
		if err := rows.Scan(&it.Source, &it.URL, &it.Kind, &it.Depth, &it.Attempts, &notBefore); err != nil {
			return nil, fmt.Errorf("read frontier of %s: %w", what, err)
		}
		if notBefore > 0 {
			it.NotBefore = time.UnixMilli(notBefore).UTC()
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read frontier of %s: %w", what, err)
	}
	return out, nil
}

// LastFetch describes the newest 2xx page requested as url.
func (db *DB) LastFetch(ctx context.Context, url string) (store.LastFetch, error) {
	var (
		lf        store.LastFetch
		header    string
		fetched   string
		articleID sql.NullString
		published sql.NullString
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT p.id, p.fetched_at, p.header, p.sha256, a.id, a.published_at
		FROM pages p LEFT JOIN articles a ON a.url = p.final_url
		WHERE p.url = ? AND p.status BETWEEN 200 AND 299
		ORDER BY p.id DESC LIMIT 1`, url).
		Scan(&lf.PageID, &fetched, &header, &lf.SHA256, &articleID, &published)
	if errors.Is(err, sql.ErrNoRows) {
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
	lf.Article = articleID.Valid
	lf.PublishedAt = published.String
	return lf, nil
}

// PageVersions lists every fetch requested as url, oldest first.
func (db *DB) PageVersions(ctx context.Context, url string) ([]store.PageVersion, error) {
	rows, err := db.db.QueryContext(ctx,
		`SELECT id, status, fetched_at, sha256 FROM pages WHERE url = ? ORDER BY id`, url)
	if err != nil {
		return nil, fmt.Errorf("page versions of %s: %w", url, err)
	}
	defer rows.Close()
	var out []store.PageVersion
	for rows.Next() {
		var (
			v       store.PageVersion
			fetched string
		)
		if err := rows.Scan(&v.PageID, &v.Status, &fetched, &v.SHA256); err != nil {
			return nil, fmt.Errorf("page versions of %s: %w", url, err)
		}
		if v.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched); err != nil {
			return nil, fmt.Errorf("page versions of %s: fetched_at: %w", url, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ArticleHistory returns the versions an article had before each update
// from a new page, oldest first.
func (db *DB) ArticleHistory(ctx context.Context, id string) ([]zhwatch.Article, error) {
	rows, err := db.db.QueryContext(ctx,
		`SELECT doc FROM article_history WHERE article_id = ? ORDER BY id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of article %s: %w", id, err)
	}
	defer rows.Close()
	var out []zhwatch.Article
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("history of article %s: %w", id, err)
		}
		a, err := store.DecodeArticle(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
