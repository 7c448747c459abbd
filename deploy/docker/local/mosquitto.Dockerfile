# Test-only stand-in for eclipse-mosquitto: Debian's Mosquitto with the same config path, plus a shell for the
# entry point that reloads the broker when the ingest service rewrites its password and ACL files.
ARG BASE_IMAGE=localhost/unicorn-base-mosquitto:bookworm
FROM ${BASE_IMAGE}
USER root
RUN mkdir -p /mosquitto/config /mosquitto/auth /mosquitto/data /mosquitto/tls && chown -R 65532:65532 /mosquitto/auth /mosquitto/data
USER 65532:65532
EXPOSE 8883
ENTRYPOINT ["/bin/sh", "/mosquitto/config/entrypoint.sh"]
