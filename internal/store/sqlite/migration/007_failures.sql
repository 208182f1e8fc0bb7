-- URLs whose last fetch failed, per source, and the run of that source
-- before which they are not fetched again (back-off across runs).
CREATE TABLE crawl_failures (
    source    TEXT    NOT NULL,
    url       TEXT    NOT NULL,
    kind      TEXT    NOT NULL,
    failures  INTEGER NOT NULL, -- consecutive failed runs
    last_run  INTEGER NOT NULL, -- the source's run number of the last failure
    retry_run INTEGER NOT NULL, -- not fetched before this run number
    failed_at TEXT    NOT NULL, -- RFC 3339 nano, UTC
    PRIMARY KEY (source, url)
) WITHOUT ROWID;
