-- newshound schema 8: a retry's bucket (hostBucket of its URL's host,
-- see coord.go), so that a process reads only the retries of the hosts it
-- owns (Coordinator.DueRetries); rows stored before have none and are
-- read by every process.
ALTER TABLE retries ADD COLUMN bucket integer;
