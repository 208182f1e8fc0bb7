// Package postgres is the shared store: the store contract on PostgreSQL
// (pgx with a connection pool), for several crawler and search processes on
// several machines. It mirrors internal/store/sqlite row for row; see
// README "Scaling out" for what is shared across processes so far.
package postgres

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"sort"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/zhwatch/zhwatch/internal/store"
)

//go:embed migration/*.sql
var migrations embed.FS

// DB is the PostgreSQL store.
type DB struct {
	pool *pgxpool.Pool
	name string // the URL without its password, for messages
	// Now is the clock used for stored_at/updated_at; tests replace it.
	Now func() time.Time
	// Log, when set, receives problems of background work (the LISTEN
	// connection of Changes).
	Log *slog.Logger
}

func (db *DB) logf(format string, args ...any) {
	if db.Log != nil {
		db.Log.Warn(fmt.Sprintf(format, args...), "store", db.name)
	}
}

var (
	_ store.Store      = (*DB)(nil)
	_ store.CrawlState = (*DB)(nil)
)

// Open connects to the database at dsn (a postgres:// URL; the password
// comes from PGPASSWORD or PGPASSFILE, as for libpq) and applies pending
// migrations.
func Open(ctx context.Context, dsn string) (*DB, error) {
	name := Redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	db := &DB{pool: pool, name: name, Now: time.Now}
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open store %s: %w", name, err)
	}
	return db, nil
}

// Redact returns dsn without a password, for logs and errors.
func Redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Path names the store for messages: its URL without the password.
func (db *DB) Path() string { return db.name }

// Close closes the pool.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// migrationLock is the advisory lock key that serialises migrations: several
// workers started at once must not apply the same script twice.
const migrationLock = 0x7a6877617463 // "zhwatc"

func (db *DB) migrate(ctx context.Context) error {
	conn, err := db.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, migrationLock); err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, migrationLock) //nolint:errcheck // the session ends anyway
	if _, err := conn.Exec(ctx,
		`CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migration/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := db.applyMigration(ctx, conn.Conn(), name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) applyMigration(ctx context.Context, conn *pgx.Conn, name string) error {
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var n int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM migrations WHERE name = $1`, name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		script, err := fs.ReadFile(migrations, name)
		if err != nil {
			return err
		}
		// Exec without arguments uses the simple protocol, which runs a
		// script of several statements.
		if _, err := tx.Exec(ctx, string(script)); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO migrations (name, applied_at) VALUES ($1, $2)`,
			name, db.Now().UTC().Format(time.RFC3339))
		return err
	})
}

func notFound(what string, err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return err
}

// isUniqueViolation reports a unique or primary-key violation.
func isUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
