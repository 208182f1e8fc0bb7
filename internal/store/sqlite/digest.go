package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// ClusterArticles returns the stored articles of a reprint cluster, first
// stored first. An article stored before clusters were recorded is its own
// cluster.
func (db *DB) ClusterArticles(ctx context.Context, clusterID string) ([]zhwatch.Article, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT doc FROM articles
		WHERE cluster_id = ?1 OR (cluster_id = '' AND id = ?1)
		ORDER BY stored_at, id`, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	defer rows.Close()
	var out []zhwatch.Article
	for rows.Next() {
		var doc string
		if err := rows.Scan(&doc); err != nil {
			return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
		}
		a, err := store.DecodeArticle(doc)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

const digestColumns = `id, watchlist, since, until, state, created_at, sent_at, doc`

// LastDigest returns the newest recorded digest of a watchlist and how many
// it has recorded.
func (db *DB) LastDigest(ctx context.Context, watchlist string) (zhwatch.DigestRecord, int, bool, error) {
	var n int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM digests WHERE watchlist = ?`, watchlist).Scan(&n); err != nil {
		return zhwatch.DigestRecord{}, 0, false, fmt.Errorf("last digest of %s: %w", watchlist, err)
	}
	if n == 0 {
		return zhwatch.DigestRecord{}, 0, false, nil
	}
	recs, err := db.digests(ctx, `WHERE watchlist = ? ORDER BY rowid DESC LIMIT 1`, watchlist)
	if err != nil {
		return zhwatch.DigestRecord{}, 0, false, fmt.Errorf("last digest of %s: %w", watchlist, err)
	}
	return recs[0], n, true, nil
}

// PendingDigests returns a watchlist's digests not yet taken by every
// delivery, oldest first, with how each delivery went.
func (db *DB) PendingDigests(ctx context.Context, watchlist string) ([]zhwatch.DigestRecord, error) {
	recs, err := db.digests(ctx, `WHERE watchlist = ? AND state = ? ORDER BY rowid`, watchlist, string(zhwatch.DigestPending))
	if err != nil {
		return nil, fmt.Errorf("pending digests of %s: %w", watchlist, err)
	}
	return recs, nil
}

// RecentDigests returns up to limit digests of a watchlist that have items
// (pending or sent), newest first.
func (db *DB) RecentDigests(ctx context.Context, watchlist string, limit int) ([]zhwatch.DigestRecord, error) {
	recs, err := db.digests(ctx, `WHERE watchlist = ? AND state != ? ORDER BY rowid DESC LIMIT ?`,
		watchlist, string(zhwatch.DigestEmpty), limit)
	if err != nil {
		return nil, fmt.Errorf("recent digests of %s: %w", watchlist, err)
	}
	return recs, nil
}

