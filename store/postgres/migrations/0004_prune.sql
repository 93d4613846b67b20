-- newshound schema 4: Prune finds the articles fetched before a time by
-- an index.

CREATE INDEX articles_fetched ON articles (fetched);
