"""An assessment as OSCAL: an Assessment Results document and a Plan of Action and Milestones.

Pure data (dicts ready for ``json.dumps``), no I/O. Controls are those of NIST's OSCAL catalog
of AI RMF 1.0 (CPRT ``AI_100``): a subcategory "GOVERN 1.1" is control ``GOVERN_1.1``.

- Assessment Results: one result with the in-scope subcategories as reviewed controls, one
  finding per in-scope subcategory (``satisfied`` when its maturity reaches its target), an
  observation per evidence item (method EXAMINE; attached files listed in the back matter with
  their SHA-256), the risk register as risks (likelihood and impact as characterizations,
  inherent "initial", residual "adjusted"; the treatment as a remediation of that type; an
  acceptance as a risk-log entry), each sign-off as an attestation. rmf-app's own figures
  (maturity, target, applicability, justification…) are props in :data:`NS`.
- POA&M: the actions as POA&M items (due date, status, owner as props), with the same risks.
- Overlays (such as the GenAI profile, id ``genai``) that are switched on and passed in: the
  result says so and carries the action coverage per overlay risk, and each finding lists its
  subcategory's overlay actions (id, status, risk tags, note, N/A reason) as props named after
  the overlay (``genai-action``…), one prop group per action. No overlay, nothing added.

UUIDs are uuid5 of the assessment id, its revision (for the documents) and item ids, and the
timestamps come from the assessment, so the same revision always gives the same bytes.

The AR carries the assessment's canonical JSON in a back-matter resource, so
:func:`assessment_from_ar` reads it back exactly; the rest of the document must still be what
that assessment gives, or it is refused.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Sequence
from typing import Any

from . import framework
from .assessment import STORED, Assessment, Risk
from .canonical import canonical_bytes, fingerprint
from .overlay import Overlay
from .overlay_answers import OverlayUse
from .overlay_scoring import ActionCounts, action_status, overlay_scores

#: the namespace of rmf-app's own props
NS = "https://github.com/rmf-app/ns/oscal"
OSCAL_VERSION = "1.2.3"
#: NIST's OSCAL catalog of AI RMF 1.0 (from the CPRT): the source of the control ids
CATALOG_UUID = "18e85404-54b0-4ace-93b8-65b5085522a3"
CATALOG_TITLE = "Artificial Intelligence Risk Management Framework (AI RMF 1.0)"
#: the title of the back-matter resource holding the canonical JSON
CANONICAL_TITLE = "rmf-app canonical assessment JSON"
_ROOT = uuid.uuid5(uuid.NAMESPACE_URL, NS)

Doc = dict[str, Any]


class OscalImportError(ValueError):
    """An OSCAL file that did not come from rmf-app, or was changed after export."""


def control_id(subcategory_id: str) -> str:
    """The catalog's control id of a subcategory: "GOVERN 1.1" -> "GOVERN_1.1"."""
    return subcategory_id.replace(" ", "_")


def _uuid(a: Assessment, *parts: object) -> str:
    return str(uuid.uuid5(_ROOT, "/".join([a.id, *map(str, parts)])))


def _line(text: str) -> str:
    """One line, trimmed (OSCAL titles and prop values allow no line breaks)."""
    return " ".join(text.split())


def _prop(name: str, value: object) -> Doc | None:
    text = _line(str(value))
    return {"name": name, "ns": NS, "value": text} if text else None


def _props(*pairs: tuple[str, object]) -> list[Doc]:
    return [p for p in (_prop(n, v) for n, v in pairs if v is not None) if p is not None]


def _ts(when: dt.datetime | dt.date) -> str:
    if not isinstance(when, dt.datetime):
        when = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _last_modified(a: Assessment) -> dt.datetime:
    times = [a.created_at]
    times += [r.updated_at for r in a.responses.values() if r.updated_at is not None]
    if a.review.finalized_at is not None:
        times.append(a.review.finalized_at)
    times += [s.signed_at for s in a.review.signatures]
    return max(_aware(t) for t in times)


def _aware(t: dt.datetime) -> dt.datetime:
    return t if t.tzinfo is not None else t.replace(tzinfo=dt.UTC)


