"""The GenAI demo: a complete, consistent assessment with the overlay answered in every state."""

from __future__ import annotations

from rmf_app.domain.overlay_answers import problems_against
from rmf_app.domain.overlay_scoring import overlay_scores
from rmf_app.domain.scoring import score
from rmf_app.services.content import overlay, playbook
from rmf_app.services.demo import demo_assessment
from tests.unit.test_cli import rmf

GAI = overlay("genai")


def test_genai_demo_answers_everything_and_uses_every_status():
    a, _files = demo_assessment(genai=True)
    sc = score(a, playbook())
    assert sc.overall.completion.numerator == sc.overall.completion.denominator == 72
    assert sc.not_assessed == [] and sc.out_of_scope == []
    assert a.profile.ai_type == "generative"
    assert any(c.kind == "foundation_model" for c in a.profile.components)
    use = a.overlay("genai")
    assert use is not None and use.version == GAI.version
    assert problems_against(use, GAI) == []
    statuses = {ans.status for ans in use.answers.values()}
    assert statuses == {"done", "partly", "planned", "not_done", "na"}
    assert len(use.answers) < len(GAI.actions)  # some are still unanswered
    gs = overlay_scores(a, GAI)
    assert gs.overall.unanswered > 0
    assert any(r.rated_high for r in gs.risks)
    # every GAI risk linked to the register points at a risk that exists and is scored
    assert set(use.register_risks) <= {r.id for r in GAI.risks}
    for ids in use.register_risks.values():
        for rid in ids:
            assert sc.risk(rid).inherent_score >= 1
    # risks at or above the tolerance are accepted; the decision is recorded
    assert all(r.accepted for r in sc.risks if r.at_or_above_tolerance)
    assert a.review.decision is not None
    assert all(r.treatment for r in a.risks)


def test_core_demo_is_unchanged_by_the_flag():
    core, _ = demo_assessment()
    assert core.overlays == [] and core.profile.name.startswith("LoanLens")


def test_cli_demo_genai_then_info_shows_coverage(tmp_path):
    out = tmp_path / "g.airmf"
    res = rmf("demo", "--genai", "-o", out)
    assert res.returncode == 0, res.stderr
    info = rmf("info", out)
    assert "Generative AI Profile" in info.stdout and "action coverage" in info.stdout
    assert rmf("validate", out).returncode == 0
