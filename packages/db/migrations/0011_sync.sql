-- Hybrid sync (ADR 0010): change capture by triggers into change logs, read up to the oldest running
-- transaction (xid8 watermark) so a late commit is never skipped; per-row hybrid logical clock; conflicts kept
-- with both versions. Expand-only: new tables, functions and triggers; no existing column changes.

-- Which side this database is: 'farm' (captures readings for the cloud), 'cloud', or NULL (not in hybrid mode:
-- nothing is captured). Set by the sync service when it first connects.
CREATE TABLE sync_settings (
  singleton   boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  role        text CHECK (role IN ('farm', 'cloud')),
  -- The hybrid logical clock's receive rule: the highest timestamp this side has applied from the other.
  seen_hlc    bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now()
);
INSERT INTO sync_settings DEFAULT VALUES;

-- Reference changes: one entry per changed row and transaction order. The row itself is read when it is sent,
-- so several edits of one row between syncs travel once (delta only, newest state).
CREATE TABLE sync_changes (
  seq              bigserial PRIMARY KEY,
  xid              xid8 NOT NULL DEFAULT pg_current_xact_id(),
  table_name       text NOT NULL,
  row_id           text NOT NULL,
  organization_id  uuid,
  hlc              bigint NOT NULL,
  deleted          boolean NOT NULL DEFAULT false,
  -- NULL: written on this side; otherwise the site whose change the sync service applied here (the cloud keeps
  -- those so other sites of the organization receive them; their own site skips them).
  origin           text,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sync_changes_cursor_idx ON sync_changes (xid, seq);
CREATE INDEX sync_changes_org_idx ON sync_changes (organization_id, xid, seq);

-- Readings waiting for the cloud (farm side only): one row per ingest statement holding its inserted readings as
-- arrays (one compressed row instead of one indexed row per reading keeps ingestion fast). Rows are deleted once
-- the cloud has committed them.
CREATE TABLE sync_reading_changes (
  seq             bigserial,
  xid             xid8 NOT NULL DEFAULT pg_current_xact_id(),
  reading_count   integer NOT NULL,
  sensor_ids      uuid[] NOT NULL,
  times           timestamptz[] NOT NULL,
  reading_values  double precision[] NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (xid, seq)
);

-- Per row of a synced table: the hybrid logical clock of its current version, who wrote it, and (farm side) the
-- version both sides last had. A row changed here since `base_hlc` is waiting to be pushed.
CREATE TABLE sync_row_versions (
  table_name  text NOT NULL,
  row_id      text NOT NULL,
  hlc         bigint NOT NULL,
  origin      text,
  base_hlc    bigint,
  deleted     boolean NOT NULL DEFAULT false,
  PRIMARY KEY (table_name, row_id)
);

-- Cursors, each committed in the same transaction as the rows it covers, on the side that applied them:
-- the farm keeps its pull cursor, the cloud keeps each site's push cursors.
CREATE TABLE sync_cursors (
  site_id     text NOT NULL,
  stream      text NOT NULL CHECK (stream IN ('pull', 'push', 'readings')),
  xid         xid8 NOT NULL DEFAULT '0',
  seq         bigint NOT NULL DEFAULT 0,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (site_id, stream)
);

-- Cloud side: the sites allowed to sync, each bound to one organization (a site receives only its rows).
CREATE TABLE sync_sites (
  site_id          text PRIMARY KEY CHECK (site_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  name             text NOT NULL DEFAULT '',
  registered_at    timestamptz NOT NULL DEFAULT now(),
  last_seen_at     timestamptz
);

-- Farm side: what the sync service last saw, written after every attempt (the api and `unicorn sync status`
-- read it). No row data, no secrets.
CREATE TABLE sync_status (
  site_id                text PRIMARY KEY,
  online                 boolean NOT NULL DEFAULT false,
  last_attempt_at        timestamptz,
  last_success_at        timestamptz,
  last_error             text,
  lag_seconds            double precision,
  -- [{ "table": "readings", "rows": 120 }, ...]
  queued                 jsonb NOT NULL DEFAULT '[]',
  push_last_success_at   timestamptz,
  push_rows_synced       bigint NOT NULL DEFAULT 0,
  pull_last_success_at   timestamptz,
  pull_rows_synced       bigint NOT NULL DEFAULT 0,
  updated_at             timestamptz NOT NULL DEFAULT now()
);

-- Every conflict: the row changed on both sides since the version both had. The losing version is kept here
-- next to the winner so an admin can re-apply it.
CREATE TABLE sync_conflicts (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid,
  table_name       text NOT NULL,
  row_id           text NOT NULL,
  detected_at      timestamptz NOT NULL DEFAULT now(),
  rule             text NOT NULL CHECK (rule IN ('cloud-wins', 'local-wins', 'lww-hlc')),
  winner           text NOT NULL CHECK (winner IN ('local', 'cloud')),
  local_version    jsonb,
  cloud_version    jsonb,
  local_hlc        bigint,
  cloud_hlc        bigint,
  reapplied_at     timestamptz,
  reapplied_by     uuid,
  dismissed_at     timestamptz,
  dismissed_by     uuid
);
CREATE INDEX sync_conflicts_open_idx ON sync_conflicts (organization_id, detected_at DESC)
  WHERE reapplied_at IS NULL AND dismissed_at IS NULL;

-- Hybrid logical clock (Kulkarni et al. 2014, "Logical Physical Clocks", Fig. 5), packed as in their section 4
-- into 64 bits: physical milliseconds << 16 | counter. A new local version takes the greatest of the physical
-- time, the row's previous version + 1 and the highest timestamp received + 1, so it orders after everything
-- it could have seen whatever this machine's wall clock says. `unicorn.clock_offset_ms` skews the physical part
-- (tests only).
CREATE FUNCTION sync_next_hlc(p_previous bigint) RETURNS bigint LANGUAGE plpgsql AS $$
DECLARE
  physical bigint := ((extract(epoch FROM clock_timestamp()) * 1000)::bigint
                      + coalesce(nullif(current_setting('unicorn.clock_offset_ms', true), '')::bigint, 0)) << 16;
BEGIN
  RETURN greatest(physical, coalesce(p_previous, 0) + 1, (SELECT seen_hlc FROM sync_settings) + 1);
END
$$;

-- Row trigger on every synced reference table. Writes by the sync service itself set `unicorn.sync_apply`
-- (farm: not captured again, so nothing echoes back) or `unicorn.sync_origin` (cloud: captured with the
-- sending site's name and the version's own clock, which the service stored in sync_row_versions first).
CREATE FUNCTION sync_capture_change() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  key_column text := TG_ARGV[0];
  org_column text := TG_ARGV[1];
  changed    jsonb := to_jsonb(CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END);
  key        text := changed ->> key_column;
  origin     text := nullif(current_setting('unicorn.sync_origin', true), '');
  clock      bigint;
BEGIN
  IF current_setting('unicorn.sync_apply', true) = 'on' THEN RETURN NULL; END IF;
  IF (SELECT role FROM sync_settings) IS NULL THEN RETURN NULL; END IF;
  IF origin IS NULL THEN
    clock := sync_next_hlc((SELECT hlc FROM sync_row_versions WHERE table_name = TG_TABLE_NAME AND row_id = key));
    INSERT INTO sync_row_versions AS v (table_name, row_id, hlc, origin, deleted)
      VALUES (TG_TABLE_NAME, key, clock, NULL, TG_OP = 'DELETE')
      ON CONFLICT (table_name, row_id) DO UPDATE SET hlc = EXCLUDED.hlc, origin = NULL, deleted = EXCLUDED.deleted;
  ELSE
    SELECT hlc INTO clock FROM sync_row_versions WHERE table_name = TG_TABLE_NAME AND row_id = key;
    clock := coalesce(clock, sync_next_hlc(NULL));
  END IF;
  INSERT INTO sync_changes (table_name, row_id, organization_id, hlc, deleted, origin)
    VALUES (TG_TABLE_NAME, key, (changed ->> org_column)::uuid, clock, TG_OP = 'DELETE', origin);
  RETURN NULL;
END
$$;

-- (table, key column, organization column) of every synced reference table.
DO $$
DECLARE
  synced text[][] := ARRAY[
    ['organizations', 'id', 'id'], ['users', 'id', 'organization_id'], ['farms', 'id', 'organization_id'],
    ['fields', 'id', 'organization_id'], ['seasons', 'id', 'organization_id'], ['sensors', 'id', 'organization_id'],
    ['irrigation_systems', 'field_id', 'organization_id'], ['field_events', 'id', 'organization_id'],
    ['alerts', 'id', 'organization_id'], ['observations', 'id', 'organization_id']];
  i int;
BEGIN
  FOR i IN 1 .. array_length(synced, 1) LOOP
    EXECUTE format(
      'CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION sync_capture_change(%L, %L)',
      synced[i][1] || '_sync_capture', synced[i][1], synced[i][2], synced[i][3]);
  END LOOP;
END
$$;

-- Readings: one row per statement from its transition table (only rows actually inserted: a re-sent reading that
-- hit ON CONFLICT DO NOTHING is not in it), and only on a farm.
CREATE FUNCTION sync_capture_readings() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT role FROM sync_settings) = 'farm' AND current_setting('unicorn.sync_apply', true) IS DISTINCT FROM 'on' THEN
    INSERT INTO sync_reading_changes (reading_count, sensor_ids, times, reading_values)
      SELECT count(*), array_agg(sensor_id), array_agg(time), array_agg(value) FROM new_readings
      HAVING count(*) > 0;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER readings_sync_capture AFTER INSERT ON readings
  REFERENCING NEW TABLE AS new_readings FOR EACH STATEMENT EXECUTE FUNCTION sync_capture_readings();
