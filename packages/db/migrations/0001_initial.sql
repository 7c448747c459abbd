-- Uni-Corn initial schema.
-- Syncable rows carry: uuid key, updated_at, version, site_id (where last written) and deleted_at (tombstone).

CREATE TABLE organizations (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  version     integer NOT NULL DEFAULT 1,
  site_id     text NOT NULL DEFAULT 'local',
  deleted_at  timestamptz
);

CREATE TABLE users (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  email            text NOT NULL,
  name             text NOT NULL,
  role             text NOT NULL CHECK (role IN ('admin', 'agronomist', 'viewer')),
  password_hash    text NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  site_id          text NOT NULL DEFAULT 'local',
  deleted_at       timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE deleted_at IS NULL;

CREATE TABLE refresh_tokens (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id     uuid NOT NULL REFERENCES users(id),
  token_hash  text NOT NULL UNIQUE,
  expires_at  timestamptz NOT NULL,
  revoked_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  name             text NOT NULL,
  prefix           text NOT NULL,
  key_hash         text NOT NULL UNIQUE,
  role             text NOT NULL DEFAULT 'device' CHECK (role IN ('device', 'agronomist', 'viewer')),
  created_by       uuid REFERENCES users(id),
  created_at       timestamptz NOT NULL DEFAULT now(),
  last_used_at     timestamptz,
  revoked_at       timestamptz
);

CREATE TABLE farms (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  name             text NOT NULL,
  latitude_deg     double precision,
  longitude_deg    double precision,
  timezone         text NOT NULL DEFAULT 'UTC',
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  site_id          text NOT NULL DEFAULT 'local',
  deleted_at       timestamptz
);
CREATE INDEX farms_org_idx ON farms (organization_id) WHERE deleted_at IS NULL;

CREATE TABLE fields (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  farm_id          uuid NOT NULL REFERENCES farms(id),
  name             text NOT NULL,
  boundary         jsonb NOT NULL,
  area_ha          double precision NOT NULL,
  latitude_deg     double precision NOT NULL,
  longitude_deg    double precision NOT NULL,
  elevation_m      double precision NOT NULL DEFAULT 0,
  county_fips      text,
  soil_texture     text NOT NULL DEFAULT 'silt loam',
  awc_mm_per_m     double precision NOT NULL DEFAULT 200,
  root_depth_m     double precision NOT NULL DEFAULT 1.0,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  site_id          text NOT NULL DEFAULT 'local',
  deleted_at       timestamptz
);
CREATE INDEX fields_org_farm_idx ON fields (organization_id, farm_id) WHERE deleted_at IS NULL;

CREATE TABLE seasons (
  id                              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id                 uuid NOT NULL REFERENCES organizations(id),
  field_id                        uuid NOT NULL REFERENCES fields(id),
  year                            integer NOT NULL,
  hybrid                          text NOT NULL,
  relative_maturity_days          integer,
  gdd_to_black_layer_f            double precision NOT NULL,
  planting_date                   date,
  seeding_rate_thousand_per_acre  double precision,
  previous_crop                   text NOT NULL DEFAULT 'soybean' CHECK (previous_crop IN ('soybean', 'corn', 'other')),
  created_at                      timestamptz NOT NULL DEFAULT now(),
  updated_at                      timestamptz NOT NULL DEFAULT now(),
  version                         integer NOT NULL DEFAULT 1,
  site_id                         text NOT NULL DEFAULT 'local',
  deleted_at                      timestamptz
);
CREATE UNIQUE INDEX seasons_field_year_key ON seasons (field_id, year) WHERE deleted_at IS NULL;

CREATE TABLE field_events (
  id                    uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id       uuid NOT NULL REFERENCES organizations(id),
  field_id              uuid NOT NULL REFERENCES fields(id),
  season_id             uuid REFERENCES seasons(id),
  kind                  text NOT NULL CHECK (kind IN ('planting', 'fertilizer_n', 'irrigation', 'harvest')),
  date                  date NOT NULL,
  nitrogen_lb_per_acre  double precision,
  irrigation_mm         double precision,
  yield_bu_per_acre     double precision,
  notes                 text,
  created_at            timestamptz NOT NULL DEFAULT now(),
  updated_at            timestamptz NOT NULL DEFAULT now(),
  version               integer NOT NULL DEFAULT 1,
  site_id               text NOT NULL DEFAULT 'local',
  deleted_at            timestamptz
);
CREATE INDEX field_events_field_idx ON field_events (organization_id, field_id, date) WHERE deleted_at IS NULL;

CREATE TABLE sensors (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  field_id         uuid NOT NULL REFERENCES fields(id),
  name             text NOT NULL,
  kind             text NOT NULL CHECK (kind IN ('air_temperature', 'relative_humidity', 'wind_speed',
                                                  'solar_radiation', 'rain', 'soil_moisture')),
  unit             text NOT NULL,
  depth_cm         double precision,
  created_at       timestamptz NOT NULL DEFAULT now(),
  updated_at       timestamptz NOT NULL DEFAULT now(),
  version          integer NOT NULL DEFAULT 1,
  site_id          text NOT NULL DEFAULT 'local',
  deleted_at       timestamptz
);
CREATE INDEX sensors_org_field_idx ON sensors (organization_id, field_id) WHERE deleted_at IS NULL;

-- Append-only time series, range-partitioned by month; partitions are created on demand by ingestion.
-- The primary key makes re-sent readings idempotent.
CREATE TABLE readings (
  sensor_id  uuid NOT NULL,
  time       timestamptz NOT NULL,
  value      double precision NOT NULL,
  PRIMARY KEY (sensor_id, time)
) PARTITION BY RANGE (time);

CREATE TABLE alerts (
  id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id   uuid NOT NULL REFERENCES organizations(id),
  field_id          uuid NOT NULL REFERENCES fields(id),
  season_id         uuid REFERENCES seasons(id),
  kind              text NOT NULL,
  rule_id           text NOT NULL,
  event_date        date NOT NULL,
  severity          text NOT NULL CHECK (severity IN ('info', 'warning', 'critical')),
  message           text NOT NULL,
  status            text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged')),
  acknowledged_by   uuid REFERENCES users(id),
  acknowledged_at   timestamptz,
  created_at        timestamptz NOT NULL DEFAULT now(),
  updated_at        timestamptz NOT NULL DEFAULT now(),
  version           integer NOT NULL DEFAULT 1,
  site_id           text NOT NULL DEFAULT 'local',
  deleted_at        timestamptz
);
-- One alert per event: re-evaluating the same weather never raises it twice.
CREATE UNIQUE INDEX alerts_event_key ON alerts (field_id, rule_id, event_date);

CREATE TABLE predictions (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  field_id         uuid NOT NULL REFERENCES fields(id),
  season_id        uuid REFERENCES seasons(id),
  model_name       text NOT NULL,
  model_version    text NOT NULL,
  value            double precision NOT NULL,
  p10              double precision,
  p90              double precision,
  features         jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX predictions_field_idx ON predictions (field_id, created_at DESC);

CREATE TABLE recommendations (
  id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id  uuid NOT NULL REFERENCES organizations(id),
  field_id         uuid NOT NULL REFERENCES fields(id),
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);

-- Durable log behind the live stream: lets every API replica fan out events and clients resume by id.
CREATE TABLE stream_events (
  id               bigserial PRIMARY KEY,
  organization_id  uuid NOT NULL,
  kind             text NOT NULL,
  payload          jsonb NOT NULL,
  created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stream_events_org_idx ON stream_events (organization_id, id);
