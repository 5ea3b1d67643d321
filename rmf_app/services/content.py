"""Content use cases for the GUI and CLI: the bundled playbook, overlays, crosswalks and
official packs."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from ..domain.crosswalk import Crosswalk
from ..domain.playbook import Playbook
from ..storage import packs
from ..storage.content import (
    CROSSWALK_IDS,
    bundled_crosswalk,
    bundled_overlay,
    bundled_overlay_ids,
    bundled_playbook,
)

if TYPE_CHECKING:  # read only when a pack was imported, or an overlay is used
    from ..domain.official import OfficialPack
    from ..domain.overlay import Overlay


def playbook() -> Playbook:
    """The bundled guidance (validated once per process)."""
    return bundled_playbook()


def overlay(overlay_id: str) -> Overlay:
    """A bundled overlay ("genai": the Generative AI Profile), validated once per process.

    Raises ContentError (a StorageError) when no such overlay is bundled or it is broken.
    """
    return bundled_overlay(overlay_id)


def available_overlays() -> tuple[str, ...]:
    """Ids of the bundled overlays, sorted; ``overlay(id)`` gives each one's title and content."""
    return bundled_overlay_ids()


def crosswalk(crosswalk_id: str) -> Crosswalk:
    """A bundled crosswalk ("iso42001", "euaia"), validated once per process.

    Raises ContentError (a StorageError) when no such crosswalk is bundled or it is broken.
    """
    return bundled_crosswalk(crosswalk_id)


def available_crosswalks() -> tuple[str, ...]:
    """Ids of the bundled crosswalks, in the order the app shows them."""
    return CROSSWALK_IDS


def official_pack() -> OfficialPack | None:
    """The current imported NIST Playbook pack, or None when none has been imported (known
    without loading the code that reads packs: every start asks)."""
    try:
        if not packs.current_marker().is_file():
            return None
    except OSError:
        return None
    from ..storage import official

    return official.current_official()


def official_packs() -> tuple[str, list[str], OfficialPack | None]:
    """The imported packs' id, the versions imported, and the current pack (or None)."""
    from ..storage import official

    return packs.PACK_ID, official.list_packs(), official.current_official()


def import_official_playbook(path: str | os.PathLike[str]) -> tuple[OfficialPack, bool]:
    """Import NIST's Playbook JSON; returns the pack and whether this version was new.

    Raises PlaybookImportError (a StorageError) with a message for the user; an earlier pack
    stays intact when the file is refused.
    """
    from ..storage import official

    return official.import_official(path)
