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
# On an X11 desktop Qt's xcb platform plugin needs libraries minimal systems lack (from Qt 6.5
# on, libxcb-cursor0 among them); without them Qt aborts at start-up, so check first.
gui=0
if [ $# -eq 0 ] || [ -f "$1" ]; then gui=1; fi   # no arguments, or a file to open: the GUI
if [ "$gui" = 1 ]; then
  if [ "$(uname)" = "Linux" ] && [ -n "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
    XCB_PACKAGES="libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0"
    plugin="$("$ROOT/.venv/bin/python" -c 'import PySide6, pathlib; print(pathlib.Path(PySide6.__file__).parent / "Qt")')"
    # no pipe into grep -q here: with pipefail, ldd's SIGPIPE would make the test false
    links="$(ldd "$plugin/plugins/platforms/libqxcb.so" "$plugin/lib/libQt6XcbQpa.so.6" 2>/dev/null || true)"
    if [ ! -e /usr/lib/x86_64-linux-gnu/libxcb-cursor.so.0 ] && ! ldconfig -p 2>/dev/null | grep "libxcb-cursor.so.0" >/dev/null; then
      links="$links
libxcb-cursor.so.0 => not found"  # loaded at run time by Qt >= 6.5, so ldd cannot see it
    fi
    case "$links" in *"not found"*)
      if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
        echo "Installing the X11 libraries Qt needs: $XCB_PACKAGES" >&2
        apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $XCB_PACKAGES >/dev/null
      else
        echo "Qt cannot open a window on this X11 desktop: install its libraries first:" >&2
        echo "  sudo apt-get install $XCB_PACKAGES" >&2
        exit 1
      fi
      ;;
    esac
  fi
fi
exec "$ROOT/.venv/bin/rmf-app" "$@"
