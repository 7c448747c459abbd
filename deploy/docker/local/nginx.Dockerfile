# Test-only stand-in for nginxinc/nginx-unprivileged: Debian's nginx, run as uid 101.
ARG BASE_IMAGE=localhost/unicorn-base-nginx:bookworm
FROM ${BASE_IMAGE}
USER root
RUN (getent passwd 101 >/dev/null || useradd -u 101 -r -s /usr/sbin/nologin nginx-unpriv) && ln -sf /usr/sbin/nginx /usr/bin/nginx
USER 101:101
