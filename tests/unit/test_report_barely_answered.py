"""The PDF of a fresh, barely answered assessment says what is missing (issue #13): risks
without a residual rating are never presented as treated, the GenAI section summarizes the
unanswered actions, and no opinion is formed from a handful of rated items."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from rmf_app.domain.assessment import Assessment
from rmf_app.domain.scoring import Fraction, GroupScore, Scores, score
from rmf_app.report.summary import function_sentences
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.storage.content import bundled_playbook

from .barely_answered import barely_answered

pytestmark = pytest.mark.slow

DAY = dt.date(2026, 12, 3)


def _scores() -> Scores:
    return score(barely_answered(), bundled_playbook(), today=DAY)


def _pdf(executive: bool, tmp: Path, assessment: Assessment | None = None) -> list[str]:
    out = tmp / ("executive.pdf" if executive else "full.pdf")
    at = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)
    options = PdfExportOptions(executive=executive)
    a = assessment or barely_answered()
    PdfExportJob(a, bundled_playbook(), out, options, now=at).run()
    return [" ".join((p.extract_text() or "").split()) for p in PdfReader(out).pages]


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _pdf(False, tmp_path_factory.mktemp("full"))


@pytest.fixture(scope="module")
def executive(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return _pdf(True, tmp_path_factory.mktemp("executive"))


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


def test_the_findings_name_tied_functions_and_unassessed_ones(executive: list[str]) -> None:
    text = " ".join(executive)
    assert "Of the 72 applicable subcategories, 1 reaches its target maturity (1%)." in text
    assert "GOVERN is the only function with rated items (5% at target)." in text
    assert "Nothing in MAP, MEASURE and MANAGE is assessed yet." in text
    assert "the weakest" not in text


def test_the_genai_lines_agree_in_number(full: list[str], executive: list[str]) -> None:
    line = next(p for p in executive if "Generative AI profile: " in p)
    assert "; 1 GAI risk rated high in the register, with " in line
    assert " of its actions not done." in line
    text = " ".join(full)
    assert "(NIST AI 600-1; answers given against version 1.0.0 of the profile)" in text
    assert "version 1.0.0 answered" not in text


def _group(fn: str, at: int, applicable: int, rated: int) -> GroupScore:
    return GroupScore(
        id=fn,
        total=applicable,
        in_scope=applicable,
        answered=rated,
        not_applicable=0,
        inherited=0,
        not_assessed=applicable - rated,
        completion=Fraction(numerator=rated, denominator=applicable),
        at_target=Fraction(numerator=at, denominator=applicable),
        distribution={},
        mean_current=None,
        mean_target=None,
        rated=rated,
        below_target=rated - at,
    )


@st.composite
def _functions(draw: st.DrawFn) -> list[GroupScore]:
    out = []
    for fn in ("GOVERN", "MAP", "MEASURE", "MANAGE"):
        applicable = draw(st.integers(1, 6))
        rated = draw(st.integers(0, applicable))
        out.append(_group(fn, draw(st.integers(0, rated)), applicable, rated))
    return out


@settings(max_examples=80, deadline=None)
@given(_functions())
def test_tied_functions_are_all_named_and_unassessed_ones_never_weakest(
    fns: list[GroupScore],
) -> None:
    text = " ".join(function_sentences(fns))
    rated = [g for g in fns if g.rated]
    unrated = [g.id for g in fns if not g.rated]
    named = re.search(r"\) and (.+?) the weakest \(", text)
    if named:
        weakest = re.split(r", | and ", named.group(1))
        low = min(rated, key=lambda g: g.at_target.rate or 0.0).at_target.percent()
        # every function at the lowest rate is named among the weakest, and no unrated one
        assert weakest == [g.id for g in rated if g.at_target.percent() == low], text
    elif len(rated) >= 2:
        assert "reach the same at-target rate" in text, text
    for fn in unrated:
        assert fn in text.split("Nothing in ")[-1] if rated else fn not in text


def test_the_genai_section_lists_what_was_done_and_counts_what_is_missing(
    full: list[str],
) -> None:
    pages = [p for p in full if "Generative AI profile" in p or "Actions not answered yet" in p]
    start = next(i for i, p in enumerate(full) if "7. Generative AI profile The assessment" in p)
    end = next(i for i, p in enumerate(full) if "Actions not answered yet" in p)
    section = " ".join(full[start : end + 1])
    # a few pages, not one row per unanswered action
    assert end - start <= 3, pages
    assert section.count("Not answered") < 40
    # the answered actions are listed with their status and note
    done = section.split("Answered actions by subcategory")[1]
    assert "GV-1.1-001 Check the generative system against" in done
    assert "GV-1.3-002 Set pass marks a release must meet before" in done
    assert "GV-1.2-001" not in done  # unanswered: counted, not listed
    # the unanswered ones are counted per subcategory
    missing = section.split("Actions not answered yet")[1]
    assert "210 of the 212 suggested actions under the in-scope subcategories have no" in missing
    assert "GOVERN 1.2 2 of 2" in missing and "GOVERN 1.3 6 of 7" in missing
    # the actions not done for the GAI risk rated high stay listed one by one
    high = section.split("Actions not done for GAI risks rated high")[1].split("Answered actions")[0]
    assert "MS-2.5-001" in high and high.count("Not answered") >= 10


def test_counts_of_one_read_in_the_singular(executive: list[str]) -> None:
    text = " ".join(executive)
    assert "The one subcategory below target. 1 of the 1 gap has no action in the plan" in text
    assert "0 overdue actions sit on gaps." in text
    assert "1 of 1 gap without an action" in text
    assert "1 gaps" not in text and "1 subcategories" not in text
    assert "Too little is assessed for an opinion; the other criteria are shown" in text


def test_review_points_say_which_risks_are_judged_on_the_inherent_score() -> None:
    from rmf_app.services.review import review_points

    points = review_points(barely_answered(), _scores())
    texts = {p.key: p.text for p in points if p.kind == "risk_unaccepted"}
    assert texts["R-002"] == (
        "risk R-002 is at or above the risk tolerance (high, on its inherent score: no residual "
        "rating) and has no acceptance"
    )
    assert texts["R-001"] == (
        "risk R-001 is at or above the risk tolerance (high) and has no acceptance"
    )


def test_gai_risks_rated_high_on_an_inherent_score_say_so(tmp_path: Path) -> None:
    links = {"confabulation": ["R-001"], "data-privacy": ["R-002"]}
    text = " ".join(_pdf(False, tmp_path, barely_answered(links)))
    summary = " ".join(_pdf(True, tmp_path, barely_answered(links)))
    assert "2 GAI risks rated high in the register, with " in summary
    assert "1 of them is high on inherent scores only: no residual rating yet." in summary
    assert "2. Confabulation (rated high) " in text
    assert "4. Data Privacy (rated high on the inherent score: no residual rating yet)" in text
    high = text.split("Actions not done for GAI risks rated high")[1].split("Answered actions")[0]
    assert "R-002 (inherent, no residual rating)" in high


def test_nothing_rated_is_not_presented_as_nothing_to_remedy(tmp_path: Path) -> None:
    """With nothing assessed there is no rated gap, but that is not "no gap to remedy"."""
    from .report_cases import empty

    text = " ".join(_pdf(True, tmp_path, empty()))
    assert "no gap to remedy" not in text
    assert "no rated gap yet; 72 in-scope subcategories not assessed" in text
