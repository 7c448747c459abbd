-- Season lifecycle: an explicit close, the black-layer date once reached, grain moisture at harvest, the
-- forecast made at each stage, and alerts that resolve themselves. Expand-only: new nullable columns and a
-- new table, so api tasks of the previous release keep working during a rolling deploy.

ALTER TABLE seasons ADD COLUMN closed_on date;
-- Written by the agronomy evaluation the first time the hybrid's GDD rating is reached.
ALTER TABLE seasons ADD COLUMN black_layer_date date;
ALTER TABLE seasons ADD COLUMN gdd_at_black_layer_f double precision;

ALTER TABLE field_events ADD COLUMN grain_moisture_pct double precision;

-- The yield forecast as it stood when the crop first reached each stage, kept after harvest.
CREATE TABLE season_forecast_snapshots (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  season_id        uuid NOT NULL REFERENCES seasons(id),
  stage_code       text NOT NULL,
  p10              double precision,
  p50              double precision NOT NULL,
  p90              double precision,
  model_version    text NOT NULL,
  made_on          date NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX season_forecast_snapshots_key ON season_forecast_snapshots (season_id, stage_code);

-- An alert's condition spans days (started on event_date, last held on ended_on); it is resolved by the system
-- when the condition clears, its season ends or its action window passes. status keeps meaning acknowledged by
-- a person; resolution is separate.
ALTER TABLE alerts ADD COLUMN ended_on date;
ALTER TABLE alerts ADD COLUMN action text;
ALTER TABLE alerts ADD COLUMN act_by date;
ALTER TABLE alerts ADD COLUMN sensor_id uuid REFERENCES sensors(id);
ALTER TABLE alerts ADD COLUMN resolved_at timestamptz;
ALTER TABLE alerts ADD COLUMN resolved_reason text;
CREATE INDEX alerts_unresolved_idx ON alerts (organization_id, field_id) WHERE resolved_at IS NULL AND deleted_at IS NULL;
