package sqlite

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch"
)

// PutPage records one fetch.
func (db *DB) PutPage(ctx context.Context, p zhwatch.Page) (id int64, err error) {
	err = db.inTx(ctx, func(ctx context.Context, tx *sql.Tx) (err error) {
		id, err = db.putPage(ctx, tx, p)
		return err
	})
	return id, err
}

// putPage is PutPage inside the caller's transaction.
func (db *DB) putPage(ctx context.Context, tx *sql.Tx, p zhwatch.Page) (int64, error) {
	header, err := json.Marshal(p.Header)
	if err != nil {
		return 0, fmt.Errorf("encode header of %s: %w", p.URL, err)
	}
	sum := sha256.Sum256(p.Body)
	body := p.Body
	if body == nil {
		body = []byte{} // an empty 200 is still a fetch
	}
	fetched := p.FetchedAt
	if fetched.IsZero() {
		fetched = db.Now()
	}
	digest := hex.EncodeToString(sum[:])
	// The body is stored once per content hash (migration 006); the page
	// row points at it through sha256.
	if _, err := db.txExec(ctx, tx,
		`INSERT INTO bodies (sha256, body) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING`, digest, body); err != nil {
		return 0, fmt.Errorf("store body of %s: %w", p.URL, err)
	}
	res, err := db.txExec(ctx, tx,
		`INSERT INTO pages (source, url, final_url, status, header, fetched_at, sha256, body)
		 VALUES (?, ?, ?, ?, ?, ?, ?, x'')`,
		p.Source, p.URL, p.FinalURL, p.Status, string(header),
		fetched.UTC().Format(time.RFC3339Nano), digest)
	if err != nil {
		return 0, fmt.Errorf("store page %s: %w", p.URL, err)
	}
	return res.LastInsertId()
}

// HasPage reports whether a 2xx fetch of url (as requested or as finally
// reached) is stored.
func (db *DB) HasPage(ctx context.Context, url string) (bool, error) {
	var n int
	err := db.read.QueryRowContext(ctx,
		`SELECT count(*) FROM pages WHERE (url = ? OR final_url = ?) AND status BETWEEN 200 AND 299`,
		url, url).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("look up page %s: %w", url, err)
	}
	return n > 0, nil
}

// Page returns one stored page.
func (db *DB) Page(ctx context.Context, id int64) (zhwatch.Page, error) {
	var (
		p       zhwatch.Page
		header  string
		fetched string
	)
	err := db.read.QueryRowContext(ctx,
		`SELECT p.id, p.source, p.url, p.final_url, p.status, p.header, p.fetched_at, coalesce(b.body, p.body)
		 FROM pages p LEFT JOIN bodies b ON b.sha256 = p.sha256 WHERE p.id = ?`, id).
		Scan(&p.ID, &p.Source, &p.URL, &p.FinalURL, &p.Status, &header, &fetched, &p.Body)
	if err != nil {
		return p, notFound(fmt.Sprintf("page %d", id), err)
	}
	if err := json.Unmarshal([]byte(header), &p.Header); err != nil {
		return p, fmt.Errorf("page %d: decode header: %w", id, err)
	}
	if p.FetchedAt, err = time.Parse(time.RFC3339Nano, fetched); err != nil {
		return p, fmt.Errorf("page %d: fetched_at: %w", id, err)
	}
	return p, nil
}

// Counts returns the number of stored pages and articles.
func (db *DB) Counts(ctx context.Context) (pages, articles int64, err error) {
	err = db.read.QueryRowContext(ctx,
		`SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles)`).Scan(&pages, &articles)
	if err != nil {
		return 0, 0, fmt.Errorf("count rows: %w", err)
	}
	return pages, articles, nil
}

// Bodies returns how many distinct page bodies are stored and their size.
func (db *DB) Bodies(ctx context.Context) (count, bytes int64, err error) {
	err = db.read.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(length(body)), 0) FROM bodies`).Scan(&count, &bytes)
	if err != nil {
		return 0, 0, fmt.Errorf("count bodies: %w", err)
	}
	return count, bytes, nil
}

// LatestPages lists the newest 2xx fetch of each final URL, with bodies.
func (db *DB) LatestPages(ctx context.Context, after int64, limit int) ([]zhwatch.Page, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id FROM pages p
		WHERE id > ? AND status BETWEEN 200 AND 299
		  AND id = (SELECT max(id) FROM pages q WHERE q.final_url = p.final_url AND q.status BETWEEN 200 AND 299)
		ORDER BY id LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list latest pages after %d: %w", after, err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, fmt.Errorf("list latest pages after %d: %w", after, err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list latest pages after %d: %w", after, err)
	}
	pages := make([]zhwatch.Page, 0, len(ids))
	for _, id := range ids {
		p, err := db.Page(ctx, id)
		if err != nil {
			return nil, err
		}
		pages = append(pages, p)
	}
	return pages, nil
}
