-- Rollups of readings kept by ingestion in the same transaction as the raw rows (ADR 0007), so bucketed reads,
-- daily weather and latest values cost the same however much history a farm has. Each holds count, sum, min and
-- max: merging a batch's delta into a row is exact, and avg = sum / count.

-- Per sensor and UTC hour.
CREATE TABLE reading_rollups_hourly (
  sensor_id  uuid NOT NULL,
  hour       timestamptz NOT NULL,
  count      integer NOT NULL,
  sum        double precision NOT NULL,
  min        double precision NOT NULL,
  max        double precision NOT NULL,
  PRIMARY KEY (sensor_id, hour)
);

-- Per sensor and local day of its farm's time zone (23 or 25 hours on DST days). `hours` counts the UTC hours of
-- the day holding a reading (an hour belongs to the day its start falls in), the daily-weather completeness test.
CREATE TABLE reading_rollups_daily (
  sensor_id  uuid NOT NULL,
  day        date NOT NULL,
  count      integer NOT NULL,
  sum        double precision NOT NULL,
  min        double precision NOT NULL,
  max        double precision NOT NULL,
  hours      integer NOT NULL,
  PRIMARY KEY (sensor_id, day)
);

-- The newest reading of each sensor: a late reading never replaces a newer one.
CREATE TABLE sensor_latest (
  sensor_id  uuid PRIMARY KEY,
  time       timestamptz NOT NULL,
  value      double precision NOT NULL
);

-- A sensor's farm time zone (UTC when the chain is broken, as farms default to).
CREATE FUNCTION sensor_time_zone(p_sensor uuid) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT fa.timezone FROM sensors s JOIN fields f ON f.id = s.field_id
                   JOIN farms fa ON fa.id = f.farm_id WHERE s.id = p_sensor), 'UTC')
$$;

-- Recomputes every rollup touching [p_from, p_to) from the raw readings (replacing, not merging), for bulk loads
-- that bypass the ingest path. Daily rows are recomputed over their whole local day, so call it only over raw
-- history that retention has not dropped.
CREATE FUNCTION rebuild_reading_rollups(p_from timestamptz, p_to timestamptz) RETURNS void LANGUAGE sql AS $$
  INSERT INTO reading_rollups_hourly (sensor_id, hour, count, sum, min, max)
    SELECT sensor_id, date_trunc('hour', time, 'UTC'), count(*), sum(value), min(value), max(value)
    FROM readings
    WHERE time >= date_trunc('hour', p_from, 'UTC') AND time < date_trunc('hour', p_to, 'UTC') + interval '1 hour'
    GROUP BY 1, 2
  ON CONFLICT (sensor_id, hour) DO UPDATE
    SET count = EXCLUDED.count, sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max;

  -- One pass over the range widened by two days (more than a day plus any zone's offset), keeping the local
  -- days that meet [p_from, p_to): each of those lies whole inside the widened span.
  WITH zones AS (
    SELECT s.id AS sensor_id, coalesce(fa.timezone, 'UTC') AS tz
    FROM sensors s LEFT JOIN fields f ON f.id = s.field_id LEFT JOIN farms fa ON fa.id = f.farm_id
  ), days AS (
    SELECT r.sensor_id, (r.time AT TIME ZONE z.tz)::date AS day, z.tz, count(*) AS count, sum(r.value) AS sum,
           min(r.value) AS min, max(r.value) AS max, count(DISTINCT date_trunc('hour', r.time, 'UTC')) AS hours
    FROM readings r JOIN zones z USING (sensor_id)
    WHERE r.time >= p_from - interval '2 days' AND r.time < p_to + interval '2 days'
    GROUP BY 1, 2, 3
  )
  INSERT INTO reading_rollups_daily (sensor_id, day, count, sum, min, max, hours)
    SELECT sensor_id, day, count, sum, min, max, hours FROM days
    WHERE (day::timestamp AT TIME ZONE tz) < p_to AND ((day + 1)::timestamp AT TIME ZONE tz) > p_from
  ON CONFLICT (sensor_id, day) DO UPDATE
    SET count = EXCLUDED.count, sum = EXCLUDED.sum, min = EXCLUDED.min, max = EXCLUDED.max, hours = EXCLUDED.hours;

  INSERT INTO sensor_latest (sensor_id, time, value)
    SELECT DISTINCT ON (sensor_id) sensor_id, time, value FROM readings
    WHERE time >= p_from AND time < p_to ORDER BY sensor_id, time DESC
  ON CONFLICT (sensor_id) DO UPDATE SET time = EXCLUDED.time, value = EXCLUDED.value
    WHERE EXCLUDED.time > sensor_latest.time;
$$;

-- Re-cuts the daily rollups of these sensors into their (new) farm time zone from the hourly ones: exact for
-- whole-hour zones; in a half-hour zone an hour counts for the day its start falls in. Raw history may already be
-- gone (retention), the hourly rollups never are.
CREATE FUNCTION recut_daily_rollups(p_sensors uuid[]) RETURNS void LANGUAGE sql AS $$
  DELETE FROM reading_rollups_daily WHERE sensor_id = ANY(p_sensors);
  INSERT INTO reading_rollups_daily (sensor_id, day, count, sum, min, max, hours)
    SELECT h.sensor_id, (h.hour AT TIME ZONE sensor_time_zone(h.sensor_id))::date,
           sum(h.count), sum(h.sum), min(h.min), max(h.max), count(*)
    FROM reading_rollups_hourly h WHERE h.sensor_id = ANY(p_sensors)
    GROUP BY 1, 2;
$$;

-- Whoever changes a farm's zone or moves a sensor or field (any service, any replica), its local days follow.
CREATE FUNCTION recut_daily_rollups_on_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_TABLE_NAME = 'farms' THEN
    PERFORM recut_daily_rollups(ARRAY(SELECT s.id FROM sensors s JOIN fields f ON f.id = s.field_id
                                      WHERE f.farm_id = NEW.id));
  ELSIF TG_TABLE_NAME = 'fields' THEN
    PERFORM recut_daily_rollups(ARRAY(SELECT s.id FROM sensors s WHERE s.field_id = NEW.id));
  ELSE
    PERFORM recut_daily_rollups(ARRAY[NEW.id]);
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER farms_recut_daily_rollups AFTER UPDATE OF timezone ON farms
  FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION recut_daily_rollups_on_change();
CREATE TRIGGER fields_recut_daily_rollups AFTER UPDATE OF farm_id ON fields
  FOR EACH ROW WHEN (OLD.farm_id IS DISTINCT FROM NEW.farm_id) EXECUTE FUNCTION recut_daily_rollups_on_change();
CREATE TRIGGER sensors_recut_daily_rollups AFTER UPDATE OF field_id ON sensors
  FOR EACH ROW WHEN (OLD.field_id IS DISTINCT FROM NEW.field_id) EXECUTE FUNCTION recut_daily_rollups_on_change();

-- Existing history.
SELECT rebuild_reading_rollups('-infinity', 'infinity');
