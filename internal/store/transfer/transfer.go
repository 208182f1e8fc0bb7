// Package transfer copies a SQLite store into an empty PostgreSQL store,
// row for row: page ids and their bodies (once per content hash), article
// seqs, history, digests with their items and deliveries, the frontier, crawl
// runs and failed URLs waiting for a later run all keep their values, so an
// index built from the SQLite store stays in step with the PostgreSQL one.
package transfer

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"

	"github.com/jackc/pgx/v5"

	"github.com/zhwatch/zhwatch/internal/store/postgres"
	"github.com/zhwatch/zhwatch/internal/store/sqlite"
)

// Counts is how many rows of each table were copied.
type Counts map[string]int64

// table is one table's copy: the SQLite query and the PostgreSQL columns it
// fills, in the same order.
type table struct {
	name    string
	query   string
	columns []string
	bools   []int // columns SQLite keeps as 0/1 and PostgreSQL as boolean
	blobs   []int // columns that must not be NULL when empty (bytea NOT NULL)
}

// tables lists every table in an order that satisfies the foreign keys.
// Page bodies are copied once per content hash, as both stores keep them
// (opening the source applies its migrations, so an older store has moved
// its bodies into the bodies table first); the pages rows take an empty
// body column and point at their body through sha256.
var tables = []table{
	{"bodies", `SELECT sha256, body FROM bodies`, []string{"sha256", "body"}, nil, []int{1}},
	{"pages", `SELECT id, source, url, final_url, status, header, fetched_at, sha256 FROM pages ORDER BY id`,
		[]string{"id", "source", "url", "final_url", "status", "header", "fetched_at", "sha256"}, nil, nil},
	{"articles", `SELECT id, url, page_id, source, seq, title, published_at, off_topic, stored_at, updated_at, cluster_id, doc FROM articles`,
		[]string{"id", "url", "page_id", "source", "seq", "title", "published_at", "off_topic", "stored_at", "updated_at", "cluster_id", "doc"}, []int{7}, nil},
	{"reprint_signatures", `SELECT article_id, signature FROM reprint_signatures`, []string{"article_id", "signature"}, nil, nil},
	{"reprint_bands", `SELECT band, key, article_id FROM reprint_bands`, []string{"band", "key", "article_id"}, nil, nil},
	{"article_history", `SELECT id, article_id, page_id, seq, replaced_at, doc FROM article_history`,
		[]string{"id", "article_id", "page_id", "seq", "replaced_at", "doc"}, nil, nil},
	{"digests", `SELECT rowid, id, watchlist, since, until, state, created_at, sent_at, doc FROM digests`,
		[]string{"n", "id", "watchlist", "since", "until", "state", "created_at", "sent_at", "doc"}, nil, nil},
	{"digest_items", `SELECT watchlist, article_id, cluster_id, digest_id FROM digest_items`,
		[]string{"watchlist", "article_id", "cluster_id", "digest_id"}, nil, nil},
	{"digest_deliveries", `SELECT digest_id, delivery, attempts, next_attempt, last_error, done_at FROM digest_deliveries`,
		[]string{"digest_id", "delivery", "attempts", "next_attempt", "last_error", "done_at"}, nil, nil},
	{"frontier", `SELECT source, url, kind, depth, attempts, not_before, added FROM frontier`,
		[]string{"source", "url", "kind", "depth", "attempts", "not_before", "added"}, nil, nil},
	{"crawl_runs", `SELECT id, source, started_at, finished_at, pages, not_modified, articles_new, articles_updated, articles_empty, errors, err FROM crawl_runs`,
		[]string{"id", "source", "started_at", "finished_at", "pages", "not_modified", "articles_new", "articles_updated", "articles_empty", "errors", "err"}, nil, nil},
	{"crawl_failures", `SELECT source, url, kind, failures, last_run, retry_run, failed_at FROM crawl_failures`,
		[]string{"source", "url", "kind", "failures", "last_run", "retry_run", "failed_at"}, nil, nil},
}

// counters are the sequences and identities to move past the copied
// values, so new rows do not collide with copied ones.
var counters = []string{
	`SELECT setval(pg_get_serial_sequence('pages', 'id'), coalesce(max(id), 0) + 1, false) FROM pages`,
	`SELECT setval('article_seq', coalesce(max(seq), 0) + 1, false) FROM articles`,
	`SELECT setval(pg_get_serial_sequence('article_history', 'id'), coalesce(max(id), 0) + 1, false) FROM article_history`,
	`SELECT setval(pg_get_serial_sequence('digests', 'n'), coalesce(max(n), 0) + 1, false) FROM digests`,
	`SELECT setval('frontier_added', coalesce(max(added), 0) + 1, false) FROM frontier`,
	`SELECT setval(pg_get_serial_sequence('crawl_runs', 'id'), coalesce(max(id), 0) + 1, false) FROM crawl_runs`,
}

// Copy copies the SQLite store in dataDir into the PostgreSQL database at
// dst, which must hold no pages or articles yet. It runs in one PostgreSQL
// transaction: a failure leaves the destination as it was. The crawler
// should be stopped while it runs.
func Copy(ctx context.Context, dataDir, dst string) (Counts, error) {
	// Opening the source through the store applies its pending migrations
	// first, so an older store copies as well as a current one.
	src, err := sqlite.Open(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(dataDir, sqlite.FileName)+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", src.Path(), err)
	}
	defer raw.Close()
	pg, err := postgres.Open(ctx, dst) // creates the schema
	if err != nil {
		return nil, err
	}
	pg.Close()
	conn, err := pgx.Connect(ctx, dst)
	if err != nil {
		return nil, fmt.Errorf("connect to %s: %w", postgres.Redact(dst), err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	counts := Counts{}
	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var pages, articles int64
		if err := tx.QueryRow(ctx, `SELECT (SELECT count(*) FROM pages), (SELECT count(*) FROM articles)`).Scan(&pages, &articles); err != nil {
			return err
		}
		if pages+articles > 0 {
			return fmt.Errorf("the destination already holds %d pages and %d articles; migrate into an empty database", pages, articles)
		}
		for _, t := range tables {
			if counts[t.name], err = copyTable(ctx, tx, raw, t); err != nil {
				return fmt.Errorf("%s: %w", t.name, err)
			}
		}
		for _, q := range counters {
			if _, err := tx.Exec(ctx, q); err != nil {
				return fmt.Errorf("move counters: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("copy %s to %s: %w", src.Path(), postgres.Redact(dst), err)
	}
	return counts, nil
}

// copyTable streams one table with COPY.
func copyTable(ctx context.Context, tx pgx.Tx, raw *sql.DB, t table) (int64, error) {
	rows, err := raw.QueryContext(ctx, t.query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	vals := make([]any, len(t.columns))
	ptrs := make([]any, len(t.columns))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	next := func() ([]any, error) {
		if !rows.Next() {
			return nil, rows.Err()
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for _, i := range t.bools {
			n, ok := vals[i].(int64)
			if !ok {
				return nil, fmt.Errorf("column %s: %T, want an integer", t.columns[i], vals[i])
			}
			vals[i] = n != 0
		}
		for _, i := range t.blobs {
			if b, ok := vals[i].([]byte); vals[i] == nil || ok && b == nil {
				vals[i] = []byte{} // an empty blob may read back as nil, which pgx writes as NULL
			}
		}
		return vals, nil
	}
	return tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromFunc(next))
}
