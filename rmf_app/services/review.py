"""What a reviewer must look at before sign-off: one list, shared by the GUI's review page,
``rmf-app validate`` and the report.

Each point names the place it concerns (a subcategory, risk, action or evidence item, or the
review itself) so that a view can jump to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..domain.assessment import Assessment
from ..domain.scoring import Scores

Where = Literal["subcategory", "risk", "action", "evidence", "review"]


@dataclass(frozen=True)
class ReviewPoint:
    kind: str
    where: Where
    key: str
    text: str


def review_points(a: Assessment, scores: Scores) -> list[ReviewPoint]:
    """Open points in a fixed order: answers, risks, actions, evidence, decision."""
    pts: list[ReviewPoint] = []
    inherited_blank = set(scores.inherited_without_level)
    for sid in scores.not_assessed:
        if sid not in inherited_blank:
            pts.append(ReviewPoint("unanswered", "subcategory", sid, f"{sid} is not assessed yet"))
    for sid in scores.inherited_without_level:
        pts.append(
            ReviewPoint(
                "inherited_without_level",
                "subcategory",
                sid,
                f"{sid} is inherited but has no current level",
            )
        )
    for risk in a.risks:
        if risk.treatment is None:
            pts.append(
                ReviewPoint("risk_untreated", "risk", risk.id, f"risk {risk.id} has no treatment")
            )
        if not risk.owner:
            pts.append(
                ReviewPoint("risk_no_owner", "risk", risk.id, f"risk {risk.id} has no owner")
            )
    for rs in scores.risks:
        if rs.at_or_above_tolerance and not rs.accepted:
            pts.append(
                ReviewPoint(
                    "risk_unaccepted",
                    "risk",
                    rs.risk_id,
                    f"risk {rs.risk_id} is at or above the risk tolerance ({rs.effective_band}"
                    + (", on its inherent score: no residual rating" if rs.judged_on_inherent else "")
                    + ") and has no acceptance",
                )
            )
    decision = scores.decision
    for issue in decision.acceptance_issues if decision else []:
        if issue.kind == "missing" and issue.above_tolerance:
            continue  # "risk_unaccepted" above says it
        pts.append(ReviewPoint(f"acceptance_{issue.kind}", "risk", issue.risk_id, issue.text))
    for cond in decision.conditions if decision else []:
        if cond.state in ("overdue", "missing"):
            text = (
                f"deployment condition {cond.action_id} is overdue"
                if cond.state == "overdue"
                else f"deployment condition {cond.action_id} is no longer in the action plan"
            )
            where: Where = "action" if cond.state == "overdue" else "review"
            key = cond.action_id if cond.state == "overdue" else "decision"
            pts.append(ReviewPoint(f"condition_{cond.state}", where, key, text))
    for act in a.actions:
        if act.status in ("done", "cancelled"):
            continue
        if not act.owner:
            pts.append(
                ReviewPoint("action_no_owner", "action", act.id, f"action {act.id} has no owner")
            )
        if act.due_date is None:
            pts.append(
                ReviewPoint("action_no_date", "action", act.id, f"action {act.id} has no due date")
            )
    for aid in scores.overdue_actions:
        pts.append(ReviewPoint("action_overdue", "action", aid, f"action {aid} is overdue"))
    for ev in a.evidence:
        if not ev.subcategories:
            pts.append(
                ReviewPoint(
                    "evidence_unlinked",
                    "evidence",
                    ev.id,
                    f"evidence {ev.id} is not linked to any subcategory",
                )
            )
    if a.review.decision is None:
        pts.append(
            ReviewPoint(
                "no_decision",
                "review",
                "decision",
                "no deployment decision is recorded (MANAGE 1.1)",
            )
        )
    return pts
