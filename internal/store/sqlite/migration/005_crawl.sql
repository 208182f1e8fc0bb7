-- The crawl frontier: URLs queued per source. An item is deleted only after
-- the page fetched from it is committed, so a crawler killed at any moment
-- resumes with nothing lost.
CREATE TABLE frontier (
    source     TEXT    NOT NULL,
    url        TEXT    NOT NULL,
    kind       TEXT    NOT NULL, -- seed, list, article
    depth      INTEGER NOT NULL,
    attempts   INTEGER NOT NULL DEFAULT 0,
    not_before INTEGER NOT NULL DEFAULT 0, -- unix ms
    added      INTEGER NOT NULL,           -- insertion order
    PRIMARY KEY (source, url)
) WITHOUT ROWID;

-- Conditional GET and recrawl look up the newest fetch of a URL.
CREATE INDEX pages_url_id ON pages (url, id);
CREATE INDEX articles_page ON articles (page_id);

-- Earlier versions of an article, kept when a new page version replaces it.
CREATE TABLE article_history (
    id          INTEGER PRIMARY KEY,
    article_id  TEXT    NOT NULL,
    page_id     INTEGER NOT NULL,
    seq         INTEGER NOT NULL,
    replaced_at TEXT    NOT NULL,
    doc         TEXT    NOT NULL
);
CREATE INDEX article_history_article ON article_history (article_id, id);

CREATE TRIGGER articles_keep_history BEFORE UPDATE OF page_id ON articles
WHEN old.page_id IS NOT new.page_id
BEGIN
    INSERT INTO article_history (article_id, page_id, seq, replaced_at, doc)
    VALUES (old.id, old.page_id, old.seq, new.updated_at, old.doc);
END;

-- One row per crawl of one source.
CREATE TABLE crawl_runs (
    id               INTEGER PRIMARY KEY,
    source           TEXT    NOT NULL,
    started_at       TEXT    NOT NULL, -- RFC 3339 nano, UTC
    finished_at      TEXT    NOT NULL DEFAULT '',
    pages            INTEGER NOT NULL DEFAULT 0,
    not_modified     INTEGER NOT NULL DEFAULT 0,
    articles_new     INTEGER NOT NULL DEFAULT 0,
    articles_updated INTEGER NOT NULL DEFAULT 0,
    articles_empty   INTEGER NOT NULL DEFAULT 0,
    errors           TEXT    NOT NULL DEFAULT '{}', -- JSON kind → count
    err              TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX crawl_runs_source ON crawl_runs (source, id);
