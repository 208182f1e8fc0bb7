package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch/internal/store"
)

// RecordFailure stores the failure record of a URL, replacing the last one.
func (db *DB) RecordFailure(ctx context.Context, f store.Failure) error {
	at := f.FailedAt
	if at.IsZero() {
		at = db.Now()
	}
	_, err := db.pool.Exec(ctx, `INSERT INTO crawl_failures (source, url, kind, failures, last_run, retry_run, failed_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7)
		ON CONFLICT (source, url) DO UPDATE SET kind = excluded.kind, failures = excluded.failures,
			last_run = excluded.last_run, retry_run = excluded.retry_run, failed_at = excluded.failed_at`,
		f.Source, f.URL, f.Kind, f.Failures, f.LastRun, f.RetryRun, at.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return fmt.Errorf("record failure of %s: %w", f.URL, err)
	}
	return nil
}

// ClearFailure forgets the failure record of a URL.
func (db *DB) ClearFailure(ctx context.Context, source, url string) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM crawl_failures WHERE source = $1 AND url = $2`, source, url); err != nil {
		return fmt.Errorf("clear failure of %s: %w", url, err)
	}
	return nil
}

// Failures lists the failure records of source, by URL.
func (db *DB) Failures(ctx context.Context, source string) ([]store.Failure, error) {
	rows, err := db.pool.Query(ctx, `SELECT url, kind, failures, last_run, retry_run, failed_at
		FROM crawl_failures WHERE source = $1 ORDER BY url`, source)
	if err != nil {
		return nil, fmt.Errorf("list failures of %s: %w", source, err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Failure, error) {
		f := store.Failure{Source: source}
		var at string
		if err := row.Scan(&f.URL, &f.Kind, &f.Failures, &f.LastRun, &f.RetryRun, &at); err != nil {
			return f, err
		}
		var err error
		if f.FailedAt, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return f, fmt.Errorf("failure of %s: failed_at: %w", f.URL, err)
		}
		return f, nil
	})
	if err != nil {
		return nil, fmt.Errorf("list failures of %s: %w", source, err)
	}
	return out, nil
}
