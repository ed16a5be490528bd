-- Issue 18: alerts the Kafka ingest has published to the alerts topic (each once, by alert key),
-- so that a batch redelivered after a crash does not publish them again.
CREATE TABLE kafka_published_alert (
    alert_key    VARCHAR(64) PRIMARY KEY,
    published_at TIMESTAMP WITH TIME ZONE NOT NULL
);
