# The dashboard's static files behind nginx (unprivileged port 8050). NGINX_IMAGE defaults to the official
# unprivileged nginx image; a substitute must provide /usr/sbin/nginx and run as a non-root user.
ARG NGINX_IMAGE=docker.io/nginxinc/nginx-unprivileged:1.27-alpine
FROM ${NGINX_IMAGE}
ARG VERSION=0.0.0
ARG COMMIT=unknown
LABEL org.opencontainers.image.title="unicorn-web" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${COMMIT}" \
      org.opencontainers.image.vendor="Uni-Corn"
COPY web/ /usr/share/unicorn/web/
COPY nginx-web.conf /etc/unicorn/nginx.conf
COPY nginx-entrypoint.sh render-nginx-conf.sh /usr/local/bin/
USER 101:101
EXPOSE 8050
# The policy's img-src gets the configured map tile origin at start (render-nginx-conf.sh).
ENTRYPOINT ["/bin/sh", "/usr/local/bin/nginx-entrypoint.sh"]
