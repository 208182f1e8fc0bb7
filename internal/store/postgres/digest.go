package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch"
	"github.com/zhwatch/zhwatch/internal/store"
)

// ClusterArticles returns the stored articles of a reprint cluster, first
// stored first. An article stored before clusters were recorded is its own
// cluster.
func (db *DB) ClusterArticles(ctx context.Context, clusterID string) ([]zhwatch.Article, error) {
	out, err := db.articleDocs(ctx, `
		SELECT doc FROM articles
		WHERE cluster_id = $1 OR (cluster_id = '' AND id = $1)
		ORDER BY stored_at, id`, clusterID)
	if err != nil {
		return nil, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	return out, nil
}

const digestColumns = `id, watchlist, since, until, state, created_at, sent_at, doc`

// LastDigest returns the newest recorded digest of a watchlist and how many
// it has recorded.
func (db *DB) LastDigest(ctx context.Context, watchlist string) (zhwatch.DigestRecord, int, bool, error) {
	var n int
	if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM digests WHERE watchlist = $1`, watchlist).Scan(&n); err != nil {
		return zhwatch.DigestRecord{}, 0, false, fmt.Errorf("last digest of %s: %w", watchlist, err)
	}
	if n == 0 {
		return zhwatch.DigestRecord{}, 0, false, nil
	}
	recs, err := db.digests(ctx, `WHERE watchlist = $1 ORDER BY n DESC LIMIT 1`, watchlist)
	if err != nil || len(recs) == 0 {
		return zhwatch.DigestRecord{}, 0, false, fmt.Errorf("last digest of %s: %w", watchlist, err)
	}
	return recs[0], n, true, nil
}

// PendingDigests returns a watchlist's digests not yet taken by every
// delivery, oldest first, with how each delivery went.
func (db *DB) PendingDigests(ctx context.Context, watchlist string) ([]zhwatch.DigestRecord, error) {
	recs, err := db.digests(ctx, `WHERE watchlist = $1 AND state = $2 ORDER BY n`, watchlist, string(zhwatch.DigestPending))
	if err != nil {
		return nil, fmt.Errorf("pending digests of %s: %w", watchlist, err)
	}
	return recs, nil
}

// RecentDigests returns up to limit digests of a watchlist that have items
// (pending or sent), newest first.
func (db *DB) RecentDigests(ctx context.Context, watchlist string, limit int) ([]zhwatch.DigestRecord, error) {
	recs, err := db.digests(ctx, `WHERE watchlist = $1 AND state != $2 ORDER BY n DESC LIMIT $3`,
		watchlist, string(zhwatch.DigestEmpty), limit)
	if err != nil {
		return nil, fmt.Errorf("recent digests of %s: %w", watchlist, err)
	}
	return recs, nil
}

func (db *DB) digests(ctx context.Context, where string, args ...any) ([]zhwatch.DigestRecord, error) {
	rows, err := db.pool.Query(ctx, `SELECT `+digestColumns+` FROM digests `+where, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (zhwatch.DigestRecord, error) {
		var r zhwatch.DigestRecord
		var since, until, created, sent, state, doc string
		if err := row.Scan(&r.ID, &r.Watchlist, &since, &until, &state, &created, &sent, &doc); err != nil {
			return r, err
		}
		r.State, r.Doc = zhwatch.DigestState(state), []byte(doc)
		var err error
		for _, f := range []struct {
			dst *time.Time
			src string
		}{{&r.Since, since}, {&r.Until, until}, {&r.CreatedAt, created}, {&r.SentAt, sent}} {
			if *f.dst, err = store.ParseDigestTime(f.src); err != nil {
				return r, fmt.Errorf("digest %s: %w", r.ID, err)
			}
		}
		return r, nil
	})
	if err != nil {
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
	rows, err := db.pool.Query(ctx,
		`SELECT delivery, attempts, next_attempt, last_error, done_at FROM digest_deliveries WHERE digest_id = $1`, digestID)
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
	rows, err := db.pool.Query(ctx,
		`SELECT article_id, cluster_id FROM digest_items WHERE digest_id = $1 ORDER BY article_id`, digestID)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (zhwatch.DigestItem, error) {
		var d zhwatch.DigestItem
		err := r.Scan(&d.ArticleID, &d.ClusterID)
		return d, err
	})
}

// Delivered returns which of ids an earlier digest of the watchlist covers,
// as an article or as a reprint cluster.
func (db *DB) Delivered(ctx context.Context, watchlist string, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := db.pool.Query(ctx, `
		SELECT article_id, cluster_id FROM digest_items
		WHERE watchlist = $1 AND (article_id = ANY($2) OR cluster_id = ANY($2))`, watchlist, ids)
	if err != nil {
		return nil, fmt.Errorf("delivered items of %s: %w", watchlist, err)
	}
	defer rows.Close()
	for rows.Next() {
		var a, c string
		if err := rows.Scan(&a, &c); err != nil {
			return nil, fmt.Errorf("delivered items of %s: %w", watchlist, err)
		}
		out[a], out[c] = true, true
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("delivered items of %s: %w", watchlist, err)
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
// one of the items. Two replicas recording at once cannot both win: the
// second blocks on the first's item rows and then hits the primary key.
func (db *DB) RecordDigest(ctx context.Context, r zhwatch.DigestRecord) error {
	err := pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		ids := make([]string, len(r.Items))
		clusters := make([]string, len(r.Items))
		for i, it := range r.Items {
			ids[i], clusters[i] = it.ArticleID, it.ClusterID
		}
		var article, other string
		err := tx.QueryRow(ctx, `SELECT article_id, digest_id FROM digest_items
			WHERE watchlist = $1 AND article_id = ANY($2) ORDER BY article_id LIMIT 1`,
			r.Watchlist, ids).Scan(&article, &other)
		if err == nil {
			return fmt.Errorf("%w: article %s is already in digest %s", zhwatch.ErrBusy, article, other)
		}
		if !errors.Is(err, pgx.ErrNoRows) {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO digests (`+digestColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			r.ID, r.Watchlist, store.FormatDigestTime(r.Since), store.FormatDigestTime(r.Until), string(r.State),
			store.FormatDigestTime(r.CreatedAt), store.FormatDigestTime(r.SentAt), string(r.Doc)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO digest_items (watchlist, article_id, cluster_id, digest_id)
			SELECT $1, a, c, $4 FROM unnest($2::text[], $3::text[]) AS q(a, c)`, r.Watchlist, ids, clusters, r.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("%w: another digest of %s recorded one of its articles first", zhwatch.ErrBusy, r.Watchlist)
		}
		return err
	})
	if err != nil {
		return fmt.Errorf("record digest %s: %w", r.ID, err)
	}
	return nil
}

// DeliveryDone records that a delivery took the digest.
func (db *DB) DeliveryDone(ctx context.Context, digestID, delivery string, at time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO digest_deliveries (digest_id, delivery, attempts, done_at) VALUES ($1, $2, 1, $3)
		ON CONFLICT (digest_id, delivery) DO UPDATE SET
			attempts = digest_deliveries.attempts + 1, done_at = excluded.done_at, next_attempt = '', last_error = ''`,
		digestID, delivery, store.FormatDigestTime(at))
	if err != nil {
		return fmt.Errorf("digest %s: delivery %s done: %w", digestID, delivery, err)
	}
	return nil
}

