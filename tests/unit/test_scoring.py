"""Scoring against numbers computed by hand for a small assessment (see SPEC §3)."""

from __future__ import annotations

import datetime as dt

import pytest

from rmf_app.domain.assessment import (
    Acceptance,
    Action,
    Assessment,
    Exclusion,
    Response,
    Risk,
    Scope,
)
from rmf_app.domain.scoring import round_half_up, score
from rmf_app.storage.content import bundled_playbook


@pytest.fixture
def playbook():
    """The bundled playbook with characteristic tags replaced by a known pattern."""
    pb = bundled_playbook()
    subs = [
        s.model_copy(
            update={
                "characteristics": ["Safe"]
                if s.id in ("GOVERN 1.1", "GOVERN 1.2")
                else ["Valid and Reliable"]
            }
        )
        for s in pb.subcategories
    ]
    return pb.model_copy(update={"subcategories": subs})


@pytest.fixture
def small(minimal):
    return minimal.model_copy(
        update={
            "scope": Scope(
                exclusions=[
                    Exclusion(item_id="MAP 5", reason="not ours"),
                    Exclusion(item_id="GOVERN 1.7", reason="not yet"),
                ]
            ),
            "responses": {
                "GOVERN 1.1": Response(current=2),
                "GOVERN 1.2": Response(current=3),
                "GOVERN 1.3": Response(applicability="not_applicable", na_justification="n/a"),
                "GOVERN 1.4": Response(applicability="inherited", inherited_from="org", current=4),
                "GOVERN 1.5": Response(applicability="inherited", inherited_from="org"),
                "GOVERN 1.7": Response(current=0),  # out of scope: ignored
                "MAP 5.1": Response(current=1),  # out of scope: ignored
                "MEASURE 2.10": Response(current=0, target=4),
            },
            "risks": [
                Risk(
                    id="R1",
                    title="a",
                    likelihood=4,
                    impact=4,
                    residual_likelihood=2,
                    residual_impact=3,
                ),
                Risk(id="R2", title="b", likelihood=3, impact=4),
                Risk(
                    id="R3",
                    title="c",
                    likelihood=5,
                    impact=5,
                    residual_likelihood=3,
                    residual_impact=4,
                    acceptance=Acceptance(
                        accepted_by="x", rationale="y", review_by=dt.date(2027, 1, 1)
                    ),
                ),
            ],
            "actions": [
                Action(id="A1", title="late", due_date=dt.date(2026, 1, 1), status="planned"),
                Action(id="A2", title="done", due_date=dt.date(2026, 1, 1), status="done"),
                Action(id="A3", title="future", due_date=dt.date(2027, 1, 1)),
            ],
        }
    )


def test_overall_numbers(small, playbook):
    s = score(Assessment.model_validate(small.model_dump()), playbook, today=dt.date(2026, 6, 1))
    o = s.overall
    assert (o.total, o.in_scope) == (72, 69)
    # GOVERN 1.5 is inherited without a level: not assessed, and not complete
    assert (o.answered, o.not_applicable, o.inherited, o.not_assessed) == (3, 1, 2, 64)
    assert (o.rated, o.below_target, o.inherited_without_level) == (4, 2, 1)
    assert (o.completion.numerator, o.completion.denominator) == (5, 69)
    assert o.at_target.numerator + o.below_target + o.not_assessed + o.not_applicable == 69
    # at target: GOVERN 1.2 (3 >= default 3) and GOVERN 1.4 (inherited 4 >= 3), over 69 - 1 N/A
    assert (o.at_target.numerator, o.at_target.denominator) == (2, 68)
    assert o.distribution == {0: 1, 1: 0, 2: 1, 3: 1, 4: 1}
    assert o.mean_current == 2.3  # 9 / 4 = 2.25, half up
    assert o.mean_target == 3.3  # 13 / 4 = 3.25, half up
    assert o.completion.percent() == "7%" and o.at_target.percent() == "3%"


def test_function_and_category_numbers(small, playbook):
    s = score(small, playbook)
    g = s.function("GOVERN")
    assert (g.total, g.in_scope, g.answered, g.not_applicable, g.inherited, g.not_assessed) == (
        19,
        18,
        2,
        1,
        2,
        14,
    )
    assert (g.completion.numerator, g.completion.denominator) == (4, 18)
    assert (g.at_target.numerator, g.at_target.denominator) == (2, 17)
    assert (g.mean_current, g.mean_target) == (3.0, 3.0)
    c = s.category("GOVERN 1")
    assert (c.completion.numerator, c.completion.denominator) == (4, 6)
    assert c.reconciles() and (c.at_target.numerator, c.below_target, c.not_assessed) == (2, 1, 2)
    assert (c.at_target.numerator, c.at_target.denominator) == (2, 5)
    m5 = s.category("MAP 5")
    assert m5.in_scope == 0 and m5.completion.percent() == "—" and m5.mean_current is None
    assert s.function("MAP").in_scope == 16 and s.function("MAP").completion.numerator == 0


