#!/usr/bin/env bash
# Installs Debian's chromium (used headless by playwright-core for the browser test).
# Browser downloads by test tools (npx playwright install) do not work offline; apt does.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [[ -x "$CHROMIUM" ]]; then
  echo "[chromium:install] $CHROMIUM present: $("$CHROMIUM" --version 2>/dev/null || echo unknown version)"
  exit 0
fi
t=$SECONDS
SUDO=""
if [[ "$(id -u)" != 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null
[[ -x "$CHROMIUM" ]] || { echo "[chromium:install] ERROR: $CHROMIUM still missing" >&2; exit 1; }
echo "[chromium:install] installed $("$CHROMIUM" --version 2>/dev/null) in $(( SECONDS - t ))s"
