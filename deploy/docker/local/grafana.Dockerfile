# Test-only stand-in for grafana/grafana, which Debian does not package and which cannot be pulled here: busybox's
# httpd answering Grafana's health endpoint on port 3000, so the stack starts and reports healthy. It draws no
# panel: the container test runs every provisioned panel's query against the stack's Prometheus instead (the data
# source Grafana is provisioned with), and checks the provisioning files point Grafana at that Prometheus.
ARG BASE_IMAGE=localhost/unicorn-base-busybox:bookworm
FROM ${BASE_IMAGE}
USER root
RUN mkdir -p /srv/grafana/api && printf '{"database":"ok","version":"stand-in"}\n' > /srv/grafana/api/health && ln -sf /bin/busybox /usr/local/bin/wget
USER 472:472
EXPOSE 3000
ENTRYPOINT ["/bin/busybox", "httpd", "-f", "-p", "3000", "-h", "/srv/grafana"]
