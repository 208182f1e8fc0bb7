package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

var _ store.HostLeases = (*DB)(nil)

// Host leases on one file: several crawler processes on one machine share
// the frontier as they would on PostgreSQL. Every write transaction takes
// the file's write lock first (BEGIN IMMEDIATE), so a grant is exclusive
// without row locks; the clock is this machine's, which every process on
// it shares.

// LeaseHost grants holder the ready host that has waited longest.
func (db *DB) LeaseHost(ctx context.Context, holder string, ttl time.Duration, sources ...string) (store.Lease, bool, error) {
	l := store.Lease{Holder: holder}
	fail := func(err error) (store.Lease, bool, error) {
		return l, false, fmt.Errorf("lease a host for %s: %w", holder, err)
	}
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fail(err)
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	now := db.Now().UnixMilli()
	args := []any{now}
	only := ""
	if len(sources) > 0 {
		only = " AND f.source IN (?" + strings.Repeat(", ?", len(sources)-1) + ")"
		for _, s := range sources {
			args = append(args, s)
		}
	}
	err = tx.QueryRowContext(ctx, `
		SELECT f.host FROM frontier f LEFT JOIN host_leases l ON l.host = f.host
		WHERE f.not_before <= ?1`+only+`
		  AND (l.host IS NULL OR ((l.holder = '' OR l.expires_at <= ?1) AND l.next_due <= ?1))
		GROUP BY f.host ORDER BY coalesce(l.next_due, 0), f.host LIMIT 1`, args...).Scan(&l.Host)
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	if err != nil {
		return fail(err)
	}
	expires := now + ttl.Milliseconds()
	err = tx.QueryRowContext(ctx, `
		INSERT INTO host_leases (host, holder, token, expires_at)
		VALUES (?1, ?2, (SELECT coalesce(max(token), 0) + 1 FROM host_leases), ?3)
		ON CONFLICT (host) DO UPDATE SET holder = excluded.holder, token = excluded.token,
			expires_at = excluded.expires_at
		RETURNING token`, l.Host, holder, expires).Scan(&l.Token)
	if err != nil {
		return fail(err)
	}
	if err := tx.Commit(); err != nil {
		return fail(err)
	}
	l.Expires = time.UnixMilli(expires).UTC()
	return l, true, nil
}

// HostFrontier returns the due items queued for host, oldest first.
func (db *DB) HostFrontier(ctx context.Context, host string, limit int) ([]store.FrontierItem, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT source, url, kind, depth, attempts, not_before FROM frontier
		WHERE host = ? AND not_before <= ? ORDER BY added LIMIT ?`, host, db.Now().UnixMilli(), limit)
	if err != nil {
		return nil, fmt.Errorf("read frontier of host %s: %w", host, err)
	}
	return scanFrontier(rows, "host "+host)
}

// RenewLease extends the lease if it is still this grant's.
func (db *DB) RenewLease(ctx context.Context, l store.Lease, ttl time.Duration) (store.Lease, error) {
	expires := db.Now().UnixMilli() + ttl.Milliseconds()
	res, err := db.db.ExecContext(ctx, `UPDATE host_leases SET expires_at = ?
		WHERE host = ? AND token = ? AND holder != ''`, expires, l.Host, l.Token)
	if err != nil {
		return l, fmt.Errorf("renew lease of %s: %w", l.Host, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return l, fmt.Errorf("renew lease of %s: %w", l.Host, store.ErrLeaseLost)
	}
	l.Expires = time.UnixMilli(expires).UTC()
	return l, nil
}

// ReleaseHost frees the host and sets when it may be leased next.
func (db *DB) ReleaseHost(ctx context.Context, l store.Lease, wait time.Duration) error {
	res, err := db.db.ExecContext(ctx, `UPDATE host_leases SET holder = '', expires_at = 0, next_due = ?
		WHERE host = ? AND token = ? AND holder != ''`, db.Now().UnixMilli()+wait.Milliseconds(), l.Host, l.Token)
	if err != nil {
		return fmt.Errorf("release %s: %w", l.Host, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return fmt.Errorf("release %s: %w", l.Host, store.ErrLeaseLost)
	}
	return nil
}

// ClaimOnce inserts the claim; the primary key lets exactly one caller in.
func (db *DB) ClaimOnce(ctx context.Context, key, holder string) (bool, error) {
	res, err := db.db.ExecContext(ctx, `INSERT INTO claims (key, holder, claimed_at) VALUES (?, ?, ?)
		ON CONFLICT (key) DO NOTHING`, key, holder, db.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", key, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", key, err)
	}
	return n == 1, nil
}
