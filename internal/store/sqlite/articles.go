package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// PutArticle inserts or updates the article with a.URL.
func (db *DB) PutArticle(ctx context.Context, a zhwatch.Article) (zhwatch.Article, bool, error) {
	if a.URL == "" {
		return a, false, fmt.Errorf("store article: %w: empty URL", zhwatch.ErrInvalid)
	}
	var stored zhwatch.Article
	var created bool
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) (err error) {
		stored, created, err = db.putArticle(ctx, tx, a)
		return err
	})
	if err != nil {
		return a, false, err
	}
	return stored, created, nil
}

// PutPageArticle stores a fetch and the article extracted from it in one
// transaction: a crash cannot leave the page without its article, and the
// crawl pays for one commit instead of two.
func (db *DB) PutPageArticle(ctx context.Context, p zhwatch.Page, a zhwatch.Article) (zhwatch.Article, bool, error) {
	if a.URL == "" {
		return a, false, fmt.Errorf("store article: %w: empty URL", zhwatch.ErrInvalid)
	}
	var stored zhwatch.Article
	var created bool
	err := db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) (err error) {
		stored = a
		if stored.PageID, err = db.putPage(ctx, tx, p); err != nil {
			return err
		}
		stored, created, err = db.putArticle(ctx, tx, stored)
		return err
	})
	if err != nil {
		return a, false, err
	}
	return stored, created, nil
}

// putArticle is PutArticle inside the caller's transaction.
func (db *DB) putArticle(ctx context.Context, tx *sql.Tx, a zhwatch.Article) (zhwatch.Article, bool, error) {
	var err error
	now := db.Now().UTC().Truncate(time.Second)
	a.ID = zhwatch.ArticleID(a.URL)
	a.UpdatedAt = now
	var storedAt string
	err = db.txScan(ctx, tx, `SELECT stored_at FROM articles WHERE url = ?`, []any{a.URL}, &storedAt)
	created := errors.Is(err, sql.ErrNoRows)
	switch {
	case created:
		a.StoredAt = now
	case err != nil:
		return a, false, fmt.Errorf("store article %s: %w", a.URL, err)
	default:
		if a.StoredAt, err = time.Parse(time.RFC3339, storedAt); err != nil {
			return a, false, fmt.Errorf("store article %s: stored_at: %w", a.URL, err)
		}
	}
	if err := db.txScan(ctx, tx, `SELECT coalesce(max(seq), 0) + 1 FROM articles`, nil, &a.Seq); err != nil {
		return a, false, fmt.Errorf("store article %s: next seq: %w", a.URL, err)
	}
	doc, err := json.Marshal(a)
	if err != nil {
		return a, false, fmt.Errorf("store article %s: encode: %w", a.URL, err)
	}
	_, err = db.txExec(ctx, tx, `
		INSERT INTO articles (id, url, page_id, source, seq, title, published_at, off_topic, stored_at, updated_at, cluster_id, doc)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET
			page_id = excluded.page_id, source = excluded.source, seq = excluded.seq,
			title = excluded.title, published_at = excluded.published_at,
			off_topic = excluded.off_topic, updated_at = excluded.updated_at,
			cluster_id = excluded.cluster_id, doc = excluded.doc`,
		a.ID, a.URL, a.PageID, a.Source, a.Seq, a.Title, a.PublishedAt, a.OffTopic(),
		a.StoredAt.Format(time.RFC3339), a.UpdatedAt.Format(time.RFC3339), a.ClusterID, string(doc))
	if err != nil {
		return a, false, fmt.Errorf("store article %s: %w", a.URL, err)
	}
	if err := db.putFingerprint(ctx, tx, a.ID, a.Fingerprint); err != nil {
		return a, false, fmt.Errorf("store article %s: fingerprint: %w", a.URL, err)
	}
	return a, created, nil
}

// Article returns one article by id.
func (db *DB) Article(ctx context.Context, id string) (zhwatch.Article, error) {
	var doc string
	err := db.read.QueryRowContext(ctx, `SELECT doc FROM articles WHERE id = ?`, id).Scan(&doc)
	if err != nil {
		return zhwatch.Article{}, notFound("article "+id, err)
	}
	return store.DecodeArticle(doc)
}

// ArticlesSince returns articles with seq > after, oldest change first.
func (db *DB) ArticlesSince(ctx context.Context, after int64, limit int) ([]zhwatch.Article, error) {
	rows, err := db.read.QueryContext(ctx,
		`SELECT doc FROM articles WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list articles since %d: %w", after, err)
	}
	defer rows.Close()
	var out []zhwatch.Article
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("list articles since %d: %w", after, err)
		}
		a, err := store.DecodeArticle(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}
