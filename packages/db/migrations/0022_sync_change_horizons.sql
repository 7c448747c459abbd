-- Cloud side: how far each organization's change log has been trimmed (ADR 0016). Entries up to the horizon may
-- be gone, so a site whose pull cursor is behind it (a farm restored from an old backup, a new site) re-baselines
-- its organization's rows instead of pulling. Expand-only: a new table; old services never read or write it.
CREATE TABLE sync_change_horizons (
  organization_id  uuid PRIMARY KEY,
  xid              xid8 NOT NULL DEFAULT '0',
  seq              bigint NOT NULL DEFAULT 0,
  trimmed_rows     bigint NOT NULL DEFAULT 0,
  trimmed_at       timestamptz NOT NULL DEFAULT now()
);
