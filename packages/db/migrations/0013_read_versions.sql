-- Every write of a sensor's readings rewrites its sensor_latest row, a late reading's too (the newest time and
-- value still win): the row's version (xmin) then tells a cached read of that sensor that its data changed,
-- whichever api replica wrote. The ingest statement does the same; bulk loads rebuild through this function.
-- Expand-only: the function keeps its signature and its effect on the rollups.
CREATE OR REPLACE FUNCTION rebuild_reading_rollups(p_from timestamptz, p_to timestamptz) RETURNS void LANGUAGE sql AS $$
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
  ON CONFLICT (sensor_id) DO UPDATE
    SET time = greatest(sensor_latest.time, EXCLUDED.time),
        value = CASE WHEN EXCLUDED.time > sensor_latest.time THEN EXCLUDED.value ELSE sensor_latest.value END;
$$;
