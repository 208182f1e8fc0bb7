-- URLs whose last fetch failed, per source, and the run of that source
-- before which they are not fetched again (SQLite's 007_failures.sql).
CREATE TABLE crawl_failures (
    source    TEXT    NOT NULL,
    url       TEXT    COLLATE "C" NOT NULL, -- listed in URL order, by bytes
    kind      TEXT    NOT NULL,
    failures  INTEGER NOT NULL, -- consecutive failed runs
    last_run  BIGINT  NOT NULL, -- the source's run number of the last failure
    retry_run BIGINT  NOT NULL, -- not fetched before this run number
    failed_at TEXT    COLLATE "C" NOT NULL, -- RFC 3339 nano, UTC
    PRIMARY KEY (source, url)
);
