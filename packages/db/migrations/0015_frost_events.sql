-- A frost seen on the field is a field event. Expand-only: the kind list widens (old code writes a subset) and
-- the new columns are nullable.
ALTER TABLE field_events DROP CONSTRAINT field_events_kind_check;
ALTER TABLE field_events ADD CONSTRAINT field_events_kind_check
  CHECK (kind IN ('planting', 'fertilizer_n', 'irrigation', 'harvest', 'soil_nitrate_test', 'frost'));
ALTER TABLE field_events
  ADD COLUMN frost_damage text CHECK (frost_damage IN ('whole-plant', 'leaves-only')),
  ADD COLUMN leaf_loss_pct double precision CHECK (leaf_loss_pct >= 0 AND leaf_loss_pct <= 100);

-- A password an admin reset is temporary: its holder must choose their own before anything else. Expand-only:
-- a column with a default (old code neither reads nor writes it).
ALTER TABLE users ADD COLUMN IF NOT EXISTS must_change_password boolean NOT NULL DEFAULT false;
