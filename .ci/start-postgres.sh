#!/usr/bin/env bash
# Installs PostgreSQL from Debian packages when missing, starts a throwaway cluster on
# loopback (port ${PGPORT:-55432}) owned by the postgres user, and prints its URL.
# Usage: export HEALTHTRACE_TEST_DATABASE_URL=$(bash .ci/start-postgres.sh)
# With PG_STOP_SCRIPT=<file>, writes there the commands that stop the cluster and remove its folder (CI runs them on exit).
set -euo pipefail
export PATH="$PATH:/usr/sbin:/sbin"
port=${PGPORT:-55432}
# Take the next free port if that one is busy (e.g. a developer's own cluster).
while (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do port=$((port + 1)); done
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ] || [ ! -x "$bindir/postgres" ]; then
  echo "installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
  bindir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi
id postgres >/dev/null 2>&1 || useradd --system --home /var/lib/postgresql postgres
dir=$(mktemp -d /tmp/healthtrace-pg.XXXXXX)
chown postgres "$dir"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
as_pg "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >&2
as_pg "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=on -c max_connections=200" start >&2
if [ -n "${PG_STOP_SCRIPT:-}" ]; then
  printf '%q ' runuser -u postgres -- "$bindir/pg_ctl" -D "$dir/data" -m fast stop >"$PG_STOP_SCRIPT"
  [ "$(id -u)" = 0 ] || printf '%q ' "$bindir/pg_ctl" -D "$dir/data" -m fast stop >"$PG_STOP_SCRIPT"
  # Then the throwaway cluster's folder goes too (a few hundred MB after the suites and benchmarks).
  printf '\nrm -rf %q\n' "$dir" >>"$PG_STOP_SCRIPT"
fi
echo "postgres://postgres@127.0.0.1:$port/postgres"
