"""The playbook: framework content (summaries and guidance) as validated pydantic models.

A playbook is loaded from plain data (see ``rmf_app.storage.content``) and validated here:
exactly the 72 subcategories in framework order, no empty field, every question ending with '?',
every label from the known sets.
"""


import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from . import framework
from .labels import AI_ACTORS, CHARACTERISTICS, TOPICS

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_URL_RE = re.compile(r"^https?://[^\s<>\"\[\]()]+[^\s<>\"\[\]().,;]$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Reference(_Strict):
    citation: Text
    url: str | None = None

    @model_validator(mode="after")
    def _url_well_formed(self) -> "Reference":
        if self.url is not None and not _URL_RE.match(self.url):
            raise ValueError(f"url is not a well-formed http(s) link: {self.url!r}")
        return self


class Question(_Strict):
    id: Text
    text: Text

    @model_validator(mode="after")
    def _ends_with_question_mark(self) -> "Question":
        if not self.text.endswith("?"):
            raise ValueError(f"question {self.id} must end with '?'")
        return self


def _check_labels(values: list[str], allowed: tuple[str, ...], what: str) -> None:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise ValueError(f"unknown {what} label(s): {', '.join(map(repr, unknown))}")
    dupes = sorted({v for v in values if values.count(v) > 1})
    if dupes:
        raise ValueError(f"duplicate {what} label(s): {', '.join(map(repr, dupes))}")


class Subcategory(_Strict):
    id: Text
    title: Text
    summary: Text
    why: Text
    questions: list[Question] = Field(min_length=3, max_length=6)
    actions: list[Text] = Field(min_length=3, max_length=8)
    evidence: list[Text] = Field(min_length=2, max_length=5)
    actors: list[Text] = Field(min_length=1)
    topics: list[Text] = Field(min_length=1)
    characteristics: list[Text] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> "Subcategory":
        if not framework.is_subcategory_id(self.id):
            raise ValueError(f"unknown subcategory id {self.id!r}")
        _check_labels(self.actors, AI_ACTORS, "AI actor")
        _check_labels(self.topics, TOPICS, "topic")
        _check_labels(self.characteristics, CHARACTERISTICS, "trustworthiness characteristic")
        prefix = framework.question_prefix(self.id)
        expected = [f"{prefix}{n}" for n in range(1, len(self.questions) + 1)]
        got = [q.id for q in self.questions]
        if got != expected:
            raise ValueError(f"question ids {got} should be {expected}")
        return self

    @property
    def category_id(self) -> str:
        return framework.category_of(self.id)

    @property
    def function_id(self) -> str:
        return framework.function_of(self.id)


class Category(_Strict):
    id: Text
    title: Text
    summary: Text


class Function(_Strict):
    id: Text
    code: Text
    title: Text
    summary: Text


class Playbook(_Strict):
    """A whole content pack: the bundled one, or (later) an imported official one."""

    id: Text
    version: Text
    title: Text
    functions: list[Function]
    categories: list[Category]
    subcategories: list[Subcategory]

    @model_validator(mode="after")
    def _complete_and_ordered(self) -> "Playbook":
        _check_order("function", [f.id for f in self.functions], list(framework.FUNCTION_IDS))
        _check_order("category", [c.id for c in self.categories], list(framework.category_ids()))
        _check_order(
            "subcategory", [s.id for s in self.subcategories], list(framework.subcategory_ids())
        )
        return self

    # -- lookups ---------------------------------------------------------------------------
    def subcategory(self, subcategory_id: str) -> Subcategory:
        return self.subcategories[framework.order_key(subcategory_id)]

    def category(self, category_id: str) -> Category:
        return self.categories[framework.category_ids().index(category_id)]

    def function(self, function_id: str) -> Function:
        return self.functions[framework.FUNCTION_IDS.index(function_id)]

    def question_ids(self, subcategory_id: str) -> list[str]:
        return [q.id for q in self.subcategory(subcategory_id).questions]


def _check_order(what: str, got: list[str], expected: list[str]) -> None:
    if got == expected:
        return
    seen: set[str] = set()
    dupes = sorted({g for g in got if g in seen or seen.add(g)})  # type: ignore[func-returns-value]
    if dupes:
        raise ValueError(f"duplicate {what} id(s): {', '.join(dupes)}")
    missing = [e for e in expected if e not in got]
    if missing:
        raise ValueError(f"missing {what} id(s): {', '.join(missing)}")
    extra = [g for g in got if g not in expected]
    if extra:
        raise ValueError(f"unknown {what} id(s): {', '.join(extra)}")
    first = next(i for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e)
    raise ValueError(
        f"{what} ids out of framework order: {got[first]!r} where {expected[first]!r} belongs"
    )
