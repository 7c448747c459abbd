# The farm's local resolver (hybrid mode): Debian's dnsmasq with the config and entry point in deploy/compose/dns,
# unprivileged, listening on 5353 (compose publishes it as the farm network's port 53).
ARG DEBIAN_IMAGE=docker.io/library/debian:bookworm-slim
FROM ${DEBIAN_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-dns" \
      org.opencontainers.image.description="Uni-Corn farm resolver: the app's name answered on the farm network" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
# A base that already carries dnsmasq (an air-gapped build host's, or the container tests') is used as it is.
RUN command -v dnsmasq >/dev/null 2>&1 || { apt-get update \
      && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends dnsmasq-base \
      && rm -rf /var/lib/apt/lists/*; }
COPY --chown=0:0 dns/ /etc/unicorn/
USER 65532:65532
EXPOSE 5353/udp 5353/tcp
# Healthy once dnsmasq listens on 5353 (0x14E9) over UDP: read from the kernel's socket table, no client needed.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
  CMD ["/bin/sh", "-c", "grep -q ':14E9 ' /proc/net/udp /proc/net/udp6"]
ENTRYPOINT ["/bin/sh", "/etc/unicorn/entrypoint.sh"]
