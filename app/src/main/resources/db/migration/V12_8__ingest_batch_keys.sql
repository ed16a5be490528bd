-- Issue 12 item 11: a batch of POST /api/v1/events sent with an Idempotency-Key is evaluated
-- once and stored once, however often the client resends it (say after the server was killed
-- while the batch was in flight). evaluated_at is written in the transaction that stores the
-- batch's alerts; stored_at once the access-event store committed it (its batch record names the
-- key too, so a kill between the two is caught by the next delivery).
CREATE TABLE ingest_batch_key (
    actor        VARCHAR(200) NOT NULL,
    batch_key    VARCHAR(200) NOT NULL,
    body_sha256  VARCHAR(64)  NOT NULL,
    evaluated_at TIMESTAMP WITH TIME ZONE NOT NULL,
    stored_at    TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (actor, batch_key)
);
CREATE INDEX ingest_batch_key_evaluated ON ingest_batch_key (evaluated_at);