def _parties(a: Assessment) -> tuple[list[Doc], dict[str, str]]:
    """The metadata's parties, and the uuid of each by name (the organization as "")."""
    by_name: dict[str, str] = {}
    parties: list[Doc] = []
    org = _line(a.profile.organisation) or _line(a.profile.name) + " (organization)"
    by_name[""] = _uuid(a, "party", "organization")
    parties.append({"uuid": by_name[""], "type": "organization", "name": org})
    people = [*a.review.assessors, *(s.name for s in a.review.signatures)]
    people += [x for x in (a.review.reviewer, a.review.approver) if x.strip()]
    people += [r.acceptance.accepted_by for r in a.risks if r.acceptance is not None]
    for name in people:
        key = _line(name)
        if key and key not in by_name:
            by_name[key] = _uuid(a, "party", key)
            parties.append({"uuid": by_name[key], "type": "person", "name": key})
    return parties, by_name


_ROLES = [
    {"id": "assessor", "title": "Assessor"},
    {"id": "reviewer", "title": "Reviewer"},
    {"id": "approver", "title": "Approver"},
    {"id": "risk-owner", "title": "Risk acceptance authority"},
]


def _metadata(a: Assessment, title: str) -> tuple[Doc, dict[str, str]]:
    parties, by_name = _parties(a)
    responsible = []
    for role, names in (
        ("assessor", a.review.assessors),
        ("reviewer", [a.review.reviewer]),
        ("approver", [a.review.approver]),
    ):
        ids = sorted({by_name[_line(n)] for n in names if _line(n)})
        if ids:
            responsible.append({"role-id": role, "party-uuids": ids})
    meta: Doc = {
        "title": title,
        "last-modified": _ts(_last_modified(a)),
        "version": f"{a.revision} ({a.review.state})",
        "oscal-version": OSCAL_VERSION,
        "props": _props(
            ("assessment-id", a.id),
            ("revision", a.revision),
            ("review-state", a.review.state),
            ("fingerprint", a.fingerprint),
            ("framework", a.framework),
            ("catalog-uuid", CATALOG_UUID),
        ),
        "roles": _ROLES,
        "parties": parties,
    }
    if responsible:
        meta["responsible-parties"] = responsible
    return meta, by_name


def _origin(party_uuid: str) -> Doc:
    return {"actors": [{"type": "party", "actor-uuid": party_uuid}]}


def _facets(likelihood: int, impact: int, state: str) -> list[Doc]:
    state_prop = _props(("state", state))
    return [
        {"name": "likelihood", "system": NS, "value": str(likelihood), "props": state_prop},
        {"name": "impact", "system": NS, "value": str(impact), "props": state_prop},
        {"name": "risk", "system": NS, "value": str(likelihood * impact), "props": state_prop},
    ]


_RISK_STATUS = {
    "open": "open",
    "in_treatment": "remediating",
    "monitoring": "open",
    "closed": "closed",
}


def _risk(a: Assessment, r: Risk, org: str, by_name: dict[str, str]) -> Doc:
    chars = [{"origin": _origin(org), "facets": _facets(r.likelihood, r.impact, "initial")}]
    if r.residual_likelihood is not None and r.residual_impact is not None:
        chars.append(
            {
                "origin": _origin(org),
                "facets": _facets(r.residual_likelihood, r.residual_impact, "adjusted"),
            }
        )
    status = _RISK_STATUS[r.status]
    if r.acceptance is not None and r.status != "closed":
        status = "deviation-approved"
    doc: Doc = {
        "uuid": _uuid(a, "risk", r.id),
        "title": _line(f"{r.id}: {r.title}"),
        "description": r.description or r.title,
        "statement": r.affected or r.description or r.title,
        "props": _props(
            ("risk-id", r.id),
            ("owner", r.owner),
            ("status", r.status),
            *(("characteristic", c) for c in r.characteristics),
            *(("control-id", control_id(s)) for s in r.subcategories),
        ),
        "status": status,
        "characterizations": chars,
    }
    if r.treatment is not None:
        doc["remediations"] = [
            {
                "uuid": _uuid(a, "risk", r.id, "treatment"),
                # an accepted or closed risk's treatment is done; any other is still planned
                "lifecycle": (
                    "completed"
                    if r.status == "closed" or (r.treatment == "accept" and r.acceptance)
                    else "planned"
                ),
                "title": _line(f"{r.treatment.capitalize()} {r.id}"),
                "description": r.treatment_notes or f"Treatment: {r.treatment}.",
                "props": [{"name": "type", "value": r.treatment}],
            }
        ]
    if r.acceptance is not None:
        acc = r.acceptance
        who = by_name.get(_line(acc.accepted_by), org)
        when = acc.accepted_on or a.assessment_date
        doc["risk-log"] = {
            "entries": [
                {
                    "uuid": _uuid(a, "risk", r.id, "acceptance"),
                    "title": "Risk accepted",
                    "description": acc.rationale,
                    "start": _ts(when),
                    "end": _ts(acc.review_by),
                    "props": _props(("accepted-by", acc.accepted_by), ("role", acc.role)),
                    "logged-by": [{"party-uuid": who}],
                    "status-change": "deviation-approved",
                }
            ]
        }
    return doc


