#!/usr/bin/env bash
# Installs Debian's tinyproxy: the real HTTP proxy the proxy test (test/integration/proxy.test.ts) starts.
set -euo pipefail
if command -v tinyproxy >/dev/null; then
  echo "[tinyproxy:install] $(command -v tinyproxy) present"
  exit 0
fi
t=$SECONDS
SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends tinyproxy >/dev/null
echo "[tinyproxy:install] installed in $(( SECONDS - t ))s"
