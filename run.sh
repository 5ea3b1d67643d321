#!/usr/bin/env bash
# Set up (first time) and start rmf-app. Arguments go to rmf-app: './run.sh demo -o demo.airmf'.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
"$ROOT/scripts/bootstrap.sh"
if [ $# -eq 0 ] && [ "$(uname)" = "Linux" ] && [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ] \
   && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  cat >&2 <<'MSG'
No display found, so the desktop app cannot open a window here. Headless, try:
  ./run.sh demo -o demo.airmf              # write the worked demo assessment
  ./run.sh info demo.airmf                 # completion and scores
  ./run.sh export demo.airmf -o demo.json  # JSON export (also .csv)
MSG
  exit 1
fi
exec "$ROOT/.venv/bin/rmf-app" "$@"