def _in_scope(a: Assessment) -> list[str]:
    return [s for s in framework.subcategory_ids() if a.scope.in_scope(s)]


def _observations(a: Assessment, org: str) -> tuple[list[Doc], list[Doc]]:
    """An observation per evidence item, and back-matter resources for attached files."""
    observations: list[Doc] = []
    resources: list[Doc] = []
    for e in a.evidence:
        evidence: list[Doc] = []
        if e.url:
            evidence.append({"href": str(e.url), "description": _line(e.title)})
        if e.attachment is not None:
            res = _uuid(a, "evidence", e.id, "attachment")
            resources.append(
                {
                    "uuid": res,
                    "title": _line(e.attachment.filename),
                    "props": _props(("size", e.attachment.size)),
                    "rlinks": [
                        {
                            "href": "attachments/" + e.attachment.sha256,
                            "media-type": _line(e.attachment.media_type),
                            "hashes": [{"algorithm": "SHA-256", "value": e.attachment.sha256}],
                        }
                    ],
                }
            )
            evidence.append({"href": f"#{res}", "description": _line(e.attachment.filename)})
        obs: Doc = {
            "uuid": _uuid(a, "evidence", e.id),
            "title": _line(f"{e.id}: {e.title}"),
            "description": e.description or e.title,
            "props": _props(
                ("evidence-id", e.id),
                *(("control-id", control_id(s)) for s in e.subcategories),
            ),
            "methods": ["EXAMINE"],
            "origins": [_origin(org)],
            "collected": _ts(e.effective_date or a.assessment_date),
        }
        if evidence:
            obs["relevant-evidence"] = evidence
        observations.append(obs)
    return observations, resources


# -- overlays (issue #15, point 6) ----------------------------------------------------------
#: ActionCounts fields as prop name suffixes, in the order they are written
_COUNT_PROPS = (
    ("actions", "total"),
    ("done", "done"),
    ("partly", "partly"),
    ("planned", "planned"),
    ("not-done", "not_done"),
    ("na", "na"),
    ("unanswered", "unanswered"),
    ("out-of-scope", "out_of_scope"),
)

Uses = Sequence[tuple[Overlay, OverlayUse]]


def _uses(a: Assessment, overlays: Sequence[Overlay]) -> Uses:
    """The overlays passed in that the assessment has switched on, with its answers."""
    return [(ov, use) for ov in overlays if (use := a.overlay(ov.id)) is not None]


def _gprop(name: str, value: object, group: str, remarks: str = "") -> Doc:
    """A prop of a group (one overlay action, one overlay risk); ``remarks`` when not blank."""
    prop: Doc = {"name": name, "ns": NS, "value": _line(str(value)), "group": group}
    if remarks.strip():
        prop["remarks"] = remarks
    return prop


def _overlay_action_props(sub: str, ov: Overlay, use: OverlayUse) -> list[Doc]:
    """Per action of the subcategory: its id (with the note as remarks), status, risk tags
    and N/A reason, grouped by the action id."""
    props: list[Doc] = []
    for act in ov.actions_for(sub):
        answer = use.answer(act.id)
        props.append(_gprop(f"{ov.id}-action", act.id, act.id, answer.note))
        props.append(_gprop(f"{ov.id}-action-status", action_status(use, act.id), act.id))
        props += [_gprop(f"{ov.id}-risk", r, act.id) for r in act.risks]
        if answer.status == "na":
            props.append(_gprop(f"{ov.id}-na-reason", answer.na_reason, act.id))
    return props


