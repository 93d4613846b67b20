-- newshound schema 5: search over the whole archive. search holds an
-- article's title, summary and text as store.MatchText reads them (lower
-- case, white space as one space, the fields apart), and a trigram GIN
-- index (pg_trgm, a trusted extension shipped with PostgreSQL) finds the
-- articles holding a term anywhere, substrings included, as MatchText
-- does. Articles stored before this version have no search value and are
-- always candidates (their own index keeps that cheap) until rewritten.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
ALTER TABLE articles ADD COLUMN search text;
CREATE INDEX articles_search ON articles USING gin (search gin_trgm_ops);
CREATE INDEX articles_unsearched ON articles (sort_key) WHERE search IS NULL;
