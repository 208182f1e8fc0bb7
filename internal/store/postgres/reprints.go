package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch"
)

// ReprintCandidates returns the stored articles that share at least one
// band key with bands (bands[i] is the key of band i), with their
// signatures, for the caller to compare.
func (db *DB) ReprintCandidates(ctx context.Context, bands []int64) ([]zhwatch.ReprintCandidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	idx := make([]int32, len(bands))
	for i := range idx {
		idx[i] = int32(i)
	}
	// One statement whatever the band count: the (band, key) pairs arrive
	// as two arrays and are joined against the primary key.
	rows, err := db.pool.Query(ctx, `
		SELECT DISTINCT a.id, a.cluster_id, s.signature
		FROM unnest($1::int[], $2::bigint[]) AS q(band, key)
		JOIN reprint_bands b ON b.band = q.band AND b.key = q.key
		JOIN articles a ON a.id = b.article_id
		JOIN reprint_signatures s ON s.article_id = a.id`, idx, bands)
	if err != nil {
		return nil, fmt.Errorf("find reprint candidates: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (zhwatch.ReprintCandidate, error) {
		var c zhwatch.ReprintCandidate
		err := r.Scan(&c.ArticleID, &c.ClusterID, &c.Signature)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("find reprint candidates: %w", err)
	}
	return out, nil
}

// ClusterSize returns how many stored articles are in the cluster.
func (db *DB) ClusterSize(ctx context.Context, clusterID string) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(*) FROM articles WHERE cluster_id = $1`, clusterID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	return n, nil
}

// putFingerprint replaces an article's signature and band keys.
func putFingerprint(ctx context.Context, tx pgx.Tx, id string, fp zhwatch.Fingerprint) error {
	if _, err := tx.Exec(ctx, `DELETE FROM reprint_bands WHERE article_id = $1`, id); err != nil {
		return err
	}
	if len(fp.Signature) == 0 {
		_, err := tx.Exec(ctx, `DELETE FROM reprint_signatures WHERE article_id = $1`, id)
		return err
	}
	if _, err := tx.Exec(ctx,
		`INSERT INTO reprint_signatures (article_id, signature) VALUES ($1, $2)
		 ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature`, id, fp.Signature); err != nil {
		return err
	}
	if len(fp.Bands) == 0 {
		return nil
	}
	band := make([]int32, len(fp.Bands))
	keys := make([]int64, len(fp.Bands))
	for i, key := range fp.Bands {
		band[i], keys[i] = int32(i), int64(key)
	}
	_, err := tx.Exec(ctx, `INSERT INTO reprint_bands (band, key, article_id)
		SELECT band, key, $3 FROM unnest($1::int[], $2::bigint[]) AS q(band, key)
		ON CONFLICT DO NOTHING`, band, keys, id)
	return err
}