def _count_props(prefix: str, group: str, c: ActionCounts) -> list[Doc]:
    props = [_gprop(f"{prefix}-{name}", c.count(attr), group) for name, attr in _COUNT_PROPS]
    cov = c.coverage
    props.append(_gprop(f"{prefix}-coverage", f"{cov.numerator}/{cov.denominator}", group))
    if cov.denominator:
        props.append(_gprop(f"{prefix}-coverage-percent", cov.percent(), group))
    return props


def _overlay_result_props(a: Assessment, ov: Overlay) -> list[Doc]:
    """That the overlay is on, its versions, and the action coverage overall and per risk:
    the figures of :func:`overlay_scores` (the same as ``rmf-app info --json``)."""
    sc = overlay_scores(a, ov)
    if sc is None:
        return []
    p = ov.id
    props = _props(
        (f"{p}-overlay", "on"),
        (f"{p}-overlay-version", sc.overlay_version),
        (f"{p}-answered-version", sc.answered_version),
        (f"{p}-method-version", sc.method_version),
    )
    props += _count_props(p, f"{p}-overall", sc.overall)
    for r in sc.risks:
        group = f"{p}-risk-{r.risk_id}"
        props.append(_gprop(f"{p}-risk", r.risk_id, group))
        props.append(_gprop(f"{p}-risk-title", r.title, group))
        props += _count_props(p, group, r.counts)
        props.append(_gprop(f"{p}-rated-high", "yes" if r.rated_high else "no", group))
        props += [_gprop(f"{p}-register-risk", x, group) for x in r.register_risks]
    return props


def _finding(a: Assessment, sub: str, uses: Uses = ()) -> Doc:
    r = a.response(sub)
    target = a.effective_target(sub)
    risks, _actions, evidence = a.links_to(sub)
    if r.applicability == "not_applicable":
        state, reason = "satisfied", "not applicable"
    elif r.current is None:
        state, reason = "not-satisfied", "not assessed"
    elif r.current >= target:
        state, reason = "satisfied", "at or above target"
    else:
        state, reason = "not-satisfied", "below target"
    doc: Doc = {
        "uuid": _uuid(a, "finding", sub),
        "title": sub,
        "description": (
            f"{sub}: maturity {'not assessed' if r.current is None else r.current}, "
            f"target {target}; {reason}."
        ),
        "props": _props(
            ("maturity", r.current),
            ("target", target),
            ("target-set", "default" if r.target is None else "own"),
            ("applicability", r.applicability),
            ("na-justification", r.na_justification),
            ("inherited-from", r.inherited_from),
            ("evidence-supported", "yes" if r.evidence_supported else None),
            ("owner", r.owner),
            ("due-date", r.due_date),
            ("priority", r.priority),
        )
        + [p for ov, use in uses for p in _overlay_action_props(sub, ov, use)],
        "target": {
            "type": "objective-id",
            "target-id": control_id(sub),
            "status": {"state": state, "reason": "pass" if state == "satisfied" else "fail"},
        },
    }
    if r.notes.strip():
        doc["remarks"] = r.notes
    if evidence:
        doc["related-observations"] = [
            {"observation-uuid": _uuid(a, "evidence", e.id)} for e in evidence
        ]
    if risks:
        doc["related-risks"] = [{"risk-uuid": _uuid(a, "risk", x.id)} for x in risks]
    return doc


def _attestations(a: Assessment, by_name: dict[str, str]) -> list[Doc]:
    out = []
    for i, s in enumerate(a.review.signatures):
        out.append(
            {
                "responsible-parties": [
                    {"role-id": s.role, "party-uuids": [by_name[_line(s.name)]]}
                ],
                "parts": [
                    {
                        "name": "sign-off",
                        "title": _line(f"Signed off by {s.name} ({s.role})"),
                        "prose": s.statement or f"Signed off as {s.role}.",
                        "props": _props(("signed-at", _ts(s.signed_at)), ("index", i + 1)),
                    }
                ],
            }
        )
    return out


