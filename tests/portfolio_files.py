"""A small generated portfolio: copies of the demo, each edited by script into a different
system (name, organization, answers, risks, review state), plus a broken file."""

from __future__ import annotations

import shutil
from pathlib import Path

from rmf_app.domain import framework
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession

NAMES = (
    "LoanLens",
    "Chatbot",
    "Fraud Radar",
    "Resume Screener",
    "Claims Triage",
    "Churn Predictor",
    "Doc Summarizer",
    "Price Optimizer",
    "Triage Nurse Aid",
)


def vary(path: Path, i: int) -> None:
    """Scripted edits that make copy ``i`` of the demo its own system."""
    subs = framework.subcategory_ids()
    with AssessmentSession.open(path, user=f"editor-{i % 3}") as s:
        s.update_profile(name=NAMES[i % len(NAMES)], organisation=("Retail", "Risk", "Ops")[i % 3])
        for k in range(3 + i % 5):
            s.set_response(subs[(i * 7 + k * 13) % len(subs)], current=(i + k) % 5)
        risks = [r.id for r in s.assessment.risks]
        for k, rid in enumerate(risks[: 2 + i % 4]):
            s.update_item(
                "risk",
                rid,
                residual_likelihood=1 + (i + k) % 5,
                residual_impact=1 + (i * 2 + k) % 5,
            )
        decision = s.assessment.review.decision
        if i % 4 == 3:
            s.set_review(decision=None)
        elif i % 4 in (0, 1) and decision is not None:
            outcome = "proceed" if i % 4 == 0 else "do_not_proceed"
            s.set_review(
                decision=decision.model_dump() | {"outcome": outcome, "condition_actions": []}
            )
        if i % 3 == 1:
            s.set_review(state="draft")
        if i % 4 == 2:
            s.sign("approver", "Pat Approver")
            s.finalise()


def make_portfolio(root: Path, n: int = 9) -> Path:
    """``n`` varied assessments under ``root`` (some in a subfolder) and one broken file."""
    template = root / "template.tmp"
    write_demo(template)
    (root / "team-b").mkdir(parents=True, exist_ok=True)
    for i in range(n):
        path = root / ("team-b" if i % 2 else "") / f"system-{i:02d}.airmf"
        shutil.copyfile(template, path)
        vary(path, i)
    template.unlink()
    (root / "team-b" / "notes.airmf").write_text("not an assessment\n")
    return root
