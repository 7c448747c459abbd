# The ML service: its executable, ONNX Runtime's native libraries beside it, and the shipped models.
ARG RUNTIME_IMAGE=gcr.io/distroless/cc-debian12:nonroot
FROM ${RUNTIME_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-ml" \
      org.opencontainers.image.description="Uni-Corn model service (ONNX Runtime)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
WORKDIR /app
COPY --chown=0:0 ml/ /app/
USER 65532:65532
ENV PORT=8001 HOST=0.0.0.0 UNICORN_MODE=production UNICORN_MODEL_REGISTRY=/app/models
EXPOSE 8001
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 CMD ["/app/unicorn-ml", "--healthcheck"]
ENTRYPOINT ["/app/unicorn-ml"]
