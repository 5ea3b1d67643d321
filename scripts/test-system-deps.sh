#!/usr/bin/env bash
# System tools the test suite uses beyond Qt's libraries: the desktop-file validators (packaging
# tests) and a TrueType font for Chinese (PDF report tests: Chinese must print with an embedded
# font). Installed with apt-get when missing and running as root; otherwise the command to run
# is printed and the tests that need them fail with the same hint.
set -euo pipefail
PY="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.venv/bin/python"
need=""
command -v desktop-file-validate >/dev/null 2>&1 || need="$need desktop-file-utils"
command -v appstreamcli >/dev/null 2>&1 || need="$need appstream"
# the same font search as the report (rmf_app/report/fonts.py), so any TrueType CJK font will do
"$PY" -c 'from rmf_app.report.fonts import has_cjk_truetype as f; raise SystemExit(not f())' \
  2>/dev/null || need="$need fonts-droid-fallback"
[ -z "$need" ] && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing test tools:$need" >&2
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
else
  echo "Some tests need:$need  (sudo apt-get install$need)" >&2
fi
