#!/usr/bin/env bash
# tests/core/store_postgres/with_postgres.sh: runs a command (the PostgreSQL store's test
# program) with libpq's PG* environment set for a throw-away PostgreSQL cluster.
#
# postgresql-common's pg_virtualenv makes the cluster (fsync off, dropped afterwards; -t keeps it
# in a temporary directory when run as root too). Left to itself it takes the first free port
# from 5432 and starts the server a moment later, so two runs started together take the same
# port and one fails. Here each run takes a random port nothing listens on, away from 5432 and
# whatever else starts there, and runs of this script queue on a lock (-o: the cluster's server
# does not inherit it).
set -euo pipefail
command -v pg_virtualenv >/dev/null || {
  echo "with_postgres.sh: pg_virtualenv not found (postgresql-common, tools/apt-packages.txt)" >&2
  exit 1
}
for _ in 1 2 3 4 5 6 7 8 9 10; do
  port=$((20000 + RANDOM % 30000))
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
done
exec flock -o /tmp/aduan-pg_virtualenv.lock env PGPORT="$port" pg_virtualenv -t "$@"
