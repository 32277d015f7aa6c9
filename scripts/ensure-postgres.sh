#!/usr/bin/env bash
# Make sure the test PostgreSQL answers at $BATON_TEST_PG_URL, starting the local cluster
# if it is down and creating the database if it is missing. Exit 1 when it cannot.
set -u
url="${BATON_TEST_PG_URL:-postgresql://postgres@localhost/test}"
ready() { pg_isready -d "$url" -q 2>/dev/null; }
if ! command -v pg_isready >/dev/null 2>&1; then
  echo "ensure-postgres: pg_isready not found (install postgresql-client)" >&2
  exit 1
fi
if ! ready; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      echo "ensure-postgres: starting PostgreSQL $version" >&2
      pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2 || true
    done
  fi
  for _ in $(seq 1 30); do ready && break; sleep 1; done
fi
if ! ready; then
  # The server may be up without the database: create it through the maintenance db.
  base="${url%/*}/postgres"
  db="${url##*/}"; db="${db%%\?*}"
  if pg_isready -d "$base" -q 2>/dev/null; then
    psql "$base" -qc "CREATE DATABASE \"$db\"" >&2 || true
  fi
fi
if ready && psql "$url" -qtc "SELECT 1" >/dev/null 2>&1; then
  exit 0
fi
echo "ensure-postgres: PostgreSQL is not reachable at $url" >&2
exit 1
