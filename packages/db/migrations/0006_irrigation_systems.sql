-- A field's irrigation system: what the irrigation schedule may apply. One per field (replaced by PUT, removed by
-- DELETE). Depths and capacity are stored in mm and mm/day (gross, 24 h of running); the api converts gpm/acre
-- and inches. New table only: older api tasks never read it.
CREATE TABLE irrigation_systems (
  field_id                     uuid PRIMARY KEY REFERENCES fields(id),
  organization_id              uuid NOT NULL REFERENCES organizations(id),
  kind                         text NOT NULL CHECK (kind IN ('center_pivot', 'linear', 'drip', 'travelling_gun', 'none')),
  capacity_mm_per_day          double precision NOT NULL CHECK (capacity_mm_per_day >= 0),
  efficiency                   double precision NOT NULL CHECK (efficiency > 0 AND efficiency <= 1),
  min_depth_mm                 double precision NOT NULL CHECK (min_depth_mm >= 0),
  max_depth_mm                 double precision NOT NULL CHECK (max_depth_mm >= min_depth_mm),
  run_days                     smallint[] NOT NULL,
  hours_per_day                double precision NOT NULL CHECK (hours_per_day >= 0 AND hours_per_day <= 24),
  mad_fraction                 double precision NOT NULL CHECK (mad_fraction > 0 AND mad_fraction < 1),
  water_cost_per_acre_inch     double precision NOT NULL DEFAULT 0,
  pumping_cost_per_acre_inch   double precision NOT NULL DEFAULT 0,
  probe_field_capacity_pct     double precision,
  notes                        text,
  created_at                   timestamptz NOT NULL DEFAULT now(),
  updated_at                   timestamptz NOT NULL DEFAULT now(),
  version                      integer NOT NULL DEFAULT 1
);
CREATE INDEX irrigation_systems_org_idx ON irrigation_systems (organization_id);
