-- Reprint clusters: each article's MinHash signature, its band keys for
-- candidate lookup, and the cluster it joined.
ALTER TABLE articles ADD COLUMN cluster_id TEXT NOT NULL DEFAULT '';
CREATE INDEX articles_cluster ON articles (cluster_id);

CREATE TABLE reprint_signatures (
    article_id TEXT PRIMARY KEY REFERENCES articles (id),
    signature  BLOB NOT NULL
);

CREATE TABLE reprint_bands (
    band       INTEGER NOT NULL,
    key        INTEGER NOT NULL,
    article_id TEXT    NOT NULL REFERENCES articles (id),
    PRIMARY KEY (band, key, article_id)
) WITHOUT ROWID;
CREATE INDEX reprint_bands_article ON reprint_bands (article_id);
