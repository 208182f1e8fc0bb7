package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// seqLock is the advisory lock every article write holds from taking its seq
// to its commit.
//
// Why: the index follows the store with ArticlesSince(last), remembering the
// highest seq it has read. With a bare sequence, writer A could take seq 10,
// writer B seq 11, and B commit first; a follower reading then would see 11,
// move last to 11, and never read 10 when A commits. Holding one transaction
// lock from nextval to commit makes seq order commit order: B cannot take 11
// before A's 10 is committed and visible (PostgreSQL releases a transaction's
// locks only after its commit is visible to others). The cost is that
// article writes are serial for the few statements after the lock; the page
// insert, the bulk of a write, happens before it. A rolled-back write leaves
// a gap in seq, which followers do not mind.
const seqLock = 0x7a6873657100 // "zhseq"

// PutArticle inserts or updates the article with a.URL.
func (db *DB) PutArticle(ctx context.Context, a zhwatch.Article) (zhwatch.Article, bool, error) {
	if a.URL == "" {
		return a, false, fmt.Errorf("store article: %w: empty URL", zhwatch.ErrInvalid)
	}
	var created bool
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var err error
		a, created, err = db.putArticle(ctx, tx, a)
		return err
	})
	if err != nil {
		return a, false, fmt.Errorf("store article %s: %w", a.URL, err)
	}
	return a, created, nil
}

// PutPageArticle stores a fetch and the article extracted from it in one
// transaction.
func (db *DB) PutPageArticle(ctx context.Context, p zhwatch.Page, a zhwatch.Article) (zhwatch.Article, bool, error) {
	if a.URL == "" {
		return a, false, fmt.Errorf("store article: %w: empty URL", zhwatch.ErrInvalid)
	}
	var created bool
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		var err error
		if a.PageID, err = db.putPage(ctx, tx, p); err != nil {
			return err
		}
		a, created, err = db.putArticle(ctx, tx, a)
		return err
	})
	if err != nil {
		return a, false, fmt.Errorf("store page and article %s: %w", a.URL, err)
	}
	return a, created, nil
}

// putArticle is PutArticle inside the caller's transaction.
func (db *DB) putArticle(ctx context.Context, tx pgx.Tx, a zhwatch.Article) (zhwatch.Article, bool, error) {
	now := db.Now().UTC().Truncate(time.Second)
	a.ID = zhwatch.ArticleID(a.URL)
	a.UpdatedAt = now
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, seqLock); err != nil {
		return a, false, fmt.Errorf("lock seq: %w", err)
	}
	var storedAt string
	err := tx.QueryRow(ctx, `SELECT stored_at FROM articles WHERE url = $1`, a.URL).Scan(&storedAt)
	created := errors.Is(err, pgx.ErrNoRows)
	switch {
	case created:
		a.StoredAt = now
	case err != nil:
		return a, false, err
	default:
		if a.StoredAt, err = time.Parse(time.RFC3339, storedAt); err != nil {
			return a, false, fmt.Errorf("stored_at: %w", err)
		}
	}
	if err := tx.QueryRow(ctx, `SELECT nextval('article_seq')`).Scan(&a.Seq); err != nil {
		return a, false, fmt.Errorf("next seq: %w", err)
	}
	doc, err := json.Marshal(a)
	if err != nil {
		return a, false, fmt.Errorf("encode: %w", err)
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO articles (id, url, page_id, source, seq, title, published_at, off_topic, stored_at, updated_at, cluster_id, doc)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
		ON CONFLICT (url) DO UPDATE SET
			page_id = excluded.page_id, source = excluded.source, seq = excluded.seq,
			title = excluded.title, published_at = excluded.published_at,
			off_topic = excluded.off_topic, updated_at = excluded.updated_at,
			cluster_id = excluded.cluster_id, doc = excluded.doc`,
		a.ID, a.URL, a.PageID, a.Source, a.Seq, a.Title, a.PublishedAt, a.OffTopic(),
		a.StoredAt.Format(time.RFC3339), a.UpdatedAt.Format(time.RFC3339), a.ClusterID, string(doc))
	if err != nil {
		return a, false, err
	}
	if err := putFingerprint(ctx, tx, a.ID, a.Fingerprint); err != nil {
		return a, false, fmt.Errorf("fingerprint: %w", err)
	}
	// Delivered to listeners when the transaction commits, not before.
	if _, err := tx.Exec(ctx, `SELECT pg_notify('`+articleChannel+`', '')`); err != nil {
		return a, false, fmt.Errorf("notify: %w", err)
	}
	return a, created, nil
}

// Article returns one article by id.
func (db *DB) Article(ctx context.Context, id string) (zhwatch.Article, error) {
	var doc string
	err := db.pool.QueryRow(ctx, `SELECT doc FROM articles WHERE id = $1`, id).Scan(&doc)
	if err != nil {
		return zhwatch.Article{}, notFound("article "+id, err)
	}
	return store.DecodeArticle(doc)
}

// ArticlesSince returns articles with seq > after, oldest change first.
func (db *DB) ArticlesSince(ctx context.Context, after int64, limit int) ([]zhwatch.Article, error) {
	out, err := db.articleDocs(ctx, `SELECT doc FROM articles WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list articles since %d: %w", after, err)
	}
	return out, nil
}

// articleDocs runs a query whose one column is an article document.
func (db *DB) articleDocs(ctx context.Context, query string, args ...any) ([]zhwatch.Article, error) {
	rows, err := db.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	docs, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	out := make([]zhwatch.Article, 0, len(docs))
	for _, doc := range docs {
		a, err := store.DecodeArticle(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, nil
}