def _canonical_resource(a: Assessment) -> Doc:
    data = canonical_bytes(a)
    return {
        "uuid": _uuid(a, "revision", a.revision, "canonical"),
        "title": CANONICAL_TITLE,
        "description": "The assessment exactly as rmf-app holds it, for import back into "
        "rmf-app (rmf-app import-oscal).",
        "props": _props(("canonical-json", "yes"), ("sha256", hashlib.sha256(data).hexdigest())),
        "base64": {
            "filename": "assessment.json",
            "media-type": "application/json",
            "value": base64.b64encode(data).decode("ascii"),
        },
    }


def assessment_results(a: Assessment, overlays: Sequence[Overlay] = ()) -> Doc:
    """The OSCAL Assessment Results document of assessment ``a``.

    ``overlays``: the content of the overlays rmf-app bundles; those the assessment has
    switched on add their props to the result and the findings.
    """
    uses = _uses(a, overlays)
    name = _line(a.profile.name)
    meta, by_name = _metadata(a, f"AI RMF 1.0 assessment results: {name}, revision {a.revision}")
    org = by_name[""]
    subs = _in_scope(a)
    observations, resources = _observations(a, org)
    selection: Doc = (
        {"include-controls": [{"control-id": control_id(s)} for s in subs]}
        if subs
        else {"include-all": {}}
    )
    result: Doc = {
        "uuid": _uuid(a, "revision", a.revision, "result"),
        "title": f"Self-assessment of {name} against the AI RMF 1.0",
        "description": f"Revision {a.revision} ({a.review.state}) of the rmf-app "
        f"self-assessment of {name}, dated {a.assessment_date.isoformat()}.",
        "start": _ts(a.assessment_date),
        "props": _props(
            ("assessment-date", a.assessment_date), ("default-target", a.default_target)
        )
        + [p for ov, _use in uses for p in _overlay_result_props(a, ov)],
        "reviewed-controls": {
            "description": f"The in-scope subcategories of {CATALOG_TITLE} "
            f"(catalog {CATALOG_UUID}).",
            "control-selections": [selection],
        },
    }
    if a.review.finalized_at is not None:
        result["end"] = _ts(a.review.finalized_at)
    attestations = _attestations(a, by_name)
    if attestations:
        result["attestations"] = attestations
    if observations:
        result["observations"] = observations
    if a.risks:
        result["risks"] = [_risk(a, r, org, by_name) for r in a.risks]
    result["findings"] = [_finding(a, s, uses) for s in subs]
    return {
        "assessment-results": {
            "uuid": _uuid(a, "revision", a.revision, "assessment-results"),
            "metadata": meta,
            "import-ap": {
                "href": f"#{_uuid(a, 'revision', a.revision, 'assessment-plan')}",
                "remarks": "rmf-app keeps no separate assessment plan: the plan is the "
                "self-assessment of every in-scope subcategory of the AI RMF 1.0 catalog.",
            },
            "results": [result],
            "back-matter": {
                "resources": [
                    {
                        "uuid": _uuid(a, "revision", a.revision, "assessment-plan"),
                        "title": "Assessment plan: rmf-app self-assessment",
                        "description": "Every in-scope subcategory of the AI RMF 1.0, "
                        "assessed for maturity (0-4) against its target.",
                    },
                    *resources,
                    _canonical_resource(a),
                ]
            },
        }
    }


def poam(a: Assessment) -> Doc:
    """The OSCAL Plan of Action and Milestones of assessment ``a``: its actions as items."""
    name = _line(a.profile.name)
    meta, by_name = _metadata(
        a, f"AI RMF 1.0 plan of action and milestones: {name}, revision {a.revision}"
    )
    org = by_name[""]
    items: list[Doc] = []
    for act in a.actions:
        item: Doc = {
            "uuid": _uuid(a, "action", act.id),
            "title": _line(f"{act.id}: {act.title}"),
            "description": act.description or act.title,
            "props": _props(
                ("action-id", act.id),
                ("status", act.status),
                ("due-date", act.due_date),
                ("owner", act.owner),
                ("priority", act.priority),
                *(("control-id", control_id(s)) for s in act.subcategories),
            ),
        }
        if act.risks:
            item["related-risks"] = [{"risk-uuid": _uuid(a, "risk", x)} for x in act.risks]
        items.append(item)
    if not items:
        items.append(
            {
                "uuid": _uuid(a, "revision", a.revision, "no-actions"),
                "title": "No actions planned",
                "description": "The assessment records no actions.",
            }
        )
    doc: Doc = {
        "uuid": _uuid(a, "revision", a.revision, "poam"),
        "metadata": meta,
        "system-id": {"identifier-type": NS, "id": a.id},
    }
    if a.risks:
        doc["risks"] = [_risk(a, r, org, by_name) for r in a.risks]
    doc["poam-items"] = items
    return {"plan-of-action-and-milestones": doc}


