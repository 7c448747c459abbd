#!/bin/sh
# Runs Mosquitto and reloads it (SIGHUP) whenever the ingest service rewrites its password or ACL file
# (they live on a volume both containers share; the service writes each atomically).
set -eu
AUTH=/mosquitto/auth
# Until the ingest service writes them, nobody can log in.
[ -f "$AUTH/passwords" ] || : > "$AUTH/passwords"
[ -f "$AUTH/acl" ] || : > "$AUTH/acl"
/usr/sbin/mosquitto -c /mosquitto/config/mosquitto.conf &
broker=$!
trap 'kill -TERM "$broker"; wait "$broker"; exit 0' TERM INT
stamp() { cat "$AUTH/passwords" "$AUTH/acl" | cksum; }
last=$(stamp)
while kill -0 "$broker" 2>/dev/null; do
  sleep 2 &
  wait $! || true
  now=$(stamp)
  if [ "$now" != "$last" ]; then
    last=$now
    kill -HUP "$broker"
  fi
done
wait "$broker"
