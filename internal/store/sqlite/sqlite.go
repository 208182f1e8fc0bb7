// Package sqlite is the embedded store: one SQLite file in WAL mode, so the
// crawler can write while the search process reads.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/zhwatch/zhwatch/internal/store"
)

//go:embed migration/*.sql
var migrations embed.FS

// FileName is the database file inside a data directory.
const FileName = "zhwatch.db"

// DB is the SQLite store.
type DB struct {
	db   *sql.DB // the one writer; also reads inside write transactions
	read *sql.DB // a small pool for reads, which WAL lets run beside the writer
	path string

	commits *committer // groups page and article writes into shared commits (commit.go)

	writes *stmtCache // statements prepared on the writer (stmts.go)
	reads  *stmtCache // and on the read pool
	// Now is the clock used for stored_at/updated_at; tests replace it.
	Now func() time.Time
}

var _ store.Store = (*DB)(nil)

// Open opens (creating if needed) the store in dataDir and applies pending
// migrations.
func Open(ctx context.Context, dataDir string) (*DB, error) {
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	path := filepath.Join(dataDir, FileName)
	// wal_autocheckpoint(8192): checkpoint every 32 MiB of WAL rather than
	// SQLite's 4 MiB. The crawler commits one transaction per page, and at the
	// default the same index pages were copied back to the database over and
	// over: on the 12.2k-page rig crawl the larger interval took 11% off the
	// crawl time and 2 s of system time, with no change in peak RSS.
	dsn := "file:" + path +
		"?_pragma=journal_mode(WAL)&_pragma=busy_timeout(10000)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_txlock=immediate" +
		"&_pragma=wal_autocheckpoint(8192)&_pragma=temp_store(MEMORY)"
	sqlDB, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// One writer at a time is all SQLite allows; a single connection keeps
	// writers from fighting over the lock inside this process.
	sqlDB.SetMaxOpenConns(1)
	db := &DB{db: sqlDB, path: path, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	// Readers open after the migrations, so they see the final schema.
	db.read, err = sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=query_only(1)")
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open store %s for reading: %w", path, err)
	}
	db.read.SetMaxOpenConns(readers)
	db.read.SetMaxIdleConns(readers) // database/sql keeps 2 by default: the others were closed and reopened
	db.writes, db.reads = newStmtCache(db.db), newStmtCache(db.read)
	db.startCommitter()
	return db, nil
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// readers bounds the read pool: enough for the crawl's workers and a
// search process to look things up while the writer writes.
const readers = 4

// Close closes the database.
func (db *DB) Close() error {
	db.stopCommitter()
	return errors.Join(db.writes.close(), db.reads.close(), db.read.Close(), db.db.Close())
}

func (db *DB) migrate(ctx context.Context) error {
	var mode string
	if err := db.db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("read journal mode: %w", err)
	}
	if mode != "wal" {
		return fmt.Errorf("journal mode is %q, want wal", mode)
	}
	if _, err := db.db.ExecContext(ctx,
		`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.applyMigration(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, name string) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit

	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return nil
	}
	script, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(script)); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO migrations (name, applied_at) VALUES (?, ?)`,
		name, db.Now().UTC().Format(time.RFC3339)); err != nil {
		return err
	}
	return tx.Commit()
}

func notFound(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return err
}
