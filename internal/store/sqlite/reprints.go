package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/zhwatch/zhwatch"
)

// ReprintCandidates returns the stored articles that share at least one
// band key with bands (bands[i] is the key of band i), with their
// signatures, for the caller to compare.
func (db *DB) ReprintCandidates(ctx context.Context, bands []int64) ([]zhwatch.ReprintCandidate, error) {
	if len(bands) == 0 {
		return nil, nil
	}
	stmt, err := db.candidatesStmt(ctx, len(bands))
	if err != nil {
		return nil, fmt.Errorf("find reprint candidates: %w", err)
	}
	args := make([]any, 0, 2*len(bands))
	for i, key := range bands {
		args = append(args, i, key)
	}
	rows, err := stmt.QueryContext(ctx, args...)
	if err != nil {
		return nil, fmt.Errorf("find reprint candidates: %w", err)
	}
	defer rows.Close()
	var out []zhwatch.ReprintCandidate
	for rows.Next() {
		var c zhwatch.ReprintCandidate
		if err := rows.Scan(&c.ArticleID, &c.ClusterID, &c.Signature); err != nil {
			return nil, fmt.Errorf("find reprint candidates: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// candidatesStmt returns the prepared candidate query for n bands. Every
// article has the same number of bands, so in practice one statement is
// prepared once and reused: parsing the query per article cost a sixth of
// the crawl's CPU on the rig.
func (db *DB) candidatesStmt(ctx context.Context, n int) (*sql.Stmt, error) {
	conds := make([]string, n)
	for i := range conds {
		conds[i] = "(b.band = ? AND b.key = ?)"
	}
	return db.reads.get(ctx, `
		SELECT DISTINCT a.id, a.cluster_id, s.signature
		FROM reprint_bands b
		JOIN articles a ON a.id = b.article_id
		JOIN reprint_signatures s ON s.article_id = a.id
		WHERE `+strings.Join(conds, " OR "))
}

// ClusterSize returns how many stored articles are in the cluster.
func (db *DB) ClusterSize(ctx context.Context, clusterID string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE cluster_id = ?`, clusterID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("cluster %s: %w", clusterID, err)
	}
	return n, nil
}

// putFingerprint replaces an article's signature and band keys.
func (db *DB) putFingerprint(ctx context.Context, tx *sql.Tx, id string, fp zhwatch.Fingerprint) error {
	if _, err := db.txExec(ctx, tx, `DELETE FROM reprint_bands WHERE article_id = ?`, id); err != nil {
		return err
	}
	if len(fp.Signature) == 0 {
		_, err := db.txExec(ctx, tx, `DELETE FROM reprint_signatures WHERE article_id = ?`, id)
		return err
	}
	if _, err := db.txExec(ctx, tx,
		`INSERT INTO reprint_signatures (article_id, signature) VALUES (?, ?)
		 ON CONFLICT (article_id) DO UPDATE SET signature = excluded.signature`, id, fp.Signature); err != nil {
		return err
	}
	if len(fp.Bands) == 0 {
		return nil
	}
	// One statement for all bands instead of one per band.
	rows := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(fp.Bands)), ", ")
	args := make([]any, 0, 3*len(fp.Bands))
	for band, key := range fp.Bands {
		args = append(args, band, key, id)
	}
	_, err := db.txExec(ctx, tx, `INSERT OR IGNORE INTO reprint_bands (band, key, article_id) VALUES `+rows, args...)
	return err
}
