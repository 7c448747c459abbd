#!/bin/sh
# Starts dnsmasq for the farm network (config beside this file). Environment:
#   UNICORN_APP_NAME       the name users open, e.g. app.hawkeyeridge.example (required)
#   UNICORN_FARM_ADDRESS   the farm server's LAN address the name resolves to (required)
#   UNICORN_DNS_UPSTREAM   comma-separated upstream resolvers (default: the ones in /etc/resolv.conf)
#   UNICORN_DNS_PORT       port to listen on (default 5353; compose publishes it as 53)
#   UNICORN_DNS_CONF       the config file (default /etc/unicorn/dnsmasq.conf)
set -eu
: "${UNICORN_APP_NAME:?set UNICORN_APP_NAME (the application's DNS name)}"
: "${UNICORN_FARM_ADDRESS:?set UNICORN_FARM_ADDRESS (the farm server's LAN address)}"
case "$UNICORN_APP_NAME" in
  *[!A-Za-z0-9.-]* | .* | *..*) echo "UNICORN_APP_NAME is not a DNS name: $UNICORN_APP_NAME" >&2; exit 2 ;;
esac
case "$UNICORN_FARM_ADDRESS" in
  *[!0-9a-fA-F.:]*) echo "UNICORN_FARM_ADDRESS is not an IP address: $UNICORN_FARM_ADDRESS" >&2; exit 2 ;;
esac
# --local: the app's name (and names under it) is answered here only, never forwarded, so a record type the farm
# does not have (the cloud's IPv6 address) cannot leak in from upstream and send dual-stack clients to the cloud.
set -- --conf-file="${UNICORN_DNS_CONF:-/etc/unicorn/dnsmasq.conf}" --port="${UNICORN_DNS_PORT:-5353}" \
  --host-record="$UNICORN_APP_NAME,$UNICORN_FARM_ADDRESS" --local="/$UNICORN_APP_NAME/"
if [ -n "${UNICORN_DNS_UPSTREAM:-}" ]; then
  set -- "$@" --no-resolv
  for server in $(echo "$UNICORN_DNS_UPSTREAM" | tr ',' ' '); do set -- "$@" --server="$server"; done
fi
# As root (a test namespace), drop to nobody; in the image it already runs unprivileged.
if [ "$(id -u)" = 0 ]; then set -- "$@" --user=nobody; fi
exec dnsmasq "$@"
