-- Raw page bodies, stored once per content hash: a page fetched again with
-- the same bytes (an oversized page cut at the same cap, an unchanged list
-- page without validators) adds a pages row, not another copy of its body.
CREATE TABLE bodies (
    id     INTEGER PRIMARY KEY,
    sha256 TEXT    NOT NULL UNIQUE,
    body   BLOB    NOT NULL
);
INSERT OR IGNORE INTO bodies (sha256, body) SELECT sha256, body FROM pages ORDER BY id;
-- pages.body stays (NOT NULL) but empty; pages.sha256 points at the body.
UPDATE pages SET body = x'';
