-- Farm side (ADR 0019). Which database server the farm's sync log was written on: log positions are that server's
-- transaction ids, so a farm database restored from a dump onto another server (a new host after a disk failure)
-- must re-key its log before it syncs. And the re-baselines the farm owes itself: a farm restored from any backup
-- has lost its own pushed edits, which a pull never brings back (a site is not sent what it sent), so its rows are
-- compared whole with the cloud's before it pushes again. Expand-only: new tables; old services never use them.
CREATE TABLE sync_farm_server (
  only_row           boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  -- pg_control_system().system_identifier: kept by a physical copy of the cluster, new on every initdb.
  system_identifier  text NOT NULL,
  recorded_at        timestamptz NOT NULL DEFAULT now()
);

-- A database with no sync state yet records the server it is on now, so a dump of it taken later carries it. One
-- with a sync log of an earlier release records nothing: that log may have been written on another server (a dump
-- restored onto this one), and the sync service re-keys it once.
INSERT INTO sync_farm_server (system_identifier)
SELECT system_identifier::text FROM pg_control_system()
WHERE NOT EXISTS (SELECT 1 FROM sync_cursors);

CREATE TABLE sync_rebaseline_requests (
  site_id       text PRIMARY KEY,
  reason        text NOT NULL,
  requested_at  timestamptz NOT NULL DEFAULT now()
);
