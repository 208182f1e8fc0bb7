-- Watchlist digests (internal/digest): each digest is recorded with its items
-- before it is delivered, and stays pending until every delivery took it.
CREATE TABLE digests (
    id         TEXT PRIMARY KEY, -- watchlist-YYYYMMDDTHHMMSSZ-N, the idempotency key of its deliveries
    watchlist  TEXT NOT NULL,
    since      TEXT NOT NULL,    -- RFC 3339 nano, UTC; '' for a watchlist's first digest
    until      TEXT NOT NULL,
    state      TEXT NOT NULL,    -- pending, sent, empty
    created_at TEXT NOT NULL,
    sent_at    TEXT NOT NULL DEFAULT '',
    doc        TEXT NOT NULL     -- the digest as rendered data (JSON)
);
CREATE INDEX digests_watchlist ON digests (watchlist, created_at);

-- Every article a digest covers. An article (or the reprint cluster it
-- belongs to) is delivered at most once per watchlist.
CREATE TABLE digest_items (
    watchlist  TEXT NOT NULL,
    article_id TEXT NOT NULL,
    cluster_id TEXT NOT NULL,
    digest_id  TEXT NOT NULL REFERENCES digests (id),
    PRIMARY KEY (watchlist, article_id)
) WITHOUT ROWID;
CREATE INDEX digest_items_cluster ON digest_items (watchlist, cluster_id);
CREATE INDEX digest_items_digest ON digest_items (digest_id);

-- How each delivery of a digest went.
CREATE TABLE digest_deliveries (
    digest_id    TEXT    NOT NULL REFERENCES digests (id),
    delivery     TEXT    NOT NULL, -- e.g. "dir /srv/zhwatch/digests"
    attempts     INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT    NOT NULL DEFAULT '',
    last_error   TEXT    NOT NULL DEFAULT '',
    done_at      TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (digest_id, delivery)
) WITHOUT ROWID;
