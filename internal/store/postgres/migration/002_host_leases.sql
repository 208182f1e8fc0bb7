-- The shared frontier (lease.go): each frontier item knows its host, and
-- each host has one lease row that workers take with SKIP LOCKED.
ALTER TABLE frontier ADD COLUMN host TEXT COLLATE "C" NOT NULL
    GENERATED ALWAYS AS (lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]+)'))) STORED;
CREATE INDEX frontier_host ON frontier (host, not_before);

CREATE SEQUENCE lease_token AS BIGINT;
CREATE TABLE host_leases (
    host       TEXT   COLLATE "C" PRIMARY KEY,
    holder     TEXT   NOT NULL DEFAULT '', -- '' when free
    token      BIGINT NOT NULL DEFAULT 0,  -- a new value on every grant
    expires_at BIGINT NOT NULL DEFAULT 0,  -- unix ms, database clock
    next_due   BIGINT NOT NULL DEFAULT 0   -- unix ms: not leased before (politeness)
);
INSERT INTO host_leases (host) SELECT DISTINCT host FROM frontier;

-- A host queued for the first time gets its lease row.
CREATE FUNCTION frontier_host_lease() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO host_leases (host) VALUES (NEW.host) ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER frontier_host_lease AFTER INSERT ON frontier
FOR EACH ROW EXECUTE FUNCTION frontier_host_lease();

-- Work done once across the fleet: a cron run, a scheduled digest.
CREATE TABLE claims (
    key        TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    claimed_at TEXT NOT NULL -- RFC 3339, database clock
);