// DeliveryFailed records a failed delivery attempt and when to try again.
func (db *DB) DeliveryFailed(ctx context.Context, digestID, delivery, problem string, next time.Time) error {
	_, err := db.pool.Exec(ctx, `
		INSERT INTO digest_deliveries (digest_id, delivery, attempts, next_attempt, last_error) VALUES ($1, $2, 1, $3, $4)
		ON CONFLICT (digest_id, delivery) DO UPDATE SET
			attempts = digest_deliveries.attempts + 1, next_attempt = excluded.next_attempt, last_error = excluded.last_error`,
		digestID, delivery, store.FormatDigestTime(next), problem)
	if err != nil {
		return fmt.Errorf("digest %s: delivery %s failed: %w", digestID, delivery, err)
	}
	return nil
}

// FinishDigest marks a digest sent.
func (db *DB) FinishDigest(ctx context.Context, digestID string, at time.Time) error {
	tag, err := db.pool.Exec(ctx, `UPDATE digests SET state = $1, sent_at = $2 WHERE id = $3`,
		string(zhwatch.DigestSent), store.FormatDigestTime(at), digestID)
	if err != nil {
		return fmt.Errorf("finish digest %s: %w", digestID, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("finish digest %s: %w", digestID, zhwatch.ErrNotFound)
	}
	return nil
}
