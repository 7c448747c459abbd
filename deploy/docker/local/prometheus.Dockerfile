# Test-only stand-in for prom/prometheus: Debian's Prometheus with the same entry point and data path, and wget
# for the compose healthcheck (prom/prometheus is a busybox image that has it).
ARG BASE_IMAGE=localhost/unicorn-base-prometheus:bookworm-wget
FROM ${BASE_IMAGE}
USER root
RUN mkdir -p /prometheus && chown 65534:65534 /prometheus
USER 65534:65534
EXPOSE 9090
ENTRYPOINT ["/usr/bin/prometheus"]
CMD ["--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus"]
