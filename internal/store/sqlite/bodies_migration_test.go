package sqlite

import (
	"context"
	"testing"
)

// TestBodiesMigrationDedupsExistingPages: migration 006 moves the bodies
// of pages stored before it into the bodies table, once per content.
func TestBodiesMigrationDedupsExistingPages(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	// Back to the schema before 006, with three pages stored the old way.
	for _, q := range []string{
		`DROP TABLE bodies`,
		`DELETE FROM migrations WHERE name LIKE '%006_bodies.sql'`,
		`INSERT INTO pages (source, url, final_url, status, header, fetched_at, sha256, body) VALUES
			('s', 'http://h/1', 'http://h/1', 200, '{}', '2025-08-28T00:00:00Z', 'aa', x'e587ba'),
			('s', 'http://h/1', 'http://h/1', 200, '{}', '2025-08-29T00:00:00Z', 'aa', x'e587ba'),
			('s', 'http://h/2', 'http://h/2', 200, '{}', '2025-08-29T00:00:00Z', 'bb', x'61')`,
	} {
		if _, err := db.db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	db, err = Open(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, size, err := db.Bodies(ctx)
	if err != nil || n != 2 || size != 4 {
		t.Errorf("after the migration: %d bodies, %d bytes (%v); want 2, 4", n, size, err)
	}
	for id, want := range map[int64]string{1: "出", 2: "出", 3: "a"} {
		p, err := db.Page(ctx, id)
		if err != nil || string(p.Body) != want {
			t.Errorf("page %d: body %q (%v), want %q", id, p.Body, err, want)
		}
	}
	var left int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM pages WHERE length(body) > 0`).Scan(&left); err != nil || left != 0 {
		t.Errorf("%d pages still hold their own body (%v)", left, err)
	}
}
