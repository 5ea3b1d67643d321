#!/usr/bin/env bash
# Set up (first time) and run the whole test suite: lint, type checks, tests.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
"$ROOT/scripts/bootstrap.sh" test,dev
"$ROOT/scripts/test-system-deps.sh"
export QT_QPA_PLATFORM=offscreen
echo "== ruff"
.venv/bin/ruff check rmf_app tests tests_shared
echo "== mypy (everything below rmf_app/gui)"
.venv/bin/mypy
echo "== pytest"
.venv/bin/python -m pytest "$@"
