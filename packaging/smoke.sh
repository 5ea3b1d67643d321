#!/usr/bin/env bash
# Smoke-test a frozen build headless: packaging/smoke.sh dist/rmf-app-VERSION-linux-ARCH
set -euo pipefail
APP_DIR="$(cd "${1:?usage: smoke.sh BUILD_DIR}" && pwd)"
BIN="$APP_DIR/rmf-app"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
export QT_QPA_PLATFORM=offscreen RMF_APP_DATA_DIR="$WORK/data"
cd "$WORK"
"$BIN" --version
"$BIN" demo -o d.airmf
"$BIN" playbook gai | grep -q "212 actions"
"$BIN" info d.airmf >/dev/null
"$BIN" export d.airmf -o d.json
"$BIN" export d.airmf -o d.pdf
"$BIN" export d.airmf -o e.pdf --executive
"$BIN" verify e.pdf | grep -q "everything checks"
# The GUI: start offscreen with the demo open and quit after one turn of the event loop.
RMF_APP_QUIT_AFTER_START=1 "$BIN" d.airmf
echo "smoke: all checks passed"
