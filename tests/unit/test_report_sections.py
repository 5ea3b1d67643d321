"""The report as a list of sections: a new one is a function listed in the builder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.platypus.flowables import Flowable

from rmf_app.report import builder
from rmf_app.report.builder import Part
from rmf_app.report.context import ReportContext
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession

pytestmark = pytest.mark.slow


def _outline(reader: PdfReader) -> list[str]:
    return [it.title for it in reader.outline if not isinstance(it, list)]


def _text(reader: PdfReader) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


def test_a_listed_section_is_numbered_and_the_rest_follow(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing one more numbered section after the summary gives it number 2; the sections
    after it, and the summary's "see section N" pointer to the gap analysis, move up by one."""

    def extra(ctx: ReportContext) -> list[Flowable]:
        return [ctx.h1("Changes since the last revision", "changes"), ctx.p("Nothing changed.")]

    monkeypatch.setattr(builder, "FULL_REPORT", (Part(extra, "changes"), *builder.FULL_REPORT))
    path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(path, read_only=True) as s:
        assessment, playbook = s.assessment, s.playbook
    out = tmp_path / "full.pdf"
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    PdfExportJob(assessment, playbook, out, PdfExportOptions(), now=when, reproducible=True).run()
    reader = PdfReader(out)
    numbered = [t for t in _outline(reader) if t[:1].isdigit()]
    assert numbered == [
        "1. Executive summary",
        "2. Changes since the last revision",
        "3. The system",
        "4. Results in charts",
        "5. Gap analysis",
        "6. Risk register",
        "7. Action plan",
        "8. Detailed responses",
    ]
    text = _text(reader)
    assert "Nothing changed." in text
    assert "more below target: see section 5." in text
    assert "see section 4." not in text
