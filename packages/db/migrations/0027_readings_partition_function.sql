-- ADR 0021. Creates and attaches the month's readings partition as the owner of `readings`, whoever calls it:
-- the cloud's sync login inserts farms' readings of any month but owns no table, and only the owner of
-- `readings` may attach a partition to it. The month is derived here, never a name passed in, and bounded like
-- the application's sane range (1970 to a year ahead), so the function cannot make anything else.
-- Expand-only: a new function; services of the release before keep their own statements (which work as the owner).
CREATE FUNCTION create_readings_partition(month_start timestamptz) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
  first_day timestamp := date_trunc('month', month_start AT TIME ZONE 'UTC');
  name      text := format('readings_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
  from_time timestamptz := first_day AT TIME ZONE 'UTC';
  to_time   timestamptz := (first_day + interval '1 month') AT TIME ZONE 'UTC';
BEGIN
  IF month_start IS NULL OR from_time < timestamptz '1970-01-01 00:00:00+00'
     OR from_time > now() + interval '366 days' THEN
    RAISE EXCEPTION 'refusing to create a readings partition for %: outside the allowed range', month_start
      USING ERRCODE = '22008';
  END IF;
  IF EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
             WHERE i.inhparent = 'readings'::regclass AND c.relname = name) THEN
    RETURN;
  END IF;
  -- On its own, then attached: ATTACH locks `readings` in SHARE UPDATE EXCLUSIVE mode, which reads and inserts
  -- do not wait for (CREATE TABLE ... PARTITION OF would take ACCESS EXCLUSIVE). A concurrent creator's table is
  -- reused; a losing ATTACH finds the partition attached.
  BEGIN
    EXECUTE format('CREATE TABLE IF NOT EXISTS %I (LIKE readings INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', name);
  EXCEPTION WHEN duplicate_table OR duplicate_object OR unique_violation THEN
    NULL;
  END;
  BEGIN
    EXECUTE format('ALTER TABLE readings ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', name, from_time, to_time);
  EXCEPTION WHEN OTHERS THEN
    IF NOT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
                   WHERE i.inhparent = 'readings'::regclass AND c.relname = name) THEN
      RAISE;
    END IF;
  END;
END $$;

REVOKE ALL ON FUNCTION create_readings_partition(timestamptz) FROM PUBLIC;
