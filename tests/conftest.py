"""Shared fixtures: assessments built in code, files in tmp_path."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RMF_APP_USER", "test-user")

ROOT = Path(__file__).resolve().parents[1]


def run_cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


PYTHON = sys.executable


@pytest.fixture
def minimal():
    from rmf_app.domain.assessment import Assessment, SystemProfile

    return Assessment(
        created_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 1, 2),
        profile=SystemProfile(name="Minimal system"),
    )


@pytest.fixture
def full():
    """An assessment with every field of every model set to a non-default value."""
    from rmf_app.domain import assessment as m
    from rmf_app.domain.crosswalk import EuAiActScope

    return m.Assessment(
        id="11111111-2222-3333-4444-555555555555",
        revision=2,
        created_at=dt.datetime(2026, 3, 4, 5, 6, 7, tzinfo=dt.UTC),
        assessment_date=dt.date(2026, 3, 5),
        playbook=m.PlaybookRef(id="custom", version="9.9"),
        profile=m.SystemProfile(
            name="Ünïcode <b>system</b> & co",
            version="2.0",
            description="Δοκιμή — проверка — 测试",
            intended_purpose="purpose",
            organisation="Org",
            business_unit="BU",
            owner="Owner",
            contacts=[m.Contact(name="Ann", role="PM", email="ann@example.com")],
            roles=["developer", "deployer"],
            components=[
                m.ThirdPartyComponent(
                    kind="data", name="Feed", supplier="S", version="1", notes="n"
                )
            ],
            ai_type="generative",
            lifecycle_stage="operate_monitor",
            deployment_context="ctx",
            intended_benefits="benefits",
            users_and_affected="users",
            risk_tolerance="medium",
            scope_notes="scope notes",
            eu_ai_act=EuAiActScope(
                role="deployer", risk_class="high_risk", annex_iii_area="4", public_body=True
            ),
        ),
        scope=m.Scope(
            exclusions=[
                m.Exclusion(item_id="MAP 5", reason="handled elsewhere"),
                m.Exclusion(item_id="MEASURE 2.12", reason="no training"),
            ]
        ),
        default_target=2,
        responses={
            "GOVERN 1.1": m.Response(
                current=1,
                target=4,
                evidence_supported=True,
                questions={"GV-1.1-Q1": m.QuestionAnswer(answer="partly", comment="=1+1")},
                notes="notes <script>",
                owner="Bob",
                due_date=dt.date(2026, 6, 1),
                priority="high",
                updated_by="Bob",
                updated_at=dt.datetime(2026, 3, 5, 1, 2, 3, tzinfo=dt.UTC),
            ),
            "GOVERN 1.2": m.Response(applicability="not_applicable", na_justification="why"),
            "GOVERN 1.3": m.Response(
                applicability="inherited", inherited_from="Org baseline", current=3
            ),
        },
        risks=[
            m.Risk(
                id="R-001",
                title="Risk",
                description="d",
                characteristics=["Safe"],
                affected="people",
                likelihood=4,
                impact=5,
                treatment="accept",
                treatment_notes="tn",
                residual_likelihood=3,
                residual_impact=4,
                owner="Ann",
                status="monitoring",
                subcategories=["MEASURE 2.6", "GOVERN 1.1"],
                acceptance=m.Acceptance(
                    accepted_by="CRO",
                    rationale="r",
                    review_by=dt.date(2027, 1, 1),
                    accepted_on=dt.date(2026, 3, 1),
                ),
            )
        ],
        actions=[
            m.Action(
                id="A-001",
                title="Act",
                description="d",
                owner="Ann",
                due_date=dt.date(2026, 4, 1),
                status="in_progress",
                priority="critical",
                subcategories=["GOVERN 1.1"],
                risks=["R-001"],
            )
        ],
        evidence=[
            m.Evidence(
                id="E-001",
                title="Link",
                url="https://example.com/x?a=1&b=2",
                description="d",
                effective_date=dt.date(2026, 2, 2),
                subcategories=["GOVERN 1.1"],
            )
        ],
        review=m.Review(
            state="in_review",
            assessors=["Ann", "Bob"],
            reviewer="Rita",
            approver="Carl",
            signatures=[
                m.Signature(
                    role="assessor",
                    name="Ann",
                    statement="ok",
                    signed_at=dt.datetime(2026, 3, 6, tzinfo=dt.UTC),
                )
            ],
            decision=m.DeploymentDecision(
                outcome="proceed_with_conditions",
                rationale="conditions",
                decided_by="Carl",
                decided_on=dt.date(2026, 3, 6),
            ),
        ),
        extensions={"org.example/profile": {"k": [1, 2]}},
    )


@pytest.fixture
def new_file(tmp_path, minimal):
    from rmf_app.storage.airmf import AirmfFile

    path = tmp_path / "a.airmf"
    AirmfFile.create(path, minimal, "tester").close()
    return path
