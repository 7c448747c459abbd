-- Gateways publishing readings over MQTT, the devices behind them and what each device last reported.
-- Expand-only: new tables, nothing existing changes.

CREATE TABLE gateways (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations(id),
  name               text NOT NULL,
  -- How its devices' messages arrive: readings in the API's formats, or a LoRaWAN network server's uplinks.
  network            text NOT NULL DEFAULT 'direct' CHECK (network IN ('direct', 'chirpstack', 'the-things-stack')),
  -- The broker login: the gateway's id, so a topic ACL can name it. NULL hash: no credential (revoked).
  password_hash      text,
  credential_created_at timestamptz,
  created_by         uuid REFERENCES users(id),
  created_at         timestamptz NOT NULL DEFAULT now(),
  last_seen_at       timestamptz,
  deleted_at         timestamptz
);
CREATE INDEX gateways_org_idx ON gateways (organization_id) WHERE deleted_at IS NULL;

-- One device behind a gateway: its LoRaWAN DevEUI (or name for a direct device) and how its payload is read.
CREATE TABLE gateway_devices (
  id                 uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organization_id    uuid NOT NULL REFERENCES organizations(id),
  gateway_id         uuid NOT NULL REFERENCES gateways(id),
  device_eui         text NOT NULL,
  name               text NOT NULL,
  field_id           uuid NOT NULL REFERENCES fields(id),
  decoder            text NOT NULL,
  created_at         timestamptz NOT NULL DEFAULT now(),
  -- Last uplink and the status it carried, when the payload had them.
  last_message_at    timestamptz,
  battery_volts      double precision,
  battery_percent    double precision,
  rssi_dbm           double precision,
  snr_db             double precision,
  deleted_at         timestamptz
);
CREATE UNIQUE INDEX gateway_devices_eui_idx ON gateway_devices (gateway_id, device_eui) WHERE deleted_at IS NULL;

-- Which of the organization's sensors receives each measurement the device's decoder yields.
CREATE TABLE gateway_device_sensors (
  device_id          uuid NOT NULL REFERENCES gateway_devices(id),
  sensor_id          uuid NOT NULL REFERENCES sensors(id),
  measurement        text NOT NULL,
  PRIMARY KEY (device_id, sensor_id)
);

-- Broker credentials changed: the ingest service rewrites the broker's password and ACL files.
CREATE FUNCTION notify_gateway_credentials() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('gateway_credentials', '');
  RETURN NULL;
END $$;
CREATE TRIGGER gateways_credentials_changed AFTER INSERT OR UPDATE OF password_hash, deleted_at OR DELETE ON gateways
  FOR EACH STATEMENT EXECUTE FUNCTION notify_gateway_credentials();
