# Test-only stand-in for quay.io/prometheuscommunity/postgres-exporter: Debian's exporter (same DATA_SOURCE_NAME
# contract and port 9187), with wget for the compose healthcheck.
ARG BASE_IMAGE=localhost/unicorn-base-postgres-exporter:bookworm
FROM ${BASE_IMAGE}
USER 65534:65534
EXPOSE 9187
ENTRYPOINT ["/usr/bin/prometheus-postgres-exporter"]
