-- newshound schema 6: full-text search over the whole archive, with the
-- query language of store.ParseSearch (words, phrases, prefixes; case
-- ignored; no stemming, no stop words, the same on every backend).
-- words is an article's tsvector: its distinct words exactly as
-- store.SearchWords gives them (built in Go and stored through
-- array_to_tsvector, so PostgreSQL's parser and dictionaries, which
-- differ from the bbolt file's words, never enter), under a GIN index
-- that finds the articles holding every word of a query ('w' & 'p':*),
-- which store.Search.Match then decides (phrases, word order).
-- Articles without words (stored before this version, or with more
-- distinct words than a tsvector holds) are always candidates, through
-- their own index; Open fills in the former. The trigram column of
-- schema 5, which matched substrings, goes.

DROP INDEX IF EXISTS articles_unsearched;
ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN words tsvector;
CREATE INDEX articles_words ON articles USING gin (words);
CREATE INDEX articles_unworded ON articles (sort_key) WHERE words IS NULL;
