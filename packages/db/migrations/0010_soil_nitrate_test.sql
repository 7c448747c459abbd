-- Late-spring soil nitrate tests are field events. Expand-only: the kind list widens (old code writes a subset)
-- and the new columns are nullable.
ALTER TABLE field_events DROP CONSTRAINT field_events_kind_check;
ALTER TABLE field_events ADD CONSTRAINT field_events_kind_check
  CHECK (kind IN ('planting', 'fertilizer_n', 'irrigation', 'harvest', 'soil_nitrate_test'));
ALTER TABLE field_events
  ADD COLUMN soil_nitrate_ppm double precision,
  ADD COLUMN sampling_stage text,
  ADD COLUMN wet_spring boolean,
  ADD COLUMN manured boolean;
