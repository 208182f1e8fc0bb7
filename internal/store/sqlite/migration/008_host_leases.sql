-- The shared frontier (lease.go), as on PostgreSQL: several crawler
-- processes on one file lease hosts. Each frontier item knows its host: the
-- URL's authority up to the first '/', '?' or '#', lower-cased.
ALTER TABLE frontier ADD COLUMN host TEXT GENERATED ALWAYS AS (lower(substr(
    replace(replace(substr(url, instr(url, '://') + 3), '?', '/'), '#', '/'), 1,
    instr(replace(replace(substr(url, instr(url, '://') + 3), '?', '/'), '#', '/') || '/', '/') - 1))) VIRTUAL;
CREATE INDEX frontier_host ON frontier (host, not_before);

-- A host's lease, created when it is first leased.
CREATE TABLE host_leases (
    host       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL DEFAULT '', -- '' when free
    token      INTEGER NOT NULL DEFAULT 0,  -- a new value on every grant
    expires_at INTEGER NOT NULL DEFAULT 0,  -- unix ms
    next_due   INTEGER NOT NULL DEFAULT 0   -- unix ms: not leased before (politeness)
) WITHOUT ROWID;

-- Work done once across processes: a cron run, a scheduled digest.
CREATE TABLE claims (
    key        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    claimed_at TEXT NOT NULL -- RFC 3339
) WITHOUT ROWID;
