#!/usr/bin/env bash
# tests/server/on_postgres.sh: aduan-server for the server tests, on PostgreSQL.
#
# CTest runs the server tests a second time with ADUAN_TEST_SERVER_BINARY pointing here, inside
# a throw-away cluster (tests/core/store_postgres/with_postgres.sh exports libpq's PG*). Each
# --data-dir a test gives (a server, or an admin command on that server's data) becomes a schema
# of its own in that cluster, so a restarted server finds its data and tests never share any.
# ADUAN_REAL_SERVER_BINARY names the program to run. The schema's name is the one
# tests/server/server_process.cpp's postgres_schema_of computes, for tests that read the rows.
set -euo pipefail
# A test that names its own --database-url (server_process_test.cpp's) gets exactly that.
data_dir=""
own_url=0
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [ "${args[$i]}" = "--data-dir" ] && [ $((i + 1)) -lt ${#args[@]} ]; then
    data_dir=${args[$((i + 1))]}
  fi
  case "${args[$i]}" in --database-url | --database-url=*) own_url=1 ;; esac
done
if [ -z "$data_dir" ] || [ "$own_url" = 1 ]; then
  exec "$ADUAN_REAL_SERVER_BINARY" "$@"
fi
schema="s_$(printf '%s' "$(realpath -m "$data_dir")" | sha256sum | cut -c1-16)"
psql -qX -v ON_ERROR_STOP=1 -c "CREATE SCHEMA IF NOT EXISTS $schema" >/dev/null 2>&1 ||
  psql -qX -v ON_ERROR_STOP=1 -c "SELECT 1 FROM pg_namespace WHERE nspname = '$schema'" >/dev/null
exec "$ADUAN_REAL_SERVER_BINARY" "$@" --database-url "postgresql://?options=-csearch_path%3D$schema"