func (db *DB) digests(ctx context.Context, where string, args ...any) ([]zhwatch.DigestRecord, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+digestColumns+` FROM digests `+where, args...)
	if err != nil {
		return nil, err
	}
	var out []zhwatch.DigestRecord
	for rows.Next() {
		var r zhwatch.DigestRecord
		var since, until, created, sent, state, doc string
		if err := rows.Scan(&r.ID, &r.Watchlist, &since, &until, &state, &created, &sent, &doc); err != nil {
			rows.Close()
			return nil, err
		}
		r.State, r.Doc = zhwatch.DigestState(state), []byte(doc)
		for _, f := range []struct {
			dst *time.Time
			src string
		}{{&r.Since, since}, {&r.Until, until}, {&r.CreatedAt, created}, {&r.SentAt, sent}} {
			if *f.dst, err = store.ParseDigestTime(f.src); err != nil {
				rows.Close()
				return nil, fmt.Errorf("digest %s: %w", r.ID, err)
			}
		}
		out = append(out, r)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Deliveries, err = db.deliveries(ctx, out[i].ID); err != nil {
			return nil, err
		}
		if out[i].Items, err = db.digestItems(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (db *DB) deliveries(ctx context.Context, digestID string) (map[string]zhwatch.DeliveryState, error) {
	rows, err := db.db.QueryContext(ctx,
		`SELECT delivery, attempts, next_attempt, last_error, done_at FROM digest_deliveries WHERE digest_id = ?`, digestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]zhwatch.DeliveryState{}
	for rows.Next() {
		var name, next, done string
		var s zhwatch.DeliveryState
		if err := rows.Scan(&name, &s.Attempts, &next, &s.LastError, &done); err != nil {
			return nil, err
		}
		if s.NextAttempt, err = store.ParseDigestTime(next); err != nil {
			return nil, err
		}
		if s.DoneAt, err = store.ParseDigestTime(done); err != nil {
			return nil, err
		}
		out[name] = s
	}
	return out, rows.Err()
}

func (db *DB) digestItems(ctx context.Context, digestID string) ([]zhwatch.DigestItem, error) {
	rows, err := db.db.QueryContext(ctx,
		`SELECT article_id, cluster_id FROM digest_items WHERE digest_id = ? ORDER BY article_id`, digestID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []zhwatch.DigestItem
	for rows.Next() {
		var d zhwatch.DigestItem
		if err := rows.Scan(&d.ArticleID, &d.ClusterID); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// Delivered returns which of ids an earlier digest of the watchlist covers,
// as an article or as a reprint cluster.
func (db *DB) Delivered(ctx context.Context, watchlist string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	const chunk = 400
	for start := 0; start < len(ids); start += chunk {
		part := ids[start:min(start+chunk, len(ids))]
		marks := strings.TrimSuffix(strings.Repeat("?,", len(part)), ",")
		args := make([]any, 0, 1+2*len(part))
		args = append(args, watchlist)
		for _, id := range part {
			args = append(args, id)
		}
		for _, id := range part {
			args = append(args, id)
		}
		rows, err := db.db.QueryContext(ctx, `
			SELECT article_id, cluster_id FROM digest_items
			WHERE watchlist = ? AND (article_id IN (`+marks+`) OR cluster_id IN (`+marks+`))`, args...)
		if err != nil {
			return nil, fmt.Errorf("delivered items of %s: %w", watchlist, err)
		}
		for rows.Next() {
			var a, c string
			if err := rows.Scan(&a, &c); err != nil {
				rows.Close()
				return nil, fmt.Errorf("delivered items of %s: %w", watchlist, err)
			}
			out[a], out[c] = true, true
		}
		if err := rows.Close(); err != nil {
			return nil, err
		}
	}
	asked := make(map[string]bool, len(ids))
	for _, id := range ids {
		asked[id] = true
	}
	for id := range out {
		if !asked[id] {
			delete(out, id) // the other id of a row that matched
		}
	}
	return out, nil
}

// RecordDigest stores a digest and its items in one transaction; it fails
// with zhwatch.ErrBusy when another digest of the watchlist already covers
// one of the items.
func (db *DB) RecordDigest(ctx context.Context, r zhwatch.DigestRecord) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("record digest %s: %w", r.ID, err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit

	for _, it := range r.Items {
		var other string
		err := tx.QueryRowContext(ctx, `SELECT digest_id FROM digest_items WHERE watchlist = ? AND article_id = ?`,
			r.Watchlist, it.ArticleID).Scan(&other)
		switch {
		case err == nil:
			return fmt.Errorf("record digest %s: %w: article %s is already in digest %s", r.ID, zhwatch.ErrBusy, it.ArticleID, other)
		case !errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("record digest %s: %w", r.ID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO digests (`+digestColumns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		r.ID, r.Watchlist, store.FormatDigestTime(r.Since), store.FormatDigestTime(r.Until), string(r.State),
		store.FormatDigestTime(r.CreatedAt), store.FormatDigestTime(r.SentAt), string(r.Doc)); err != nil {
		return fmt.Errorf("record digest %s: %w", r.ID, err)
	}
	for _, it := range r.Items {
		if _, err := tx.ExecContext(ctx,
			`INSERT INTO digest_items (watchlist, article_id, cluster_id, digest_id) VALUES (?, ?, ?, ?)`,
			r.Watchlist, it.ArticleID, it.ClusterID, r.ID); err != nil {
			return fmt.Errorf("record digest %s: item %s: %w", r.ID, it.ArticleID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("record digest %s: commit: %w", r.ID, err)
	}
	return nil
}

// DeliveryDone records that a delivery took the digest.
func (db *DB) DeliveryDone(ctx context.Context, digestID, delivery string, at time.Time) error {
	_, err := db.db.ExecContext(ctx, `
		INSERT INTO digest_deliveries (digest_id, delivery, attempts, done_at) VALUES (?, ?, 1, ?)
		ON CONFLICT (digest_id, delivery) DO UPDATE SET
			attempts = attempts + 1, done_at = excluded.done_at, next_attempt = '', last_error = ''`,
		digestID, delivery, store.FormatDigestTime(at))
	if err != nil {
		return fmt.Errorf("digest %s: delivery %s done: %w", digestID, delivery, err)
	}
	return nil
}

// DeliveryFailed records a failed delivery attempt and when to try again.
func (db *DB) DeliveryFailed(ctx context.Context, digestID, delivery, problem string, next time.Time) error {
	_, err := db.db.ExecContext(ctx, `
		INSERT INTO digest_deliveries (digest_id, delivery, attempts, next_attempt, last_error) VALUES (?, ?, 1, ?, ?)
		ON CONFLICT (digest_id, delivery) DO UPDATE SET
			attempts = attempts + 1, next_attempt = excluded.next_attempt, last_error = excluded.last_error`,
		digestID, delivery, store.FormatDigestTime(next), problem)
	if err != nil {
		return fmt.Errorf("digest %s: delivery %s failed: %w", digestID, delivery, err)
	}
	return nil
}

// FinishDigest marks a digest sent.
func (db *DB) FinishDigest(ctx context.Context, digestID string, at time.Time) error {
	res, err := db.db.ExecContext(ctx, `UPDATE digests SET state = ?, sent_at = ? WHERE id = ?`,
		string(zhwatch.DigestSent), store.FormatDigestTime(at), digestID)
	if err != nil {
		return fmt.Errorf("finish digest %s: %w", digestID, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("finish digest %s: %w", digestID, err)
	}
	if n == 0 {
		return fmt.Errorf("finish digest %s: %w", digestID, zhwatch.ErrNotFound)
	}
	return nil
}
