"""Page filling: no page of a report ends less than a third full, except before a section that
must begin a new page (the cover's, the contents', the appendices' start).

The layout records, per page, the share of the frame the flow used (``PageLayout``); the
reports are the demo's, the Generative AI demo's, a half-answered and an empty assessment's.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pypdf import PdfReader

from rmf_app.domain.assessment import STORED, Assessment, TextLimit
from rmf_app.services.demo import demo_assessment
from rmf_app.services.export import PdfExportJob, PdfExportOptions, PdfExportResult
from rmf_app.storage.content import bundled_playbook
from tests.unit import report_cases as cases

pytestmark = pytest.mark.slow

WHEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def export(a: Assessment, out: Path, executive: bool) -> PdfExportResult:
    return PdfExportJob(
        a, bundled_playbook(), out, PdfExportOptions(executive=executive), now=WHEN,
        reproducible=True,
    ).run()  # fmt: skip


def demo() -> Assessment:
    return demo_assessment()[0]


def genai_demo() -> Assessment:
    return demo_assessment(genai=True)[0]


def half_answered() -> Assessment:
    return cases.half_answered(demo())


def empty() -> Assessment:
    return cases.empty()


@pytest.mark.parametrize("executive", [False, True], ids=["full", "executive"])
@pytest.mark.parametrize("make", [demo, genai_demo, half_answered, empty], ids=lambda f: f.__name__)
def test_no_page_is_less_than_a_third_full(
    tmp_path: Path, make: Callable[[], Assessment], executive: bool
) -> None:
    result = export(make(), tmp_path / "out.pdf", executive)
    layout = result.layout
    assert layout is not None and len(layout.fill) == result.pages
    # page 2 (contents or summary) always begins a new page, after the cover
    assert 2 in layout.fresh
    if not executive:
        assert 3 in layout.fresh  # the summary, after the contents
        assert len(layout.fresh) == 3  # and the appendices' start
    else:
        assert layout.fresh == {2}
    low = {n: round(layout.fill[n - 1], 2) for n in layout.underfull()}
    assert not low, f"pages less than a third full: {low}"


# -- hostile layouts ---------------------------------------------------------------------------

#: a 2,000-character URL with no space, broken only at its slashes
LONG_URL = "https://example.com/" + "/".join(["abcdefghij" * 3] * 63)
#: text fields whose value must name something (a risk band, a role): left as they are
NAMED = frozenset({"risk_tolerance"})
WORDS = ("risk", "model", "validation", "Ünïcödé", "oversight", "a", "x", "data-lineage", "—")


def filler(rng: random.Random, n: int) -> str:
    """``n`` characters of words, paragraph breaks and unbreakable runs of up to 2,000."""
    out: list[str] = []
    size = 0
    while size < n:
        roll = rng.random()
        if roll < 0.04:
            piece = rng.choice("WM#") * rng.randint(100, 2000)
        elif roll < 0.07:
            piece = "\n\n"
        else:
            piece = rng.choice(WORDS)
        out.append(piece)
        size += len(piece) + 1
    return " ".join(out)[:n].strip() or "x"


def at_maximum(model: BaseModel, rng: random.Random) -> dict[str, Any]:
    """A model as data, each of its text fields filled to its length limit."""
    out = model.model_dump(mode="json")
    for name, info in type(model).model_fields.items():
        limit = next((m.chars for m in info.metadata if isinstance(m, TextLimit)), None)
        if limit is None or name in NAMED or not isinstance(getattr(model, name), str | None):
            continue
        out[name] = LONG_URL[:limit] if name == "url" else filler(rng, limit)
    return out


def hostile(seed: int) -> Assessment:
    """The demo with 2,000-character unbreakable names and owners, a 2,000-character URL and,
    for items the seed picks, every text field at its limit."""
    rng = random.Random(seed)
    a = demo()
    d = a.model_dump(mode="json")
    d["profile"] = at_maximum(a.profile, rng)
    d["profile"]["name"] = "System" + "W" * 2000
    d["profile"]["owner"] = "W" * 2000
    for key in ("risks", "actions", "evidence"):
        items = getattr(a, key)
        i = rng.randrange(len(items))
        d[key][i] = at_maximum(items[i], rng) | {"id": items[i].id, "title": "T" * 2000}
        if key == "evidence":
            d[key][i]["url"] = LONG_URL
    for sid in rng.sample(sorted(a.responses), 3):
        d["responses"][sid] = at_maximum(a.responses[sid], rng) | {
            k: d["responses"][sid][k] for k in ("applicability", "inherited_from")
        }
        d["responses"][sid]["owner"] = "O" * 2000
    return Assessment.model_validate(d, context=STORED)


@pytest.mark.parametrize(("seed", "executive"), [(1, False), (2, True)], ids=["full", "executive"])
def test_hostile_text_never_puts_a_header_inside_a_row(
    tmp_path: Path, seed: int, executive: bool
) -> None:
    out = tmp_path / "out.pdf"
    result = export(hostile(seed), out, executive)
    layout = result.layout
    assert layout is not None
    pages = [p.extract_text() or "" for p in PdfReader(out).pages]
    # the cover is one page: page 2 is the contents or the executive summary
    assert ("1. Executive summary" if executive else "Contents") in pages[1]
    assert layout.header_mid_row == ()
    if not executive:
        # rows taller than a page were split, each continuing under a band, not a header
        assert sum("(continued)" in p for p in pages) >= 2
