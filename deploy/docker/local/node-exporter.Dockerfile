# Test-only stand-in for quay.io/prometheus/node-exporter: Debian's exporter (same flags, port 9100), with wget
# for the compose healthcheck.
ARG BASE_IMAGE=localhost/unicorn-base-node-exporter:bookworm
FROM ${BASE_IMAGE}
USER 65534:65534
EXPOSE 9100
ENTRYPOINT ["/usr/bin/prometheus-node-exporter"]
