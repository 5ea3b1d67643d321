"""The PDF of a fresh, barely answered assessment says what is missing (issue #13): risks
without a residual rating are never presented as treated, the GenAI section summarizes the
unanswered actions, and no opinion is formed from a handful of rated items."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from rmf_app.domain.scoring import Scores, score
from rmf_app.report import ReportOptions, build_report
from rmf_app.storage.content import bundled_playbook

from .barely_answered import barely_answered

pytestmark = pytest.mark.slow

DAY = dt.date(2026, 12, 3)


def _scores() -> Scores:
    return score(barely_answered(), bundled_playbook(), today=DAY)


def _pdf(executive: bool) -> list[str]:
    a, pb = barely_answered(), bundled_playbook()
    buf = io.BytesIO()
    at = dt.datetime(2026, 12, 3, tzinfo=dt.UTC)
    build_report(buf, a, _scores(), pb, ReportOptions(generated_at=at, executive=executive))
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(buf).pages]


@pytest.fixture(scope="module")
def full() -> list[str]:
    return _pdf(False)


@pytest.fixture(scope="module")
def executive() -> list[str]:
    return _pdf(True)


def test_the_fixture_is_barely_answered() -> None:
    s = _scores()
    assert s.overall.rated == 2
    above = [r for r in s.risks if r.at_or_above_tolerance]
    assert [r.risk_id for r in above] == ["R-001", "R-002", "R-003"]
    assert [r.judged_on_inherent for r in above] == [False, True, True]


@pytest.mark.parametrize("report", ["full", "executive"])
def test_unrated_risks_are_not_presented_as_treated(
    report: str, request: pytest.FixtureRequest
) -> None:
    text = " ".join(request.getfixturevalue(report))
    # the acceptance table: inherent figures labeled as such, the rated one as it is
    assert "R-002 Personal data exposed in prompts, logs or answers not rated — inherent 12" in text
    assert "R-001 Confident answers that the help articles do not support 12 high" in text
    # the findings count the risks judged on their inherent score apart
    assert "Of these, 1 is at or above the tolerance band (high) after treatment; 2 more" in text
    assert "have no residual rating yet, judged on their inherent score. Of these 3, none" in text
    assert "3 at or above the tolerance (high) after treatment" not in text
    # the key figures
    assert "3 at or above the tolerance (high; 2 of them with no residual rating" in text


def test_the_risk_details_flag_the_inherent_judgment(full: list[str]) -> None:
    text = " ".join(full)
    head = "R-002 Personal data exposed in prompts, logs or answers [At or above the tolerance on"
    assert head in text
    assert "R-001 Confident answers that the help articles do not support [At or above the " in text


@pytest.mark.parametrize("report", ["full", "executive"])
def test_no_opinion_is_printed_from_2_rated_items_of_72(
    report: str, request: pytest.FixtureRequest
) -> None:
    text = " ".join(request.getfixturevalue(report))
    assert "Not formed — too little assessed (2 of 72) — rmf-app's own opinion" in text
    assert "Not formed — too little assessed (2 of 72) — by rmf-app's declared rule" in text
    assert "no opinion: 2 of 72 in-scope items assessed, rated or not applicable (3%; an" in text
    assert "Unsatisfactory — " not in text


def test_the_method_appendix_states_the_minimum_share(full: list[str]) -> None:
    method = " ".join(full).split("Appendix B.")[-1]
    assert "Not formed if fewer than 80% of the in-scope items are assessed" in method
