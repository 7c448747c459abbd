#!/bin/sh
# Writes the proxy's config with this container's DNS server, then runs nginx in the foreground.
set -eu
resolver=$(awk '/^nameserver/ { print $2; exit }' /etc/resolv.conf)
sed "s/__RESOLVER__/${resolver:-127.0.0.11}/" /etc/unicorn/nginx.conf > /tmp/nginx.conf
exec nginx -c /tmp/nginx.conf -g "daemon off;"
