"""The crosswalk appendices and summary lines of the PDF: the same figures as the CLI."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from pypdf import PdfReader

from rmf_app.domain.scoring import score
from rmf_app.report import builder, crosswalks, gaps, risks
from rmf_app.report.appendices import appendix_signoff
from rmf_app.report.builder import Part, build_report
from rmf_app.report.context import ReportOptions
from rmf_app.services import content
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession
from tests.unit.test_cli import rmf

WHEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)


def _text(path) -> str:
    reader = PdfReader(path)
    return " ".join(" ".join((p.extract_text() or "").split()) for p in reader.pages)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    return write_demo(tmp_path_factory.mktemp("xwr") / "demo.airmf")


def _pdf(demo, tmp_path, monkeypatch, *, executive=False):
    # the summary, the gaps it points to and the crosswalk appendices; the rest is tested
    # elsewhere
    parts = (Part(gaps.gaps, "gaps"), Part(risks.risks, "risks"), Part(crosswalks.appendices))
    monkeypatch.setattr(builder, "FULL_REPORT", parts)
    with AssessmentSession.open(demo, read_only=True) as s:
        a, pb = s.assessment, s.playbook
    out = tmp_path / ("exec.pdf" if executive else "full.pdf")
    PdfExportJob(
        a, pb, out, PdfExportOptions(executive=executive), now=WHEN, reproducible=True
    ).run()
    return _text(out)


@pytest.mark.slow
def test_pdf_readiness_equals_the_cli_json(demo, tmp_path, monkeypatch):
    text = _pdf(demo, tmp_path, monkeypatch)
    assert "Appendix F. ISO/IEC 42001:2023 readiness" in text
    assert "Appendix G. EU AI Act (rmf-app's own mapping) readiness" in text
    assert "not legal advice" in text
    for cid in ("iso42001", "euaia"):
        res = rmf("crosswalk", demo, "--to", cid, "--json", cwd=tmp_path)
        data = json.loads(res.stdout)
        o = data["overall"]
        pct = round(100 * o["numerator"] / o["denominator"] + 1e-9)
        assert f"{pct}% of the {o['denominator']} mapped subcategories at target" in text
        for ref in data["refs"]:
            c = ref["coverage"]
            rpct = round(100 * c["numerator"] / c["denominator"] + 1e-9)
            row = f"{ref['ref_id']} {ref['label']} {rpct}% {c['numerator']} of {c['denominator']}"
            assert row in text, row
        for g in data["gaps"][: crosswalks.EXEC_GAPS]:
            assert g["subcategory_id"] in text
    assert "Art. 53 (only for: General-purpose AI model" in text  # ruled out for the demo


@pytest.mark.slow
def test_executive_summary_has_one_line_per_crosswalk(demo, tmp_path, monkeypatch):
    text = _pdf(demo, tmp_path, monkeypatch, executive=True)
    assert "ISO/IEC 42001:2023 readiness" in text
    assert "EU AI Act (rmf-app's own mapping) readiness" in text
    assert "(Appendix F)" not in text and "Appendix G." not in text


def test_summary_line_matches_the_readiness(demo):
    with AssessmentSession.open(demo, read_only=True) as s:
        a = s.assessment
    from rmf_app.services.crosswalks import readiness_of

    sc = score(a, content.playbook(), today=WHEN.date())
    r = readiness_of(a, sc, "euaia")
    label, value = crosswalks.summary_figures_for(content.crosswalk("euaia"), r)
    assert label == "EU AI Act (rmf-app's own mapping) readiness"
    assert value.startswith(f"{r.overall.percent()} of the {r.overall.denominator} mapped")
    assert value.endswith("(Appendix G)")


def test_a_section_with_nothing_to_show_adds_no_page(minimal, monkeypatch):
    """Without crosswalks switched on the appendix is empty, and no blank page is left."""
    sc = score(minimal, content.playbook())

    def pages(parts):
        monkeypatch.setattr(builder, "FULL_REPORT", parts)
        buf = io.BytesIO()
        return build_report(buf, minimal, sc, content.playbook(), ReportOptions()).pages

    base = pages((Part(appendix_signoff),))
    assert pages((Part(crosswalks.appendices), Part(appendix_signoff))) == base
