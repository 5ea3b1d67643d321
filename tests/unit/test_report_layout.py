"""Hostile layout: fields no printed page was designed for must still export, readably.

2,000-character unbreakable owners, titles, system names and URLs, and every short field at
its length limit: the full and executive reports export, the cover stays one page, long
URLs wrap at their slashes. The PDFs are read back with pypdf.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from pypdf import PdfReader

from rmf_app.domain.assessment import STORED, URL_TEXT, Assessment, TextLimit
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.content import bundled_playbook

pytestmark = pytest.mark.slow

WHEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
UNBREAKABLE = "W" * 2000
#: 2,000 characters, slashes only: a path no line can hold whole
LONG_URL = "https://example.com/" + "/".join(["abcdefghij" * 3] * 63)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    path = write_demo(tmp_path_factory.mktemp("layout") / "demo.airmf")
    with AssessmentSession.open(path, read_only=True) as s:
        return s.assessment


def export(a: Assessment, out: Path, executive: bool) -> PdfReader:
    PdfExportJob(
        a, bundled_playbook(), out, PdfExportOptions(executive=executive), now=WHEN,
        reproducible=True,
    ).run()  # fmt: skip
    return PdfReader(out)


def texts(reader: PdfReader) -> list[str]:
    return [p.extract_text() or "" for p in reader.pages]


def unbreakable(a: Assessment) -> Assessment:
    """The demo with 2,000-character space-less text in the fields most likely to break."""
    d = a.model_dump(mode="json")
    d["profile"]["name"] = "System" + UNBREAKABLE
    d["profile"]["owner"] = UNBREAKABLE
    for key in ("risks", "actions", "evidence"):
        d[key][0]["title"] = UNBREAKABLE
        if "owner" in d[key][0]:
            d[key][0]["owner"] = UNBREAKABLE
    d["evidence"][0]["url"] = LONG_URL
    for r in list(d["responses"].values())[:3]:
        r["owner"] = UNBREAKABLE
    return Assessment.model_validate(d, context=STORED)


def _fill(model: BaseModel, n: dict[str, str]) -> dict[str, Any]:
    """A model's fields as data, each text field with a length limit up to URL_TEXT at its
    limit (long texts stay as they are: the hostile test covers 20,000-character notes). Equal
    values get equal fillers (``n``), so names that refer to each other still match."""
    out = model.model_dump(mode="json")
    for name, info in type(model).model_fields.items():
        value = getattr(model, name)
        limit = next((m.chars for m in info.metadata if isinstance(m, TextLimit)), None)
        if isinstance(value, BaseModel):
            out[name] = _fill(value, n)
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            out[name] = [_fill(v, n) for v in value]
        elif (
            isinstance(value, dict) and value and isinstance(next(iter(value.values())), BaseModel)
        ):
            out[name] = {k: _fill(v, n) for k, v in value.items()}
        elif limit is not None and limit <= URL_TEXT and isinstance(value, str):
            if name == "url":
                out[name] = LONG_URL[:limit]
            elif value or name in ("owner", "title", "name"):
                key = f"{limit}:{value}"
                if key not in n:
                    word = f"field{len(n)} " + "maximum " * (limit // 8)
                    n[key] = word[: limit - 1].rstrip() + "x"
                out[name] = n[key]
    return out


def at_limits(a: Assessment) -> Assessment:
    return Assessment.model_validate(_fill(a, {}), context=STORED)


@pytest.mark.parametrize("executive", [False, True], ids=["full", "executive"])
@pytest.mark.parametrize("make", [unbreakable, at_limits], ids=["unbreakable", "at-limits"])
def test_hostile_fields_export_with_a_one_page_cover(
    demo: Assessment, tmp_path: Path, make: Any, executive: bool
) -> None:
    a = make(demo)
    pdf = texts(export(a, tmp_path / "out.pdf", executive))
    # the cover is page 1 only: page 2 is the contents or the executive summary
    assert "Contents" in pdf[1] or "1. Executive summary" in pdf[1]
    assert "NIST AI RMF 1.0 · AI risk profile" in pdf[0]
    assert "shortened here" in pdf[0]
    assert "…" in pdf[0]
    if not executive:
        text = "".join("".join(pdf).split())
        if make is unbreakable:
            assert text.count(UNBREAKABLE) >= 2  # printed whole outside the cover
            # whole, though the row it is in, taller than a page, continues on the next
            assert LONG_URL in url_lines(pdf)
            # an action's owner is clipped where the gap analysis lists the action
            assert re.search(r"(?<!W)W{149}…", text)


def url_lines(pages: list[str]) -> str:
    """The printed lines that hold nothing but a piece of a URL, joined: a URL broken across
    lines and pages, whatever other cells of its row are printed between its pieces."""
    lines = (ln.strip().removeprefix("Link: ") for p in pages for ln in p.splitlines())
    return "".join(ln for ln in lines if re.fullmatch(r"[a-z0-9:/.]+", ln))


def smallest_type(reader: PdfReader) -> dict[int, float]:
    """Per page, the smallest printed text size in points (font size × text and graphics
    scaling)."""
    out: dict[int, float] = {}
    for n, page in enumerate(reader.pages, 1):

        def visit(text: str, cm: Any, tm: Any, font: Any, size: Any, n: int = n) -> None:
            if not text.strip():
                return
            scale_tm = (tm[0] ** 2 + tm[1] ** 2) ** 0.5
            scale_cm = (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            printed = float(size) * scale_tm * scale_cm
            out[n] = min(out.get(n, 99.0), printed)

        page.extract_text(visitor_text=visit)
    return out


@pytest.mark.parametrize("executive", [False, True], ids=["full", "executive"])
def test_no_type_below_6_5_points(demo: Assessment, tmp_path: Path, executive: bool) -> None:
    sizes = smallest_type(export(demo, tmp_path / "out.pdf", executive))
    small = {page: round(s, 2) for page, s in sizes.items() if s < 6.5 - 0.01}
    assert not small, small


# -- scripts ----------------------------------------------------------------------------------

ARABIC = "اختبار المخاطر"
HEBREW = "בדיקת סיכונים"
NO_FONT = "🚀"  # no bundled or system font the report uses has emoji


def test_right_to_left_text_is_shaped_and_in_display_order() -> None:
    from reportlab.platypus import Paragraph

    from rmf_app.report.fonts import markup

    arabic = markup(ARABIC)
    # joined letter forms (presentation forms), not the isolated letters as typed
    assert all(0xFE70 <= ord(c) <= 0xFEFC or c == " " for c in arabic), arabic
    # display order: the first word typed is drawn last (at the right)
    assert markup(HEBREW) == " ".join(w[::-1] for w in reversed(HEBREW.split()))
    assert markup("abc " + HEBREW).startswith("abc ")  # left-to-right text stays as typed
    Paragraph(arabic)  # valid markup
    assert markup("plain") == "plain"


def test_fields_no_font_prints_are_reported_by_cli_and_job(
    tmp_path: Path, demo: Assessment
) -> None:
    from contextlib import redirect_stderr, redirect_stdout
    from io import StringIO

    from rmf_app.cli import main

    path = write_demo(tmp_path / "d.airmf")
    with AssessmentSession.open(path) as s:
        s.update_profile(owner="Owner " + NO_FONT + " " + ARABIC)
        risk = s.assessment.risks[0].id
    out, err = StringIO(), StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["export", str(path), "-o", str(tmp_path / "r.pdf")])
    assert code == 0, err.getvalue()
    lines = [ln for ln in err.getvalue().splitlines() if ln.startswith("Warning")]
    assert len(lines) == 1, err.getvalue()
    assert "profile.owner" in lines[0] and NO_FONT in lines[0]
    # the job's result names the fields (the export dialog shows them)
    d = demo.model_dump(mode="json")
    d["risks"][0]["title"] = "Title " + NO_FONT
    a = Assessment.model_validate(d)
    result = PdfExportJob(
        a, bundled_playbook(), tmp_path / "j.pdf", PdfExportOptions(executive=True), now=WHEN,
        reproducible=True,
    ).run()  # fmt: skip
    assert result.uncovered == (f"risks[{risk}].title: {NO_FONT}",)
    # an assessment every font covers reports nothing
    clean_run = PdfExportJob(
        demo, bundled_playbook(), tmp_path / "k.pdf", PdfExportOptions(executive=True), now=WHEN,
        reproducible=True,
    ).run()  # fmt: skip
    assert clean_run.uncovered == ()


def test_evidence_urls_are_clickable(demo: Assessment, tmp_path: Path) -> None:
    d = demo.model_dump(mode="json")
    url = 'https://example.com/a?b=1&c="2"<x>'
    d["evidence"][0]["url"] = url
    d["evidence"][1]["url"] = LONG_URL
    pdf = export(Assessment.model_validate(d, context=STORED), tmp_path / "out.pdf", False)
    uris = {
        str(annot.get_object()["/A"]["/URI"])
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]
    }
    assert {url, LONG_URL} <= uris
