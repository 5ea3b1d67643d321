#!/usr/bin/env bash
# Set up .venv with rmf-app installed (editable). Usage: scripts/bootstrap.sh [extras]
# Idempotent: run it as often as you like. Sourced by run.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
EXTRAS="${1:-}"

find_python() {
  for py in python3.13 python3.12 python3.11 python3; do
    if command -v "$py" >/dev/null 2>&1 &&
       "$py" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$py"; return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  PY="$(find_python)" || { echo "rmf-app needs Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)." >&2; exit 1; }
  "$PY" -m venv "$VENV" || { echo "Cannot create a virtual environment (Debian/Ubuntu: apt-get install python3-venv)." >&2; exit 1; }
fi

# Reinstall only when the project's metadata changed since the last successful install.
STAMP="$VENV/.rmf-app-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$STAMP" ] || [ "$ROOT/pyproject.toml" -nt "$STAMP" ]; then
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${EXTRAS:+[$EXTRAS]}"
  touch "$STAMP"
fi

# Qt needs a few system libraries that minimal Debian/Ubuntu images lack.
QT_PACKAGES="libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0"
if ! QT_QPA_PLATFORM=offscreen "$VENV/bin/python" -c "from PySide6 import QtWidgets" 2>/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing the system libraries Qt needs: $QT_PACKAGES" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $QT_PACKAGES >/dev/null
  else
    echo "Qt cannot load: install its system libraries first:" >&2
    echo "  sudo apt-get install $QT_PACKAGES" >&2
    exit 1
  fi
fi
