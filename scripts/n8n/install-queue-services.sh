#!/usr/bin/env bash
# Installs Debian's PostgreSQL and Redis servers for the queue-mode stack (scripts/n8n/queue.ts) when missing.
# Only the binaries are used: the stack runs its own throwaway instances on free ports of 127.0.0.1.
# The package's default cluster (a server on port 5432) is not created: the stack needs none.
set -euo pipefail
log() { printf '[queue:install] %s\n' "$*"; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1; }
have_pg() { local d; d="$(pg_bin)"; [[ -n "$d" && -x "$d/postgres" && -x "$d/initdb" ]]; }
have_redis() { command -v redis-server >/dev/null 2>&1; }

if have_pg && have_redis; then
  log "PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') and $(redis-server --version | awk '{print $1, $2, $3}') present"
  exit 0
fi

t=$SECONDS
SUDO=""
if [[ "$(id -u)" != 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { log "ERROR: PostgreSQL or Redis is missing; install them as root: apt-get install -y postgresql redis-server"; exit 1; }
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if ! have_pg; then
  # postgresql-common first, so that its createcluster.conf can say "no default cluster" before the server
  # package's post-install script reads it.
  $SUDO apt-get install -y -qq --no-install-recommends postgresql-common >/dev/null
  conf=/etc/postgresql-common/createcluster.conf
  if [[ -f "$conf" ]] && ! grep -q '^create_main_cluster' "$conf"; then
    echo 'create_main_cluster = false' | $SUDO tee -a "$conf" >/dev/null
  fi
  $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
fi
if ! have_redis; then
  $SUDO apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi
have_pg || { log "ERROR: PostgreSQL binaries still missing under /usr/lib/postgresql/*/bin"; exit 1; }
have_redis || { log "ERROR: redis-server still missing"; exit 1; }
log "installed PostgreSQL $("$(pg_bin)/postgres" --version | awk '{print $3}') and $(redis-server --version | awk '{print $1, $2, $3}') in $(( SECONDS - t ))s"
