-- LatestPages and HasPage look pages up by the URL a fetch ended at.
CREATE INDEX pages_final_url ON pages (final_url, status);
