-- The catalogue of feature sets: each source registers the set it produces, so that trainers and
-- inference know which features a model may use to predict (those known at prediction time).
CREATE TABLE feature_set (
    name          TEXT        NOT NULL,
    version       INTEGER     NOT NULL CHECK (version >= 1),
    definition    JSON        NOT NULL,
    registered_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);
