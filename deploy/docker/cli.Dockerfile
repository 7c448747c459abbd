# The operator's `unicorn` command (migrate, seed) as an image for one-shot compose services.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-cli" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
COPY --chown=0:0 cli/unicorn /app/unicorn
USER 65532:65532
ENTRYPOINT ["/app/unicorn"]
