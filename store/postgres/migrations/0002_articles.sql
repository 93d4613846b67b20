-- newshound schema 2: articles with their aliases, flags, story clusters
-- and labels, the flag log and the webhook outbox. The references to an
-- article are checked at commit (DEFERRABLE INITIALLY DEFERRED), so that
-- one transaction may write an article's rows in any order, and cascade
-- on its deletion.

-- sort_key is the time key of the article's sort time (store.SortTime;
-- byte order is newest first) followed by its id: pages are ranges of it,
-- cursors its bytes. cluster is the story cluster's id: its members are
-- the articles with it. feeds holds the URLs of Feed and Sources.
CREATE TABLE articles (
    id text COLLATE "C" PRIMARY KEY,
    url text NOT NULL,
    sort_key bytea NOT NULL UNIQUE,
    flagged boolean NOT NULL,
    cluster text COLLATE "C" NOT NULL,
    feeds text[] COLLATE "C" NOT NULL,
    fetched timestamptz NOT NULL,
    published timestamptz,
    doc json NOT NULL
);
CREATE INDEX articles_flagged ON articles (sort_key) WHERE flagged;
CREATE INDEX articles_feeds ON articles USING gin (feeds);
CREATE INDEX articles_cluster ON articles (cluster, id);

-- alias_id is store.ArticleID of another URL that led to the article.
CREATE TABLE aliases (
    alias_id text COLLATE "C" PRIMARY KEY,
    article_id text COLLATE "C" NOT NULL
        REFERENCES articles ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED
);
CREATE INDEX aliases_article ON aliases (article_id);

-- One row per flag of an article: the per-rule index, in sort_key order.
CREATE TABLE flags (
    rule text COLLATE "C" NOT NULL,
    sort_key bytea NOT NULL,
    article_id text COLLATE "C" NOT NULL
        REFERENCES articles ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    flagged timestamptz NOT NULL,
    PRIMARY KEY (rule, sort_key)
);
CREATE INDEX flags_article ON flags (article_id);

-- The signed articles (store.Signature) and their LSH bands: articles
-- sharing a band are candidates of one cluster. time_key is the time key
-- of the article's sort time, so a band's candidates within a window are
-- one range of the primary key. minhash holds uint32 values, bands the
-- uint64 keys as their two's complement.
CREATE TABLE cluster_sigs (
    article_id text COLLATE "C" PRIMARY KEY
        REFERENCES articles ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    cluster text COLLATE "C" NOT NULL,
    sort_sec bigint NOT NULL,
    sort_nsec integer NOT NULL,
    bands bigint[] NOT NULL,
    minhash bigint[] NOT NULL
);
CREATE TABLE cluster_bands (
    band bigint NOT NULL,
    time_key bytea NOT NULL,
    article_id text COLLATE "C" NOT NULL REFERENCES cluster_sigs ON DELETE CASCADE,
    PRIMARY KEY (band, time_key, article_id)
);
CREATE INDEX cluster_bands_article ON cluster_bands (article_id);

CREATE TABLE labels (
    article_id text COLLATE "C" NOT NULL
        REFERENCES articles ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    rule text COLLATE "C" NOT NULL,
    doc json NOT NULL,
    PRIMARY KEY (article_id, rule)
);
CREATE INDEX labels_rule ON labels (rule, article_id);

-- Sequences that roll back with their transaction and serialize the
-- writers that advance them, which a PostgreSQL sequence does not: the
-- flag log's, so that its events are numbered in commit order without
-- gaps, and the outbox's.
CREATE TABLE counters (
    name text COLLATE "C" PRIMARY KEY,
    value bigint NOT NULL
);
INSERT INTO counters VALUES ('flag_log', 0), ('outbox', 0);

CREATE TABLE flag_log (
    seq bigint PRIMARY KEY,
    at_sec bigint NOT NULL,
    at_nsec integer NOT NULL,
    doc json NOT NULL
);

CREATE TABLE outbox (
    seq bigint PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    doc json NOT NULL
);
