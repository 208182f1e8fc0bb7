package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch/internal/store"
)

// StartRun records the start of a crawl run.
func (db *DB) StartRun(ctx context.Context, r store.Run) (int64, error) {
	started := r.StartedAt
	if started.IsZero() {
		started = db.Now()
	}
	var id int64
	err := db.pool.QueryRow(ctx, `INSERT INTO crawl_runs (source, started_at) VALUES ($1, $2) RETURNING id`,
		r.Source, started.UTC().Format(time.RFC3339Nano)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("start run of %s: %w", r.Source, err)
	}
	return id, nil
}

// FinishRun stores the figures of run r.ID and counts the articles whose
// page was fetched during the run and whose body came out empty.
func (db *DB) FinishRun(ctx context.Context, r store.Run) (store.Run, error) {
	if r.FinishedAt.IsZero() {
		r.FinishedAt = db.Now()
	}
	errs, err := json.Marshal(r.Errors)
	if err != nil {
		return r, fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	var started string
	if err := db.pool.QueryRow(ctx, `SELECT started_at FROM crawl_runs WHERE id = $1`, r.ID).Scan(&started); err != nil {
		return r, notFound(fmt.Sprintf("run %d", r.ID), err)
	}
	// As in SQLite, pages.fetched_at and crawl_runs.started_at share one
	// format and compare as (C-collated) text.
	err = db.pool.QueryRow(ctx, `
		SELECT count(*) FROM articles a JOIN pages p ON p.id = a.page_id
		WHERE p.source = $1 AND p.fetched_at >= $2 AND p.fetched_at <= $3
		  AND trim(coalesce(a.doc::jsonb ->> 'body', '')) = ''`,
		r.Source, started, r.FinishedAt.UTC().Format(time.RFC3339Nano)).Scan(&r.ArticlesEmpty)
	if err != nil {
		return r, fmt.Errorf("finish run %d: count empty articles: %w", r.ID, err)
	}
	_, err = db.pool.Exec(ctx, `UPDATE crawl_runs SET finished_at = $1, pages = $2, not_modified = $3,
		articles_new = $4, articles_updated = $5, articles_empty = $6, errors = $7, err = $8 WHERE id = $9`,
		r.FinishedAt.UTC().Format(time.RFC3339Nano), r.Pages, r.NotModified, r.ArticlesNew,
		r.ArticlesUpdated, r.ArticlesEmpty, string(errs), r.Err, r.ID)
	if err != nil {
		return r, fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	if r.StartedAt, err = time.Parse(time.RFC3339Nano, started); err != nil {
		return r, fmt.Errorf("finish run %d: started_at: %w", r.ID, err)
	}
	return r, nil
}

// Runs returns the latest runs, newest first.
func (db *DB) Runs(ctx context.Context, source string, limit int) ([]store.Run, error) {
	rows, err := db.pool.Query(ctx, `SELECT id,
		(SELECT count(*) FROM crawl_runs c WHERE c.source = r.source AND c.id <= r.id),
		source, started_at, finished_at, pages, not_modified,
		articles_new, articles_updated, articles_empty, errors, err FROM crawl_runs r
		WHERE $1 = '' OR source = $1 ORDER BY id DESC LIMIT $2`, source, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (store.Run, error) {
		var (
			r                 store.Run
			started, finished string
			errs              string
		)
		if err := row.Scan(&r.ID, &r.Number, &r.Source, &started, &finished, &r.Pages, &r.NotModified,
			&r.ArticlesNew, &r.ArticlesUpdated, &r.ArticlesEmpty, &errs, &r.Err); err != nil {
			return r, err
		}
		var err error
		if r.StartedAt, err = time.Parse(time.RFC3339Nano, started); err != nil {
			return r, fmt.Errorf("run %d: started_at: %w", r.ID, err)
		}
		if finished != "" {
			if r.FinishedAt, err = time.Parse(time.RFC3339Nano, finished); err != nil {
				return r, fmt.Errorf("run %d: finished_at: %w", r.ID, err)
			}
		}
		if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
			return r, fmt.Errorf("run %d: errors: %w", r.ID, err)
		}
		return r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	return out, nil
}
