"""The full report's section "The system": the profile as recorded.

Its facts (organization, roles, AI type, lifecycle stage, risk tolerance, default target), its
free-text fields, the third-party components and the contacts.
"""

from __future__ import annotations

from typing import Any

from reportlab.platypus.flowables import Flowable

from ..domain.labels import AI_TYPES, LIFECYCLE_STAGES, ORGANISATION_ROLES
from . import text as T
from .context import ReportContext
from .parts import level_text


def profile(ctx: ReportContext) -> list[Flowable]:
    a, st = ctx.assessment, ctx.styles
    prof = a.profile
    out: list[Flowable] = [ctx.h1(T.SEC_PROFILE, "profile")]
    facts: list[tuple[str, Any]] = [
        (T.COVER_FIELDS["organisation"], prof.organisation or T.NONE),
        (T.COVER_FIELDS["business_unit"], prof.business_unit or T.NONE),
        (T.COVER_FIELDS["owner"], prof.owner or T.NONE),
        (T.PROFILE_ROLES, ", ".join(ORGANISATION_ROLES[r] for r in prof.roles) or T.NONE),
        (T.PROFILE_AI_TYPE, AI_TYPES[prof.ai_type]),
        (T.PROFILE_STAGE, LIFECYCLE_STAGES[prof.lifecycle_stage]),
        (T.PROFILE_TOLERANCE, T.PROFILE_TOLERANCE_VALUE.format(band=prof.risk_tolerance)),
        (
            T.PROFILE_ACCEPTANCE_ROLE,
            T.PROFILE_ACCEPTANCE_ROLE_VALUE.format(role=prof.acceptance_role)
            if prof.acceptance_role
            else T.NONE,
        ),
        (
            T.PROFILE_DEFAULT_TARGET,
            level_text(a.default_target),
        ),
    ]
    out.append(ctx.kv(facts))
    for field, label in T.PROFILE_FIELDS.items():
        value = getattr(prof, field)
        if field == "scope_notes" or not str(value).strip():
            continue
        out.append(ctx.p(label, st.h4))
        out += ctx.blocks(value)
    if prof.components:
        rows: list[list[Any]] = [
            ctx.head(T.TH_COMPONENT_KIND, T.TH_NAME, T.TH_SUPPLIER, T.TH_VERSION, T.TH_NOTES)
        ]
        for comp in prof.components:
            rows.append(
                [
                    ctx.cell(T.COMPONENT_KINDS.get(comp.kind, comp.kind)),
                    ctx.cell(comp.name, st.cell_bold),
                    ctx.cell(comp.supplier or T.NONE),
                    ctx.cell(comp.version or T.NONE),
                    ctx.cell(comp.notes or T.NONE),
                ]
            )
        out += [
            ctx.p(T.PROFILE_COMPONENTS, st.h4),
            ctx.table(rows, [0.1, 0.2, 0.18, 0.14, 0.38]),
        ]
    if prof.contacts:
        rows = [ctx.head(T.TH_NAME, T.TH_ROLE, T.TH_EMAIL)]
        for c in prof.contacts:
            rows.append(
                [
                    ctx.cell(c.name, st.cell_bold),
                    ctx.cell(c.role or T.NONE),
                    ctx.cell(c.email or T.NONE),
                ]
            )
        out += [ctx.p(T.PROFILE_CONTACTS, st.h4), ctx.table(rows, [0.25, 0.45, 0.3])]
    return out