def test_gaps_and_not_assessed(small, playbook):
    s = score(small, playbook)
    assert [(g.subcategory_id, g.gap) for g in s.gaps] == [
        ("MEASURE 2.10", 4),
        ("GOVERN 1.1", 1),
        ("GOVERN 1.2", 0),
        ("GOVERN 1.4", -1),
    ]
    assert [g.subcategory_id for g in s.largest_gaps] == ["MEASURE 2.10", "GOVERN 1.1"]
    assert len(s.not_assessed) == 64 and "GOVERN 1.5" in s.not_assessed
    assert s.inherited_without_level == ["GOVERN 1.5"]
    # 1.5 is inherited without a level: listed as not assessed, in framework order
    assert s.not_assessed[:2] == ["GOVERN 1.5", "GOVERN 1.6"]
    assert "GOVERN 1.7" not in s.not_assessed
    assert s.out_of_scope == ["GOVERN 1.7", "MAP 5.1", "MAP 5.2"]
    assert s.not_applicable == ["GOVERN 1.3"] and s.inherited == ["GOVERN 1.4", "GOVERN 1.5"]


def test_characteristic_coverage(small, playbook):
    s = score(small, playbook)
    cov = {c.characteristic: c.at_target for c in s.characteristics}
    assert (cov["Safe"].numerator, cov["Safe"].denominator) == (1, 2)
    assert (cov["Valid and Reliable"].numerator, cov["Valid and Reliable"].denominator) == (1, 66)
    assert cov["Privacy-Enhanced"].denominator == 0 and cov["Privacy-Enhanced"].percent() == "—"


def test_risks_bands_tolerance_and_heatmaps(small, playbook):
    s = score(small, playbook)
    r1, r2, r3 = s.risks
    assert (r1.inherent_score, r1.inherent_band, r1.residual_score, r1.residual_band) == (
        16,
        "very high",
        6,
        "medium",
    )
    assert not r1.at_or_above_tolerance  # residual medium < tolerance high
    assert (r2.effective_band, r2.at_or_above_tolerance, r2.accepted) == ("high", True, False)
    assert (r3.residual_band, r3.at_or_above_tolerance, r3.accepted) == ("high", True, True)
    assert (
        s.inherent_heatmap[3][3] == 1
        and s.inherent_heatmap[2][3] == 1
        and s.inherent_heatmap[4][4] == 1
    )
    assert sum(map(sum, s.inherent_heatmap)) == 3
    assert s.residual_heatmap[1][2] == 1 and s.residual_heatmap[2][3] == 1
    assert sum(map(sum, s.residual_heatmap)) == 2


def test_overdue_actions_against_given_day(small, playbook):
    assert score(small, playbook, today=dt.date(2026, 6, 1)).overdue_actions == ["A1"]
    assert score(small, playbook).overdue_actions == []


def test_unanswered_items_never_flatter(minimal, playbook):
    s = score(minimal, playbook)
    assert s.overall.at_target.numerator == 0 and s.overall.at_target.denominator == 72
    assert s.gaps == [] and len(s.not_assessed) == 72


@pytest.mark.parametrize(("value", "expected"), [(2.25, 2.3), (2.35, 2.4), (2.05, 2.1), (3.0, 3.0)])
def test_round_half_up(value, expected):
    assert round_half_up(value) == expected


@pytest.mark.parametrize("tolerance", ["low", "medium", "high", "very high"])
def test_heat_map_grid_follows_the_scoring_of_risks(minimal, playbook, tolerance):
    """Each heat-map cell shows the band and the needs-acceptance mark a risk rated there gets."""
    from rmf_app.domain.scoring import band_grid

    a = minimal.model_copy(
        update={"profile": minimal.profile.model_copy(update={"risk_tolerance": tolerance})}
    )
    risks = [
        Risk(id=f"R-{lk}{im}", title="probe", likelihood=lk, impact=im)
        for lk in range(1, 6)
        for im in range(1, 6)
    ]
    scored = {r.risk_id: r for r in score(a.model_copy(update={"risks": risks}), playbook).risks}
    grid = band_grid(a)
    for lk in range(1, 6):
        for im in range(1, 6):
            r = scored[f"R-{lk}{im}"]
            assert grid[lk - 1][im - 1] == (r.inherent_band, r.at_or_above_tolerance)
    assert grid[0][0] == ("low", tolerance == "low")
    assert grid[4][4] == ("very high", True)
