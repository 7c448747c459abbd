# The API: one executable, nothing else. Build context: dist/release (npm run build:release).
# RUNTIME_IMAGE defaults to Google's distroless glibc image (no shell, no package manager, non-root user).
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-api" \
      org.opencontainers.image.description="Uni-Corn HTTP API" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
WORKDIR /app
COPY --chown=0:0 api/ /app/
USER 65532:65532
ENV PORT=8000 HOST=0.0.0.0 UNICORN_MODE=production
EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/app/unicorn-api", "--healthcheck"]
ENTRYPOINT ["/app/unicorn-api"]
