-- newshound schema 1: feeds, subscriptions, host pauses and retries.
-- Every record is also kept whole as JSON in doc
-- (encoding/json of the store type, the same as the bbolt file holds), so
-- a field added to a type needs no migration; the other columns are what
-- queries filter, order and join by. Identifiers sort bytewise
-- (COLLATE "C"), as in the bbolt file. Times that order or bound a query
-- to the nanosecond are (seconds, nanoseconds) pairs or, for articles,
-- the store's index key.

CREATE TABLE feeds (
    url text COLLATE "C" PRIMARY KEY,
    doc json NOT NULL
);

CREATE TABLE subscriptions (
    url text COLLATE "C" PRIMARY KEY,
    doc json NOT NULL
);

CREATE TABLE host_pauses (
    host text COLLATE "C" PRIMARY KEY,
    until_sec bigint NOT NULL,
    until_nsec integer NOT NULL,
    doc json NOT NULL
);

CREATE TABLE retries (
    id text COLLATE "C" PRIMARY KEY,
    due_sec bigint NOT NULL,
    due_nsec integer NOT NULL,
    doc json NOT NULL
);
CREATE INDEX retries_due ON retries (due_sec, due_nsec, id);
