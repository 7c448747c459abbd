# Test-only stand-in for the official postgres image (which cannot be pulled here): Debian's PostgreSQL 15
# with the official image's environment contract (POSTGRES_USER, POSTGRES_PASSWORD, POSTGRES_DB, PGDATA).
ARG BASE_IMAGE=localhost/unicorn-base-postgres:bookworm
FROM ${BASE_IMAGE}
COPY postgres-entrypoint.sh /usr/local/bin/postgres-entrypoint.sh
ENV PGDATA=/var/lib/postgresql/data PATH=/usr/lib/postgresql/15/bin:/usr/sbin:/usr/bin:/bin
USER postgres
EXPOSE 5432
ENTRYPOINT ["/bin/sh", "/usr/local/bin/postgres-entrypoint.sh"]
