package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch/internal/store"
)

var _ store.HostLeases = (*DB)(nil)

// nowMS is the database's clock in unix milliseconds: every worker compares
// lease expiries and due times against the same clock.
const nowMS = `(extract(epoch FROM clock_timestamp()) * 1000)::bigint`

// LeaseHost grants holder the ready host that has waited longest.
//
// SKIP LOCKED makes concurrent grants exclusive without waiting: a worker
// passes over a lease row another worker is taking, and a row taken and
// committed since this statement's snapshot is re-checked after locking
// (READ COMMITTED re-evaluates the conditions on the newest version), so it
// no longer qualifies.
func (db *DB) LeaseHost(ctx context.Context, holder string, ttl time.Duration, sources ...string) (store.Lease, bool, error) {
	if sources == nil {
		sources = []string{} // any source
	}
	var (
		l       = store.Lease{Holder: holder}
		expires int64
	)
	err := db.pool.QueryRow(ctx, `
		WITH pick AS (
			SELECT l.host FROM host_leases l
			WHERE (l.holder = '' OR l.expires_at <= `+nowMS+`) AND l.next_due <= `+nowMS+`
			  AND EXISTS (SELECT 1 FROM frontier f WHERE f.host = l.host AND f.not_before <= `+nowMS+`
				AND (cardinality($3::text[]) = 0 OR f.source = ANY($3)))
			ORDER BY l.next_due, l.host
			LIMIT 1
			FOR UPDATE OF l SKIP LOCKED)
		UPDATE host_leases h
		SET holder = $1, token = nextval('lease_token'), expires_at = `+nowMS+` + $2
		FROM pick WHERE h.host = pick.host
		RETURNING h.host, h.token, h.expires_at`, holder, ttl.Milliseconds(), sources).Scan(&l.Host, &l.Token, &expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, false, nil
	}
	if err != nil {
		return l, false, fmt.Errorf("lease a host for %s: %w", holder, err)
	}
	l.Expires = time.UnixMilli(expires).UTC()
	return l, true, nil
}

// HostFrontier returns the due items queued for host, oldest first.
func (db *DB) HostFrontier(ctx context.Context, host string, limit int) ([]store.FrontierItem, error) {
	rows, err := db.pool.Query(ctx, `SELECT source, url, kind, depth, attempts, not_before FROM frontier
		WHERE host = $1 AND not_before <= `+nowMS+` ORDER BY added LIMIT $2`, host, limit)
	if err != nil {
		return nil, fmt.Errorf("read frontier of host %s: %w", host, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.FrontierItem, error) {
		var it store.FrontierItem
		var notBefore int64
		err := r.Scan(&it.Source, &it.URL, &it.Kind, &it.Depth, &it.Attempts, &notBefore)
		if notBefore > 0 {
			it.NotBefore = time.UnixMilli(notBefore).UTC()
		}
		return it, err
	})
	if err != nil {
		return nil, fmt.Errorf("read frontier of host %s: %w", host, err)
	}
	return out, nil
}

// RenewLease extends the lease if it is still this grant's: the token
// changes whenever the host is granted again, so a worker that stalled past
// its expiry cannot take back a host another worker now holds.
func (db *DB) RenewLease(ctx context.Context, l store.Lease, ttl time.Duration) (store.Lease, error) {
	var expires int64
	err := db.pool.QueryRow(ctx, `UPDATE host_leases SET expires_at = `+nowMS+` + $3
		WHERE host = $1 AND token = $2 AND holder != '' RETURNING expires_at`,
		l.Host, l.Token, ttl.Milliseconds()).Scan(&expires)
	if errors.Is(err, pgx.ErrNoRows) {
		return l, fmt.Errorf("renew lease of %s: %w", l.Host, store.ErrLeaseLost)
	}
	if err != nil {
		return l, fmt.Errorf("renew lease of %s: %w", l.Host, err)
	}
	l.Expires = time.UnixMilli(expires).UTC()
	return l, nil
}

// ReleaseHost frees the host and sets when it may be leased next.
func (db *DB) ReleaseHost(ctx context.Context, l store.Lease, wait time.Duration) error {
	tag, err := db.pool.Exec(ctx, `UPDATE host_leases SET holder = '', expires_at = 0, next_due = `+nowMS+` + $3
		WHERE host = $1 AND token = $2 AND holder != ''`, l.Host, l.Token, wait.Milliseconds())
	if err != nil {
		return fmt.Errorf("release %s: %w", l.Host, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("release %s: %w", l.Host, store.ErrLeaseLost)
	}
	return nil
}

// ClaimOnce inserts the claim; the primary key lets exactly one caller in.
func (db *DB) ClaimOnce(ctx context.Context, key, holder string) (bool, error) {
	tag, err := db.pool.Exec(ctx, `INSERT INTO claims (key, holder, claimed_at)
		VALUES ($1, $2, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
		ON CONFLICT (key) DO NOTHING`, key, holder)
	if err != nil {
		return false, fmt.Errorf("claim %s: %w", key, err)
	}
	return tag.RowsAffected() == 1, nil
}
