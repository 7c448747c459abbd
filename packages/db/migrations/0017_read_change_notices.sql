-- Cached reads (ADR 0014): every statement that writes rows a cached read is made from announces, after commit,
-- which organization's data changed, on the channel `read_changes` with the payload '<kind>:<organization id>':
--   readings  a sensor's sensor_latest row, which every batch of new readings rewrites (late ones included, and
--             bulk loads through rebuild_reading_rollups), whichever process wrote it (api, ingest-mqtt, sync);
--   layout    sensors, fields, farms: who owns a sensor, which field and farm it is on, the farm's zone;
--   season    what the agronomy summary reads besides readings: seasons, field events, irrigation systems,
--             alerts and kept forecasts.
-- One notification per statement and organization (PostgreSQL folds identical ones within a transaction); every
-- api replica LISTENs. Statement-level with transition tables: one query per statement, not one per row, on the
-- ingest path. Expand-only: functions and triggers, no change to any table.

CREATE FUNCTION notify_read_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  FOR org IN SELECT DISTINCT organization_id FROM changed LOOP
    PERFORM pg_notify('read_changes', TG_ARGV[0] || ':' || org);
  END LOOP;
  RETURN NULL;
END $$;

-- sensor_latest holds no organization: its sensors say whose it is.
CREATE FUNCTION notify_reading_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  org uuid;
BEGIN
  FOR org IN SELECT DISTINCT s.organization_id FROM changed c JOIN sensors s ON s.id = c.sensor_id LOOP
    PERFORM pg_notify('read_changes', 'readings:' || org);
  END LOOP;
  RETURN NULL;
END $$;

-- A trigger with a transition table serves one event, so each table gets three.
DO $$
DECLARE
  watched text[][] := ARRAY[
    ['sensors', 'layout'], ['fields', 'layout'], ['farms', 'layout'],
    ['seasons', 'season'], ['field_events', 'season'], ['irrigation_systems', 'season'], ['alerts', 'season'],
    ['season_forecast_snapshots', 'season'], ['sensor_latest', 'readings']];
  events text[][] := ARRAY[['insert', 'NEW'], ['update', 'NEW'], ['delete', 'OLD']];
  i int;
  j int;
BEGIN
  FOR i IN 1 .. array_length(watched, 1) LOOP
    FOR j IN 1 .. array_length(events, 1) LOOP
      EXECUTE format(
        'CREATE TRIGGER %I AFTER %s ON %I REFERENCING %s TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION %I(%L)',
        watched[i][1] || '_read_change_' || events[j][1], upper(events[j][1]), watched[i][1], events[j][2],
        CASE WHEN watched[i][1] = 'sensor_latest' THEN 'notify_reading_change' ELSE 'notify_read_change' END,
        watched[i][2]);
    END LOOP;
  END LOOP;
END $$;
