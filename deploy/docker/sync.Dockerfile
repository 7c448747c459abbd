# The sync service (hybrid mode): one executable exchanging data between the farm's and the cloud's databases.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-sync" \
      org.opencontainers.image.description="Uni-Corn farm-to-cloud database sync" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
WORKDIR /app
COPY --chown=0:0 sync/ /app/
USER 65532:65532
ENV UNICORN_SYNC_PORT=8002 UNICORN_MODE=production
EXPOSE 8002
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/app/unicorn-sync", "--healthcheck"]
ENTRYPOINT ["/app/unicorn-sync"]
