-- Cloud side: which versions each site's last reference push left in the cloud (ADR 0018). The push commits here
-- first, then the farm records that both sides have those versions; a crash between the two commits (the farm's
-- database, the sync process) loses the farm's half. Before its next pull the farm completes it from this receipt,
-- so a cloud edit made on top of a pushed version is not taken for a concurrent one. Expand-only: a new table;
-- old services never read or write it.
CREATE TABLE sync_push_receipts (
  site_id    text PRIMARY KEY REFERENCES sync_sites(site_id) ON DELETE CASCADE,
  xid        xid8 NOT NULL,
  seq        bigint NOT NULL,
  -- [{"table": ..., "rowId": ..., "hlc": "<bigint as text>"}, ...]: at most one reference batch (200 rows).
  landed     jsonb NOT NULL,
  pushed_at  timestamptz NOT NULL DEFAULT now()
);
