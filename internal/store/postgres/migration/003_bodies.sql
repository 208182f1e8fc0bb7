-- Raw page bodies, stored once per content hash (SQLite's 006_bodies.sql):
-- a page fetched again with the same bytes adds a pages row, not another
-- copy of its body.
CREATE TABLE bodies (
    sha256 TEXT  COLLATE "C" PRIMARY KEY,
    body   BYTEA NOT NULL
);
INSERT INTO bodies (sha256, body)
    SELECT DISTINCT ON (sha256) sha256, body FROM pages ORDER BY sha256, id
    ON CONFLICT (sha256) DO NOTHING;
-- pages.body stays (NOT NULL) but empty; pages.sha256 points at the body.
UPDATE pages SET body = ''::bytea WHERE body <> ''::bytea;
ALTER TABLE pages ALTER COLUMN body SET DEFAULT ''::bytea;
