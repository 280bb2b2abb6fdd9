#!/usr/bin/env bash
# tests/core/store_postgres/with_postgres.sh [--durable] COMMAND...: runs a command with libpq's
# PG* environment set for a throw-away PostgreSQL cluster, dropped afterwards.
#
# postgresql-common's pg_virtualenv makes the cluster (-t keeps it in a temporary directory when
# run as root too). Left to itself it takes the first free port from 5432 and starts the server a
# moment later, so two runs started together take the same port and one fails. Here each run
# takes a random port nothing listens on, away from 5432 and whatever else starts there.
# - Tests (the default): fsync off, as pg_virtualenv sets it, and runs queue on a lock (-o: the
#   cluster's server does not inherit it), so test programs never race for a port.
# - --durable, for `make bench`: fsync and synchronous_commit on (a commit figure without them
#   means nothing) and no lock, which a benchmark of many minutes would hold against every test
#   run. With ADUAN_BENCH_POSTGRES_URL set, the command runs against that database instead.
set -euo pipefail
durable=0
if [ "${1:-}" = --durable ]; then
  durable=1
  shift
  if [ -n "${ADUAN_BENCH_POSTGRES_URL:-}" ]; then exec "$@"; fi
fi
command -v pg_virtualenv >/dev/null || {
  echo "with_postgres.sh: pg_virtualenv not found (postgresql-common, tools/apt-packages.txt)" >&2
  exit 1
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 30000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
if [ "$durable" = 1 ]; then
  exec env PGPORT="$port" pg_virtualenv -t -o fsync=on -o synchronous_commit=on \
    -o max_connections=200 "$@"
fi
exec flock -o /tmp/aduan-pg_virtualenv.lock env PGPORT="$port" pg_virtualenv -t "$@"
