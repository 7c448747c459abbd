-- Scouting observations: what someone saw in a field (a note, a photo, where they stood, the growth stage, a pest,
-- disease or weed). The id is made by the phone that recorded it, so an upload repeated after a lost answer
-- writes the same row again instead of a second one. Expand-only: a new table, nothing existing changes.
-- Photos are kept in the row (bytea, at most 512 KiB after the phone resized them): they are backed up, restored
-- and tombstoned with their observation, and no api replica needs a shared disk.
CREATE TABLE observations (
  id               uuid PRIMARY KEY,
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  field_id         uuid NOT NULL REFERENCES fields(id),
  observed_at      timestamptz NOT NULL,
  note             text,
  latitude_deg     double precision,
  longitude_deg    double precision,
  accuracy_m       double precision,
  growth_stage     text,
  tag_kind         text CHECK (tag_kind IN ('pest', 'disease', 'weed')),
  tag_name         text,
  photo            bytea CHECK (photo IS NULL OR octet_length(photo) <= 524288),
  photo_type       text,
  created_by       uuid,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  site_id          text NOT NULL DEFAULT 'local',
  deleted_at       timestamptz
);
CREATE INDEX observations_field_idx ON observations (organization_id, field_id, observed_at) WHERE deleted_at IS NULL;
