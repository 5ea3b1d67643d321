"""An assessment whose every text field holds text that looks like markup or breaks layouts."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from rmf_app.domain import assessment as m
from rmf_app.domain import framework

LONG_URL = "https://example.com/" + "a1b2c3d4e5" * 18  # 200 characters, no spaces
LONG_NOTE = ("Ünïcödé lorem ipsum " * 1000)[:20_000]
GREEK = "Δοκιμή ελέγχου κινδύνου"
CYRILLIC = "Проверка риска"
CHINESE = "测试中文风险评估"
ARABIC = "اختبار المخاطر"
HEBREW = "בדיקת סיכונים"
EMOJI = "🚀🎉👍 done ✅"
LATIN = "Ünïcödé Çàfé naïve Øre"

#: strings the extracted text must contain exactly as typed
MARKUP = ["<b>unclosed", "&", "<script>alert(1)</script>", '<font name="x">', "</para>"]
SHORT = [*MARKUP, GREEK, CHINESE, LATIN, CYRILLIC, ARABIC, HEBREW, EMOJI, "a & b < c > d"]
EVERYTHING = [*SHORT, LONG_URL]


def _texts(limit: int) -> itertools.cycle[str]:
    return itertools.cycle([s for s in EVERYTHING if len(s) <= limit])


def hostile_assessment() -> m.Assessment:
    """Every text field set, cycling through the hostile strings that fit its length limit."""
    name = _texts(500)
    line = _texts(2000)
    text = itertools.cycle(EVERYTHING)

    def n() -> str:
        return next(name)

    def ln() -> str:
        return next(line)

    def t() -> str:
        return next(text)

    ids = list(framework.subcategory_ids())
    responses: dict[str, Any] = {}
    for i, sid in enumerate(ids):
        prefix = framework.question_prefix(sid)
        questions = {
            f"{prefix}{q}": m.QuestionAnswer(
                answer=("yes", "partly", "no", "na")[q % 4],
                comment=LONG_NOTE if (sid, q) == ("MAP 1.1", 2) else t(),
            )
            for q in range(1, 4)
        }
        kind = i % 9
        responses[sid] = m.Response(
            current=None if kind == 8 else i % 5,
            target=(i + 2) % 5 if kind != 7 else None,
            applicability="not_applicable"
            if kind == 5
            else ("inherited" if kind == 6 else "applicable"),
            na_justification=t() if kind == 5 else "",
            inherited_from=ln() if kind == 6 else "",
            evidence_supported=bool(i % 2),
            questions=questions,
            notes=LONG_NOTE if sid == "GOVERN 1.1" else t(),
            owner=ln(),
            due_date=dt.date(2026, 1 + i % 12, 1),
            priority=("low", "medium", "high", "critical")[i % 4],
            updated_by=ln(),
            updated_at=dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC),
        )
    risks = [
        m.Risk(
            id=f"R-{k:03d}",
            title=n(),
            description=LONG_NOTE if k == 1 else t(),
            characteristics=["Safe", "Fair – with Harmful Bias Managed"],
            affected=t(),
            likelihood=1 + k % 5,
            impact=1 + (k * 2) % 5,
            treatment="mitigate",
            treatment_notes=t(),
            residual_likelihood=1 + k % 3 if k % 2 else None,
            residual_impact=1 + k % 4 if k % 2 else None,
            owner=ln(),
            subcategories=[ids[k], ids[k + 10]],
            acceptance=m.Acceptance(accepted_by=n(), rationale=n(), review_by=dt.date(2027, 1, 1))
            if k % 3 == 0
            else None,
        )
        for k in range(1, 8)
    ]
    actions = [
        m.Action(
            id=f"A-{k:03d}",
            title=n(),
            description=LONG_NOTE if k == 2 else t(),
            owner=ln(),
            due_date=dt.date(2026, k, 10),
            status="planned",
            priority="high",
            subcategories=[ids[k]],
            risks=[f"R-{k:03d}"],
        )
        for k in range(1, 6)
    ]
    evidence = [
        m.Evidence(
            id=f"E-{k:03d}",
            title=n(),
            url=LONG_URL if k % 2 else None,
            attachment=m.Attachment(
                filename=n(), media_type=ln(), size=1234 * k, sha256=f"{k:x}" * 64
            )
            if k % 2 == 0
            else None,
            description=t(),
            effective_date=dt.date(2026, 2, k),
            subcategories=[ids[k + 20]],
        )
        for k in range(1, 6)
    ]
    return m.Assessment(
        created_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 3, 5),
        playbook=m.PlaybookRef(id="rmf-app-bundled", version="1.0.0"),
        profile=m.SystemProfile(
            name="<b>unclosed & <script>alert(1)</script> " + CHINESE + " " + GREEK,
            version=ln(),
            description=LONG_NOTE,
            intended_purpose=t(),
            organisation='<font name="x"> ' + LATIN,
            business_unit=ln(),
            owner="</para> " + ARABIC,
            contacts=[m.Contact(name=n(), role=ln(), email=ln()) for _ in range(3)],
            roles=["developer", "deployer"],
            components=[
                m.ThirdPartyComponent(
                    kind="model", name=n(), supplier=ln(), version=ln(), notes=t()
                )
                for _ in range(3)
            ],
            ai_type="generative",
            lifecycle_stage="operate_monitor",
            deployment_context=t(),
            intended_benefits=t(),
            users_and_affected=t(),
            risk_tolerance="medium",
            scope_notes=t(),
        ),
        scope=m.Scope(
            exclusions=[
                m.Exclusion(item_id="MAP 5", reason=n()),
                m.Exclusion(item_id="MEASURE 2.12", reason=n()),
            ]
        ),
        default_target=3,
        responses=responses,
        risks=risks,
        actions=actions,
        evidence=evidence,
        review=m.Review(
            state="draft",
            assessors=["<b>unclosed", CHINESE, GREEK],
            reviewer=ln(),
            approver=ln(),
            signatures=[
                m.Signature(
                    role="assessor",
                    name=n(),
                    statement=t(),
                    signed_at=dt.datetime(2026, 3, 6, tzinfo=dt.UTC),
                )
            ],
            decision=m.DeploymentDecision(
                outcome="do_not_proceed",
                rationale=n(),
                decided_by=ln(),
                decided_on=dt.date(2026, 3, 6),
            ),
        ),
    )
