-- Appends are the store's hot path (the sink writes every example once); see BENCHMARKS.md.
-- Features are stored and read back whole, never queried inside: JSON (checked text) instead of JSONB saves
-- converting every row to the binary form.
ALTER TABLE labelled_example ALTER COLUMN features TYPE json USING features::json;
-- As-of reads bound event time too (a label never precedes its event) and use the history index; one index
-- less to maintain on every insert.
DROP INDEX labelled_example_as_of;
