# The MQTT ingest service: one executable (gateways' readings and LoRaWAN uplinks from the broker into PostgreSQL).
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-ingest-mqtt" \
      org.opencontainers.image.description="Uni-Corn MQTT and LoRaWAN ingestion" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
WORKDIR /app
COPY --chown=0:0 ingest-mqtt/ /app/
USER 65532:65532
ENV PORT=8003 HOST=0.0.0.0 UNICORN_MODE=production
EXPOSE 8003
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/app/unicorn-ingest-mqtt", "--healthcheck"]
ENTRYPOINT ["/app/unicorn-ingest-mqtt"]
