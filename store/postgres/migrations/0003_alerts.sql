-- newshound schema 3: the alert queue (digest and spike notices) and each
-- digest's and rule's progress.

CREATE TABLE notices (
    seq bigint PRIMARY KEY,
    id text COLLATE "C" NOT NULL UNIQUE,
    doc json NOT NULL
);

-- key is "digest/" and a digest's name, or "spike/" and a rule's; a
-- transaction deciding a notice holds its row (FOR UPDATE), so that
-- processes deciding together enqueue it once.
CREATE TABLE alert_state (
    key text COLLATE "C" PRIMARY KEY,
    doc json
);

INSERT INTO counters VALUES ('notices', 0);
