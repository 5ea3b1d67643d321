"""Facts for the About dialog: versions, the licenses of what rmf-app is built on, where data lives."""

from __future__ import annotations

import platform
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata

from .. import __version__
from ..domain.framework import FRAMEWORK_DOCUMENT, FRAMEWORK_NAME
from ..domain.scoring import METHOD_VERSION
from ..storage.packs import packs_dir


@dataclass(frozen=True)
class Component:
    name: str
    version: str
    licence: str
    use: str


#: distribution name -> (display name, licence, what rmf-app uses it for)
_COMPONENTS = {
    "PySide6-Essentials": (
        "Qt for Python (PySide6) and Qt",
        "LGPL-3.0-only",
        "the desktop interface",
    ),
    "pydantic": ("pydantic", "MIT", "data models and validation"),
    "pydantic-core": ("pydantic-core", "MIT", "validation engine"),
    "reportlab": ("ReportLab Toolkit", "BSD-3-Clause", "the PDF report"),
    "platformdirs": ("platformdirs", "MIT", "per-user folders"),
}


def components() -> list[Component]:
    out = [
        Component("rmf-app", __version__, "MIT", "this application"),
        Component("Python", platform.python_version(), "PSF-2.0", "the runtime"),
    ]
    for dist, (name, licence, use) in _COMPONENTS.items():
        try:
            version = metadata.version(dist)
        except metadata.PackageNotFoundError:
            version = "not installed"
        out.append(Component(name, version, licence, use))
    out.append(
        Component(
            "SQLite",
            __import__("sqlite3").sqlite_version,
            "Public domain",
            "the .airmf file format",
        )
    )
    return out


def facts() -> dict[str, str]:
    return {
        "version": __version__,
        "framework": f"{FRAMEWORK_NAME} ({FRAMEWORK_DOCUMENT})",
        "scoring": METHOD_VERSION,
        "platform": f"{platform.system()} {platform.machine()}, Python {sys.version.split()[0]}",
        "packs": str(packs_dir()),
        "temp": tempfile.gettempdir(),
    }
