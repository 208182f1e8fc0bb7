package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache prepares each query once per pool. modernc's driver parses the
// SQL on every Exec or Query that is not prepared; the crawl stores a page
// and its article with nine statements, and parsing them (the band insert
// and the reprint-candidate query have dozens of parameters) cost more CPU
// than running them on the rig.
type stmtCache struct {
	pool    *sql.DB
	mu      sync.Mutex
	stmts   map[string]*sql.Stmt
	pending map[string]bool // first met inside a transaction, to prepare after it
}

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}, pending: map[string]bool{}}
}

// get returns the prepared statement for query, preparing it on the pool.
// Not for use inside a transaction on a one-connection pool: see inTx.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.stmts == nil {
		return nil, errClosed
	}
	if stmt, ok := c.stmts[query]; ok {
		return stmt, nil
	}
	stmt, err := c.pool.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.stmts[query] = stmt
	return stmt, nil
}

// inTx returns query's statement for use in tx. The writer pool has one
// connection, which tx holds, so a query not prepared yet is prepared on
// the transaction for this once and on the pool after the transaction ends
// (preparePending).
func (c *stmtCache) inTx(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	stmt, ok := c.stmts[query]
	if !ok {
		c.pending[query] = true
	}
	c.mu.Unlock()
	if ok {
		return tx.StmtContext(ctx, stmt), nil
	}
	return tx.PrepareContext(ctx, query)
}

// preparePending prepares on the pool the queries first met in a
// transaction. Failures are left for the next use to report.
func (c *stmtCache) preparePending(ctx context.Context) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for query := range c.pending {
		if c.stmts == nil {
			return
		}
		if stmt, err := c.pool.PrepareContext(ctx, query); err == nil {
			c.stmts[query] = stmt
		}
		delete(c.pending, query)
	}
}

func (c *stmtCache) close() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for _, stmt := range c.stmts {
		errs = append(errs, stmt.Close())
	}
	c.stmts = nil
	return errors.Join(errs...)
}

// txExec runs a write statement inside tx, prepared once.
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	stmt, err := db.writes.inTx(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return stmt.ExecContext(ctx, args...)
}

// txScan runs a one-row query inside tx, prepared once, into dest; no row
// is sql.ErrNoRows.
func (db *DB) txScan(ctx context.Context, tx *sql.Tx, query string, args []any, dest ...any) error {
	stmt, err := db.writes.inTx(ctx, tx, query)
	if err != nil {
		return err
	}
	return stmt.QueryRowContext(ctx, args...).Scan(dest...)
}
