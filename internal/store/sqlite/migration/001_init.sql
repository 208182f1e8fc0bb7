-- Every fetch, kept forever as provenance.
CREATE TABLE pages (
    id         INTEGER PRIMARY KEY,
    source     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    final_url  TEXT    NOT NULL,
    status     INTEGER NOT NULL,
    header     TEXT    NOT NULL, -- JSON object of header lists
    fetched_at TEXT    NOT NULL, -- RFC 3339, UTC
    sha256     TEXT    NOT NULL,
    body       BLOB    NOT NULL
);
CREATE INDEX pages_url ON pages (url);

-- One row per article URL; re-extraction updates it and bumps seq, which the
-- index follows.
CREATE TABLE articles (
    id           TEXT    PRIMARY KEY,
    url          TEXT    NOT NULL UNIQUE,
    page_id      INTEGER NOT NULL REFERENCES pages (id),
    source       TEXT    NOT NULL,
    seq          INTEGER NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    published_at TEXT    NOT NULL,
    off_topic    INTEGER NOT NULL,
    stored_at    TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    doc          TEXT    NOT NULL -- the whole Article as JSON
);
CREATE INDEX articles_stored_at ON articles (stored_at);
