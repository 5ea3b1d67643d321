"""The GenAI overlay in the PDF (full and executive), CSV and the core sections' numbering."""

from __future__ import annotations

import csv
import re

import pytest
from pypdf import PdfReader

from rmf_app.domain.assessment import Risk
from rmf_app.services import interchange as svc
from rmf_app.services.content import overlay
from rmf_app.services.export import PdfExportOptions, export_pdf
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.errors import StorageError

GAI = overlay("genai")


def _text(path):
    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


@pytest.fixture
def genai_session(new_file):
    s = AssessmentSession.open(new_file, user="Ann")
    s.switch_overlay("genai", True)
    statuses = ["done", "partly", "planned", "not_done", None]
    for i, action in enumerate(GAI.actions[:40]):
        st = statuses[i % 5]
        if st:
            s.set_overlay_action("genai", action.id, status=st, note=f"note {i}")
    s.set_overlay_action("genai", GAI.actions[45].id, status="na", na_reason="No fine-tuning here")
    s.add_overlay_risks(
        "genai",
        [("confabulation", Risk(id="R-001", title="Wrong answers", likelihood=4, impact=4))],
    )
    yield s
    s.close()


@pytest.mark.slow
def test_pdf_shows_the_overlay_with_the_session_figures(genai_session, tmp_path):
    s = genai_session
    sc = s.overlay_scores()["genai"]
    full = tmp_path / "full.pdf"
    export_pdf(s.assessment, s.playbook, full)
    text = re.sub(r"\s+", " ", _text(full))
    assert "Generative AI profile" in text
    assert "Overlays" in text and "NIST AI 600-1" in text  # the cover
    o = sc.overall
    assert f"{o.coverage.percent()} ({o.done} of {o.coverage.denominator} applicable" in text
    for r in sc.risks:
        c = r.counts
        row = f"{c.total} {c.done} {c.partly} {c.planned} {c.not_done} {c.na} {c.unanswered} {c.coverage.percent()}"
        assert row in text, r.risk_id
    # the rated-high list names open actions of confabulation, the methodology explains
    assert "Actions not done for GAI risks rated high" in text
    open_conf = [
        a
        for a in GAI.actions_for_risk("confabulation")
        if s.assessment.overlay("genai").answer(a.id).status not in ("done", "na")
    ]
    assert open_conf[0].id in text
    assert "Generative AI profile: action coverage" in text
    assert "No fine-tuning here" in text
    exec_pdf = tmp_path / "exec.pdf"
    export_pdf(s.assessment, s.playbook, exec_pdf, PdfExportOptions(executive=True))
    etext = re.sub(r"\s+", " ", _text(exec_pdf))
    assert f"Generative AI profile: {o.coverage.percent()} of applicable actions done" in etext


@pytest.mark.slow
def test_report_without_the_overlay_has_no_such_section(new_file, tmp_path):
    with AssessmentSession.open(new_file) as s:
        out = tmp_path / "r.pdf"
        export_pdf(s.assessment, s.playbook, out, PdfExportOptions(executive=True))
        text = _text(out)
    assert "Generative AI" not in text


def test_csv_export_adds_the_genai_actions_table(genai_session, tmp_path, new_file):
    s = genai_session
    written = svc.export_csv(s, tmp_path / "F.csv")
    names = [p.name for p in written]
    assert names == ["F-responses.csv", "F-risks.csv", "F-actions.csv", "F-genai-actions.csv"]
    with open(tmp_path / "F-genai-actions.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert rows[0][:7] == [
        "action",
        "subcategory",
        "function",
        "in_scope",
        "gai_risks",
        "title",
        "status",
    ]
    assert len(rows) == 1 + len(GAI.actions)
    first = rows[1]
    assert first[0] == GAI.actions[0].id and first[6] == "done" and first[8] == "note 0"
    na = next(r for r in rows if r[0] == GAI.actions[45].id)
    assert (na[6], na[7]) == ("na", "No fine-tuning here")


def test_csv_without_the_overlay_writes_three_tables_and_refuses_the_fourth(new_file, tmp_path):
    with AssessmentSession.open(new_file) as s:
        written = svc.export_csv(s, tmp_path / "F.csv")
        assert len(written) == 3
        with pytest.raises(StorageError, match="not switched on"):
            svc.export_csv(s, tmp_path / "G.csv", table="genai-actions")