def dumps(doc: Doc) -> bytes:
    """The bytes written for an OSCAL document (stable: sorted keys, two-space indent)."""
    return (json.dumps(doc, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _exported_overlay_version(data: Any, overlay_id: str) -> str | None:
    """The overlay version an exported AR's result records, or None when it has none."""
    try:
        props = data["assessment-results"]["results"][0]["props"]
        return next(
            str(p.get("value"))
            for p in props
            if isinstance(p, dict)
            and p.get("ns") == NS
            and p.get("name") == f"{overlay_id}-overlay-version"
        )
    except (KeyError, IndexError, TypeError, StopIteration):
        return None


def _without_overlay_props(node: Any, overlay_ids: Sequence[str]) -> Any:
    """A copy of ``node`` without the props of the given overlays."""
    prefixes = tuple(f"{i}-" for i in overlay_ids)
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if k == "props" and isinstance(v, list):
                v = [
                    p
                    for p in v
                    if not (
                        isinstance(p, dict)
                        and p.get("ns") == NS
                        and str(p.get("name", "")).startswith(prefixes)
                    )
                ]
            out[k] = _without_overlay_props(v, overlay_ids)
        return out
    if isinstance(node, list):
        return [_without_overlay_props(v, overlay_ids) for v in node]
    return node


def _matches_export(a: Assessment, data: Any, overlays: Sequence[Overlay]) -> bool:
    """Whether ``data`` is what exporting ``a`` gives.

    An overlay's props are checked when the file was exported with the same overlay version;
    a file from before overlays were exported has none to check, and one exported with
    another version of the overlay's content (whose risk tags or titles may differ) is
    checked without them. The imported answers come from the canonical JSON either way.
    """
    exported = {ov.id: _exported_overlay_version(data, ov.id) for ov in overlays}
    same = [ov for ov in overlays if exported[ov.id] == ov.version]
    other = [ov.id for ov in overlays if exported[ov.id] not in (None, ov.version)]
    expected = assessment_results(a, same)
    if other:
        return bool(_without_overlay_props(expected, other) == _without_overlay_props(data, other))
    return bool(expected == data)


def assessment_from_ar(data: Any, name: str, overlays: Sequence[Overlay] = ()) -> Assessment:
    """The assessment an rmf-app Assessment Results document carries.

    ``overlays``: the content of the overlays rmf-app bundles, so that their props in the
    file are checked too (see :func:`_matches_export`).

    Raises:
        OscalImportError: not an AR, not from rmf-app, or changed after it was exported.
    """
    ar = data.get("assessment-results") if isinstance(data, dict) else None
    if not isinstance(ar, dict):
        raise OscalImportError(
            f"{name} is not an OSCAL Assessment Results document; rmf-app imports only the "
            "assessment results it exported itself (rmf-app export --format oscal)."
        )
    resources = (ar.get("back-matter") or {}).get("resources") or []
    found = [r for r in resources if isinstance(r, dict) and r.get("title") == CANONICAL_TITLE]
    try:
        raw = base64.b64decode(found[0]["base64"]["value"], validate=True)
    except (IndexError, KeyError, TypeError, ValueError):
        raise OscalImportError(
            f"{name} was not exported by rmf-app (it carries no rmf-app assessment data), so it "
            "cannot be imported. rmf-app imports only OSCAL assessment results it wrote itself."
        ) from None
    changed = OscalImportError(
        f"{name} was changed after rmf-app exported it, so it is not imported. "
        "Export it again from the .airmf file."
    )
    try:
        a = Assessment.model_validate_json(raw, context=STORED)
    except ValueError:
        raise changed from None
    if canonical_bytes(a) != raw:
        raise changed
    if a.is_final:
        a = a.model_copy(update={"fingerprint": fingerprint(a)})
    if not _matches_export(a, data, overlays):
        raise changed
    return a
