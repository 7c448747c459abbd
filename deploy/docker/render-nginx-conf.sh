#!/bin/sh
# Usage: render-nginx-conf.sh <template> <output>
# Writes the nginx config an image runs: the container's DNS server in place of __RESOLVER__, and the operator's
# map tile origin (from UNICORN_MAP_TILES_URL, the api's own setting) added to the policy's img-src, so the
# dashboard can load tiles from that one origin and from nowhere else. The origin is read as the api reads it
# (apps/api/src/map/tile-source.ts: scheme://host[:port], lower case, default port dropped); a template the api
# would refuse (credentials, a host that varies by tile, not http(s)) adds nothing.
set -eu
template=$1
output=$2
resolver=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf 2>/dev/null || true)

tile_origin() {
  printf '%s\n' "${UNICORN_MAP_TILES_URL:-}" | tr -d '[:blank:]' | tr 'A-Z' 'a-z' |
    sed -n -E 's#^(https?)://([a-z0-9.-]+|\[[0-9a-f:.]+\])(:([0-9]+))?([/?\#].*)?$#\1 \2 \4#p' |
    while read -r scheme host port; do
      port=$(printf '%s' "${port:-}" | sed -E 's/^0+([0-9])/\1/')
      if [ -z "$port" ] || { [ "$scheme" = https ] && [ "$port" = 443 ]; } ||
        { [ "$scheme" = http ] && [ "$port" = 80 ]; }; then
        printf '%s://%s' "$scheme" "$host"
      else
        printf '%s://%s:%s' "$scheme" "$host" "$port"
      fi
    done
}

origin=$(tile_origin)
sed -e "s/__RESOLVER__/${resolver:-127.0.0.11}/" \
  -e "s#img-src 'self' data:;#img-src 'self' data:${origin:+ $origin};#g" "$template" > "$output"
