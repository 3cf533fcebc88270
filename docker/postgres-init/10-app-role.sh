#!/bin/sh
# Runs once, when the postgres container initialises an empty data volume (README, "Datenbankrollen").
# POSTGRES_USER owns the tables (migrations); the app logs in as rheine_app, which owns nothing and
# gets its privileges from `manage.py migrate` (grant_app_role).
set -eu
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
    -v app_password="$POSTGRES_APP_PASSWORD" <<'SQL'
CREATE ROLE rheine_app LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
