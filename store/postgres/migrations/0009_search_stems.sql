-- newshound schema 9: on PostgreSQL a plain word of a search also finds
-- its inflections in the story's language (share finds shared and
-- sharing in an English story). stems is an article's words (the words
-- column) stemmed by the Snowball configuration of its language, each
-- stem tagged with that language ('en:share'), so that one GIN index
-- serves every language and a stem of one language never matches a
-- story in another; NULL when the language maps to no configuration
-- (unknown, empty, or one PostgreSQL does not stem) or the article has
-- no words column. Stems come from the words, not from PostgreSQL's
-- parser over the text, so a story's stems are exactly those of its
-- words as store.SearchWords splits them, and the words of a query are
-- stemmed by the same functions. Exact words, prefixes and phrases are
-- still matched on the words column alone.

-- search_langs lists the languages stemmed: a tag (the ISO 639-1 code)
-- and PostgreSQL's Snowball configuration for it.
CREATE FUNCTION search_langs() RETURNS TABLE (tag text, config regconfig)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    VALUES ('ar', 'arabic'::regconfig), ('hy', 'armenian'), ('eu', 'basque'), ('ca', 'catalan'),
        ('da', 'danish'), ('nl', 'dutch'), ('en', 'english'), ('fi', 'finnish'), ('fr', 'french'),
        ('de', 'german'), ('el', 'greek'), ('hi', 'hindi'), ('hu', 'hungarian'), ('id', 'indonesian'),
        ('ga', 'irish'), ('it', 'italian'), ('lt', 'lithuanian'), ('ne', 'nepali'), ('no', 'norwegian'),
        ('pt', 'portuguese'), ('ro', 'romanian'), ('ru', 'russian'), ('sr', 'serbian'), ('es', 'spanish'),
        ('sv', 'swedish'), ('ta', 'tamil'), ('tr', 'turkish'), ('yi', 'yiddish')
$$;

-- search_lang_tag is the tag of search_langs for a story's language
-- (store.Article.Lang: an ISO 639-1 code, maybe with a region, "en-US",
-- "pt_BR", in any case; Norwegian's nb and nn are no), or NULL when
-- none stems it.
CREATE FUNCTION search_lang_tag(lang text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT l.tag FROM search_langs() l
    WHERE l.tag = (SELECT CASE WHEN c IN ('nb', 'nn') THEN 'no' ELSE c END
        FROM lower(substring(lang FROM '^[A-Za-z]+')) AS c)
$$;

-- search_doc_lang is the language of an article's doc as far as
-- search_lang_tag reads it (the letters it starts with), found in the
-- doc's text: doc->>'lang' would parse the whole doc, which fails on a
-- text holding a zero byte (\u0000). encoding/json writes "lang":"..."
-- without spaces, no other key of an article is named lang, and a
-- string never holds an unescaped quote, so the first match is the key.
CREATE FUNCTION search_doc_lang(doc json) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT substring(doc::text FROM '"lang":"([A-Za-z]*)')
$$;

-- search_stems is the stems column of a story in the language lang with
-- the words words: each word's stems in that language's configuration,
-- tagged; NULL without words or a configuration. Stop words have none.
-- The tags are added to the lexemes as one string (lexemes of words
-- hold no spaces): twice as fast as a row per lexeme.
CREATE FUNCTION search_stems(lang text, words text[]) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT array_to_tsvector(coalesce(string_to_array(l.tag || ':' || nullif(array_to_string(
        tsvector_to_array(to_tsvector(l.config, array_to_string(words, ' '))), ' ' || l.tag || ':'), ''), ' '), '{}'))
    FROM search_langs() l
    WHERE l.tag = search_lang_tag(lang)
$$;

-- search_stem_query is the tsquery of the stems of the query word word
-- in every language: 'en:share' | 'de:share' | ... A language where the
-- word is a stop word, or gives other than one lexeme, adds nothing;
-- with none at all it is '-', a lexeme no stems column holds (each
-- starts with a tag), so that the condition is false but still one of
-- the index.
CREATE FUNCTION search_stem_query(word text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT coalesce(string_agg('''' || replace(replace(s.stem, '\', '\\'), '''', '''''') || '''', ' | '), '''-''')::tsquery
    FROM (
        SELECT t.tag || ':' || min(v.lexeme) AS stem
        FROM search_langs() t, unnest(to_tsvector(t.config, word)) AS v
        GROUP BY t.tag
        HAVING count(*) = 1
    ) s
$$;

-- The stems of the articles stored before are filled in after the
-- migration, in batches, while the store is in use (fillStems): an
-- UPDATE of every row here would hold the articles table for minutes per
-- hundred thousand stories. stems_pending marks them: added with the
-- default true, which PostgreSQL records once instead of writing every
-- row, then false for every row written from now on. Until its stems are
-- in, a story is found by its exact words, as before schema 9.
ALTER TABLE articles ADD COLUMN stems tsvector,
    ADD COLUMN stems_pending boolean NOT NULL DEFAULT true;
ALTER TABLE articles ALTER COLUMN stems_pending SET DEFAULT false;
CREATE INDEX articles_stems ON articles USING gin (stems);
CREATE INDEX articles_stems_pending ON articles (sort_key) WHERE stems_pending;
