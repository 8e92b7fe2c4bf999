#!/bin/sh
# Run once by the postgres image on an empty data directory: the schema owner (migrations) and the service's
# login role, which owns nothing and so stays bound by row-level security (docs/service.md).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE factortrace_owner LOGIN PASSWORD '${FACTORTRACE_OWNER_PASSWORD}' CREATEROLE;
CREATE DATABASE factortrace OWNER factortrace_owner;
CREATE ROLE factortrace_app NOLOGIN;
CREATE ROLE factortrace_api LOGIN PASSWORD '${FACTORTRACE_API_PASSWORD}' IN ROLE factortrace_app;
SQL
