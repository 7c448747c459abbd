-- Where a sensor stands, so maps can draw it (the boundary editor's reference). Expand-only: two nullable
-- columns old code neither reads nor writes; a position is both or neither.
ALTER TABLE sensors
  ADD COLUMN latitude_deg double precision CHECK (latitude_deg BETWEEN -90 AND 90),
  ADD COLUMN longitude_deg double precision CHECK (longitude_deg BETWEEN -180 AND 180),
  ADD CONSTRAINT sensors_position_complete CHECK ((latitude_deg IS NULL) = (longitude_deg IS NULL));
