"""Build the frozen one-folder app with PyInstaller: `python packaging/build.py`.

Reads the name from pyproject.toml and the version from its single source (rmf_app.__version__,
which pyproject.toml also reads), builds into
dist/rmf-app-VERSION-linux-ARCH/, and prints the bundle's size.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def version() -> str:
    text = (ROOT / "rmf_app" / "__init__.py").read_text("utf-8")
    m = re.search(r'__version__ = "([^"]+)"', text)
    if not m:
        raise SystemExit("cannot find __version__ in rmf_app/__init__.py")
    return m.group(1)


def size_of(folder: Path) -> int:
    """Bytes on disk, counting each file once (the bundle has symlinks to shared libraries)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def main() -> int:
    import tomllib

    import argparse

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--dist", default=str(ROOT / "dist"), help="output folder (default: dist/)")
    args = ap.parse_args()
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    name, ver = meta["name"], version()
    dist = Path(args.dist)
    work = dist / ".pyinstaller-work"
    env = dict(os.environ, RMF_APP_NAME=name, RMF_APP_VERSION=ver)
    start = time.monotonic()
    subprocess.run(
        [sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
         "--workpath", str(work), "--distpath", str(dist), str(ROOT / "packaging" / "rmf-app.spec")],
        check=True, env=env, cwd=ROOT,
    )
    out = dist / f"{name}-{ver}-{sys.platform}-{platform.machine()}"
    if out.exists():
        shutil.rmtree(out)
    (dist / name).rename(out)
    shutil.rmtree(work, ignore_errors=True)
    print(f"built {out} in {time.monotonic() - start:.0f} s; {size_of(out) / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
