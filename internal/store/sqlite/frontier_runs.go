package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/zhwatch/zhwatch/internal/store"
)

// StartRun records the start of a crawl run.
func (db *DB) StartRun(ctx context.Context, r store.Run) (int64, error) {
	started := r.StartedAt
	if started.IsZero() {
		started = db.Now()
	}
	res, err := db.db.ExecContext(ctx, `INSERT INTO crawl_runs (source, started_at) VALUES (?, ?)`,
		r.Source, started.UTC().Format(time.RFC3339Nano))
	if err != nil {
		return 0, fmt.Errorf("start run of %s: %w", r.Source, err)
	}
	return res.LastInsertId()
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
	if err := db.db.QueryRowContext(ctx, `SELECT started_at FROM crawl_runs WHERE id = ?`, r.ID).Scan(&started); err != nil {
		return r, notFound(fmt.Sprintf("run %d", r.ID), err)
	}
	// pages.fetched_at and crawl_runs.started_at share one format, so text
	// comparison orders them.
	err = db.db.QueryRowContext(ctx, `
		SELECT count(*) FROM articles a JOIN pages p ON p.id = a.page_id
		WHERE p.source = ? AND p.fetched_at >= ? AND p.fetched_at <= ?
		  AND trim(coalesce(json_extract(a.doc, '$.body'), '')) = ''`,
		r.Source, started, r.FinishedAt.UTC().Format(time.RFC3339Nano)).Scan(&r.ArticlesEmpty)
	if err != nil {
		return r, fmt.Errorf("finish run %d: count empty articles: %w", r.ID, err)
	}
	_, err = db.db.ExecContext(ctx, `UPDATE crawl_runs SET finished_at = ?, pages = ?, not_modified = ?,
		articles_new = ?, articles_updated = ?, articles_empty = ?, errors = ?, err = ? WHERE id = ?`,
		r.FinishedAt.UTC().Format(time.RFC3339Nano), r.Pages, r.NotModified, r.ArticlesNew,
		r.ArticlesUpdated, r.ArticlesEmpty, string(errs), r.Err, r.ID)
	if err != nil {
		return r, fmt.Errorf("finish run %d: %w", r.ID, err)
	}
	r.StartedAt, err = time.Parse(time.RFC3339Nano, started)
	if err != nil {
		return r, fmt.Errorf("finish run %d: started_at: %w", r.ID, err)
	}
	return r, nil
}

// Runs returns the latest runs, newest first.
func (db *DB) Runs(ctx context.Context, source string, limit int) ([]store.Run, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id,
		(SELECT count(*) FROM crawl_runs c WHERE c.source = r.source AND c.id <= r.id),
		source, started_at, finished_at, pages, not_modified,
		articles_new, articles_updated, articles_empty, errors, err FROM crawl_runs r
		WHERE ? = '' OR source = ? ORDER BY id DESC LIMIT ?`, source, source, limit)
	if err != nil {
		return nil, fmt.Errorf("list runs: %w", err)
	}
	defer rows.Close()
	var out []store.Run
	for rows.Next() {
		var (
			r                 store.Run
			started, finished string
			errs              string
		)
		if err := rows.Scan(&r.ID, &r.Number, &r.Source, &started, &finished, &r.Pages, &r.NotModified,
			&r.ArticlesNew, &r.ArticlesUpdated, &r.ArticlesEmpty, &errs, &r.Err); err != nil {
			return nil, fmt.Errorf("list runs: %w", err)
		}
		if r.StartedAt, err = time.Parse(time.RFC3339Nano, started); err != nil {
			return nil, fmt.Errorf("run %d: started_at: %w", r.ID, err)
		}
		if finished != "" {
			if r.FinishedAt, err = time.Parse(time.RFC3339Nano, finished); err != nil {
				return nil, fmt.Errorf("run %d: finished_at: %w", r.ID, err)
			}
		}
		if err := json.Unmarshal([]byte(errs), &r.Errors); err != nil {
			return nil, fmt.Errorf("run %d: errors: %w", r.ID, err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
