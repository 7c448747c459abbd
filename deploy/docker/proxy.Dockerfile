# TLS front door: HTTPS on 8443 (published as 443), HTTP on 8080 redirected to HTTPS; `/api` to the api
# replicas, everything else to web. The certificate and key are mounted at /etc/unicorn/tls at run time.
ARG NGINX_IMAGE=docker.io/nginxinc/nginx-unprivileged:1.27-alpine
FROM ${NGINX_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-proxy" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
COPY nginx-proxy.conf /etc/unicorn/nginx.conf
COPY nginx-entrypoint.sh render-nginx-conf.sh /usr/local/bin/
USER 101:101
EXPOSE 8080 8443
ENTRYPOINT ["/bin/sh", "/usr/local/bin/nginx-entrypoint.sh"]
