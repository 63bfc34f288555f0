#!/usr/bin/env bash
# Starts the machine's PostgreSQL (Debian's cluster 15/main) and makes the role and database the
# tests use, then prints the line that points the tests at it. Safe to run again: what exists is
# left as it is. Usage, on CI (as root) or a developer machine (sudo is used when not root):
#   eval "$(scripts/start-test-postgres.sh)"
# Everything but the `export` line goes to stderr.
set -euo pipefail
version="${CINEMA_TEST_POSTGRES_VERSION:-15}"
cluster="${CINEMA_TEST_POSTGRES_CLUSTER:-main}"
port="${CINEMA_TEST_POSTGRES_PORT:-5432}"
role=cinema
password=cinema
database=cinema_test

as_postgres() {
  if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi
}

if ! pg_lsclusters --no-header "$version" "$cluster" 2>/dev/null | grep -q online; then
  echo "starting PostgreSQL $version/$cluster (pg_ctlcluster $version $cluster start)" >&2
  as_postgres "pg_ctlcluster $version $cluster start" >&2
fi
for _ in $(seq 1 60); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 0.5
done
pg_isready -h 127.0.0.1 -p "$port" >&2

if [ "$(as_postgres "psql -p $port -tAc \"select 1 from pg_roles where rolname = '$role'\"")" != 1 ]; then
  as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qc \"create role $role login createdb password '$password'\"" >&2
fi
if [ "$(as_postgres "psql -p $port -tAc \"select 1 from pg_database where datname = '$database'\"")" != 1 ]; then
  as_postgres "psql -p $port -v ON_ERROR_STOP=1 -qc \"create database $database owner $role\"" >&2
fi
echo "export CINEMA_TEST_DATABASE_URL=postgres://$role:$password@127.0.0.1:$port/$database"
