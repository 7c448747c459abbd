#!/bin/sh
# Writes the image's nginx config (render-nginx-conf.sh: this container's DNS server, the configured map tile
# origin in the policy), then runs nginx in the foreground. The proxy and the web image both start this way.
set -eu
sh /usr/local/bin/render-nginx-conf.sh /etc/unicorn/nginx.conf /tmp/nginx.conf
exec nginx -c /tmp/nginx.conf -g "daemon off;"
