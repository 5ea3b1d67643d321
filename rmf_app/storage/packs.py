"""Where imported content packs live: the per-user data directory.

A module of its own so that asking whether a pack was ever imported (every start does) loads
none of the code that reads and checks packs (:mod:`rmf_app.storage.official`).
"""

from __future__ import annotations

import os
from pathlib import Path

#: the official NIST AI RMF Playbook pack, as imported from NIST's JSON
PACK_ID = "nist-ai-rmf-playbook"


def data_dir() -> Path:
    """Per-user data directory (``RMF_APP_DATA_DIR`` overrides it, e.g. for tests)."""
    override = os.environ.get("RMF_APP_DATA_DIR")
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_data_dir("rmf-app", appauthor=False))


def packs_dir() -> Path:
    return data_dir() / "packs"


def current_marker(pack_id: str = PACK_ID) -> Path:
    """The file that names a pack's current version; an import writes it."""
    return packs_dir() / pack_id / "current"
