"""An imported official content pack (NIST's AI RMF Playbook), normalized for display.

The text is NIST's and is shown as such, beside rmf-app's own guidance; it is never bundled.
"""


from pydantic import BaseModel, ConfigDict, Field, model_validator

from . import framework


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Block(_Frozen):
    """A paragraph (level 0, bullet False) or a bullet item at a nesting level (0 = top)."""

    text: str
    bullet: bool = False
    level: int = Field(default=0, ge=0, le=4)


class OfficialReference(_Frozen):
    citation: str
    url: str | None = None
    group: str = ""


class OfficialEntry(_Frozen):
    id: str
    statement: str
    about: list[Block]
    actions: list[Block]
    questions: list[str]
    transparency_resources: list[OfficialReference]
    references: list[OfficialReference]
    actors: list[str]
    topics: list[str]


class OfficialPack(_Frozen):
    """A versioned content pack: the whole official playbook, in framework order."""

    id: str
    title: str
    version: str
    source_sha256: str
    imported_at: str
    entries: list[OfficialEntry]

    @model_validator(mode="after")
    def _complete(self) -> "OfficialPack":
        got = [e.id for e in self.entries]
        if got != list(framework.subcategory_ids()):
            raise ValueError("an official pack must hold the 72 subcategories in framework order")
        return self

    def entry(self, subcategory_id: str) -> OfficialEntry:
        return self.entries[framework.order_key(subcategory_id)]
