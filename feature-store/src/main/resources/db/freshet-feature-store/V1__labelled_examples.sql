-- Labelled examples: from Kafka (freshet.examples), unique by their position in the log,
-- or backfilled without Kafka, unique by event id.
CREATE TABLE labelled_example (
    id              BIGSERIAL PRIMARY KEY,
    feature_set     TEXT        NOT NULL,
    schema_version  INTEGER     NOT NULL,
    entity_id       TEXT        NOT NULL,
    event_id        TEXT        NOT NULL,
    event_time      TIMESTAMPTZ NOT NULL,
    label_time      TIMESTAMPTZ NOT NULL,
    features        JSONB       NOT NULL,
    label           TEXT        NOT NULL,
    source          TEXT        NOT NULL,
    kafka_topic     TEXT,
    kafka_partition INTEGER,
    kafka_offset    BIGINT,
    stored_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT labelled_example_kafka_position UNIQUE (kafka_topic, kafka_partition, kafka_offset),
    CONSTRAINT labelled_example_source CHECK (
        (source = 'kafka' AND kafka_topic IS NOT NULL AND kafka_partition IS NOT NULL AND kafka_offset IS NOT NULL)
        OR (source = 'backfill' AND kafka_topic IS NULL AND kafka_partition IS NULL AND kafka_offset IS NULL)),
    CONSTRAINT labelled_example_label_after_event CHECK (label_time >= event_time)
);

CREATE UNIQUE INDEX labelled_example_backfill_event ON labelled_example (event_id) WHERE source = 'backfill';
CREATE INDEX labelled_example_history ON labelled_example (feature_set, event_time, id);
CREATE INDEX labelled_example_as_of ON labelled_example (feature_set, label_time);
