-- newshound schema 7: several crawler processes on one database (see
-- coord.go). A delivery or notice claimed by a process is leased to it
-- until lease_until (the server's clock), so that no other process sends
-- it meanwhile; a lease ends early when the delivery or notice is
-- updated, and runs out when its process dies.

ALTER TABLE outbox ADD COLUMN lease_until timestamptz;
ALTER TABLE notices ADD COLUMN lease_until timestamptz;

-- A feed item whose article host another process owns, queued for that
-- owner: bucket is the host's bucket (hostBucket), which the owner's
-- advisory lock covers; doc is the store.Handoff.
CREATE TABLE handoffs (
    seq bigserial PRIMARY KEY,
    bucket integer NOT NULL,
    article_id text COLLATE "C" NOT NULL,
    feed_url text COLLATE "C" NOT NULL,
    lease_until timestamptz,
    doc json NOT NULL,
    UNIQUE (article_id, feed_url)
);
CREATE INDEX handoffs_bucket ON handoffs (bucket, seq);
