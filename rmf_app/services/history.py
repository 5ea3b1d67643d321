"""The change history in plain words: "Question GV-1.3-Q1 answered Yes", "Linked risk R-001".

History rows keep the old and new values as logged (JSON, or text); these functions turn a row
into what a person reads, for the History view and anything else that lists changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from ..domain.labels import (
    ACTION_STATUSES,
    AI_TYPES,
    DEPLOYMENT_OUTCOMES,
    LIFECYCLE_STAGES,
    MATURITY_LEVELS,
    OVERLAY_NAMES,
    OVERLAY_SHORT_NAMES,
    QUESTION_ANSWERS,
    REVIEW_STATES,
    RISK_STATUSES,
    TREATMENTS,
)
from ..domain.overlay_answers import OVERLAY_ACTION_STATUSES
from ..storage.airmf import HistoryEntry

#: how a field is named to a person (the field's own name, spaced, otherwise)
FIELD_LABELS = {
    "current": "Current maturity",
    "target": "Target maturity",
    "default_target": "Default target maturity",
    "applicability": "Applicability",
    "na_justification": "N/A justification",
    "na_reason": "N/A reason",  # a GenAI Profile action's
    "inherited_from": "Inherited from",
    "evidence_supports": "Evidence supports the rating",
    "questions": "Questions",
    "due_date": "Due date",
    "residual_likelihood": "Residual likelihood",
    "residual_impact": "Residual impact",
    "subcategories": "Linked subcategories",
    "risks": "Linked risks",
    "actions": "Linked actions",
    "evidence": "Linked evidence",
    "characteristics": "Trustworthiness characteristics",
    "ai_type": "AI type",
    "lifecycle_stage": "Lifecycle stage",
    "risk_tolerance": "Risk tolerance",
    "organisation": "Organization",
}

#: what one element of a linked list is called
_LINK_NOUNS = {
    "subcategories": "subcategory",
    "risks": "risk",
    "actions": "action",
    "evidence": "evidence",
    "characteristics": "characteristic",
}

#: fields whose stored values are keys of a label table
_CHOICES: dict[str, dict[str, str]] = {
    "applicability": {
        "applicable": "Applicable",
        "not_applicable": "Not applicable",
        "inherited": "Inherited from a baseline",
    },
    # actions and risks, and the GenAI Profile's actions ("partly", "not_done", "na")
    "status": {**OVERLAY_ACTION_STATUSES, **ACTION_STATUSES, **RISK_STATUSES},
    "treatment": TREATMENTS,
    "state": REVIEW_STATES,
    "ai_type": AI_TYPES,
    "lifecycle_stage": LIFECYCLE_STAGES,
    "outcome": DEPLOYMENT_OUTCOMES,
    # an overlay switched on or off is logged by its id
    "switched on": OVERLAY_NAMES,
    "switched off": OVERLAY_NAMES,
}

_MATURITY_FIELDS = {"current", "target", "default_target"}
_ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
#: consecutive changes of one field by one person within this many seconds read as one (a
#: maturity chosen with the arrow keys passes every level on the way)
QUICK_STEPS_SECONDS = 30


def _time_words(value: str) -> str:
    """An ISO timestamp as a person reads it: "2026-12-03 06:54 UTC"."""
    try:
        t = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if t.tzinfo is not None:
        return t.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return t.strftime("%Y-%m-%d %H:%M")


def _gai_risk_title(overlay_id: str, risk_id: str) -> str:
    """The title of an overlay's risk ("Information Security"), or its id when unknown."""
    try:
        from .content import overlay

        return overlay(overlay_id).risk(risk_id).title
    except Exception:  # a missing or changed overlay: the id still says which risk
        return risk_id


def entity_words(entity: str) -> str:
    """What a logged entity is, in words: "Risk R-001", "GenAI action GV-1.2-001"."""
    kind, _, key = entity.partition(":")
    if kind == "overlay":
        overlay_id, _, action = key.partition("/")
        name = OVERLAY_NAMES.get(overlay_id, overlay_id or "Profiles")
        if action:
            return f"{OVERLAY_SHORT_NAMES.get(overlay_id, overlay_id)} action {action}"
        return name if key else "Profiles"
    return {
        "response": key,
        "risk": f"Risk {key}",
        "action": f"Action {key}",
        "evidence": f"Evidence {key}",
        "profile": "System profile",
        "scope": "Scope",
        "settings": "Settings",
        "review": "Review",
        "assessment": "Assessment",
    }.get(kind, entity)


def _at(entry: HistoryEntry) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(entry.at.replace("Z", "+00:00"))
    except ValueError:
        return None


def merge_quick_steps(
    entries: Sequence[HistoryEntry], seconds: float = QUICK_STEPS_SECONDS
) -> list[HistoryEntry]:
    """The history as a person reads it: a run of changes to the same field of the same item
    by the same person, each within ``seconds`` of the one before, becomes one change from
    the first value to the last (choosing a level with the arrow keys records every level
    passed). Creations, additions and removals are never merged; the file keeps every row."""
    out: list[HistoryEntry] = []
    last_at: dt.datetime | None = None
    for e in entries:
        at = _at(e)
        prev = out[-1] if out else None
        if (
            prev is not None
            and at is not None
            and last_at is not None
            and e.field not in ("created", "added", "removed")
            and (prev.who, prev.entity, prev.field) == (e.who, e.entity, e.field)
            and 0 <= (at - last_at).total_seconds() <= seconds
        ):
            out[-1] = HistoryEntry(e.at, e.who, e.entity, e.field, prev.old, e.new)
        else:
            out.append(e)
        last_at = at
    return out
_OLD_QUESTION = re.compile(r"answer='(?P<answer>[^']*)'\s+comment=(?P<q>['\"])(?P<comment>.*)(?P=q)$")


def field_label(field: str) -> str:
    """The name of a logged field as a person reads it."""
    if field.startswith("risk "):  # an overlay's GAI risk and the register risk for it
        return "Register risk for a GAI risk"
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


def _load(raw: str | None) -> Any:
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw


def _value(field: str, value: Any) -> str:
    """One value in words."""
    if value is None or value == "" or value == []:
        return "not set" if field in _MATURITY_FIELDS else "empty"
    if field in _MATURITY_FIELDS and isinstance(value, int) and value in MATURITY_LEVELS:
        return f"{value} ({MATURITY_LEVELS[value][0]})"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and _ISO_TIME.match(value):
        return _time_words(value)
    table = _CHOICES.get(field)
    if table is not None and isinstance(value, str):
        return table.get(value, value)
    if isinstance(value, list):
        return ", ".join(_value(field, v) for v in value)
    if isinstance(value, dict):
        parts = [f"{field_label(str(k))}: {_value(str(k), v)}" for k, v in value.items()]
        return "; ".join(p for p in parts if not p.endswith(": empty")) or "empty"
    return str(value)


def _answer(raw: Any) -> tuple[str | None, str]:
    """(answer, comment) of a logged question answer: a dict, or the older text form."""
    if isinstance(raw, dict):
        return raw.get("answer"), str(raw.get("comment") or "")
    if isinstance(raw, str):
        m = _OLD_QUESTION.match(raw)
        if m:
            return m.group("answer") or None, m.group("comment")
        return raw, ""
    return None, ""


def _questions(old: Any, new: Any) -> list[str]:
    old = old if isinstance(old, dict) else {}
    new = new if isinstance(new, dict) else {}
    lines = []
    for qid in sorted(set(old) | set(new)):
        (a0, c0), (a1, c1) = _answer(old.get(qid)), _answer(new.get(qid))
        if a0 != a1:
            if a1 is None:
                lines.append(f"Question {qid}: answer cleared")
            elif a0 is None:
                lines.append(f"Question {qid} answered {QUESTION_ANSWERS.get(a1, a1)}")
            else:
                lines.append(
                    f"Question {qid}: answer changed from {QUESTION_ANSWERS.get(a0, a0)} "
                    f"to {QUESTION_ANSWERS.get(a1, a1)}"
                )
        if c0 != c1:
            lines.append(
                f"Question {qid}: comment {'removed' if not c1 else 'added' if not c0 else 'changed'}"
                + (f": “{c1}”" if c1 else "")
            )
    return lines


def _links(field: str, old: Any, new: Any) -> list[str]:
    noun = _LINK_NOUNS[field]
    old_set = {str(x) for x in old} if isinstance(old, list) else set()
    new_set = {str(x) for x in new} if isinstance(new, list) else set()
    verb = ("Added", "Removed") if field == "characteristics" else ("Linked", "Unlinked")
    lines = [f"{verb[0]} {noun} {x}" for x in sorted(new_set - old_set)]
    lines += [f"{verb[1]} {noun} {x}" for x in sorted(old_set - new_set)]
    return lines


def describe_change(entry: HistoryEntry) -> str:
    """What one history row changed, in a sentence or two of plain words."""
    if entry.field == "created":
        return f"Created “{entry.new}”" if entry.new else "Created"
    if entry.field in ("added", "removed"):
        item = _load(entry.new if entry.field == "added" else entry.old)
        title = item.get("title") if isinstance(item, dict) else None
        verb = "Added" if entry.field == "added" else "Removed"
        return f"{verb} “{title}”" if title else verb
    old, new = _load(entry.old), _load(entry.new)
    kind, _, key = entry.entity.partition(":")
    if kind == "overlay" and "/" not in key:
        overlay_id = key
        if entry.field == "switched on":
            return f"{OVERLAY_NAMES.get(overlay_id, overlay_id)} switched on"
        if entry.field == "switched off":
            return f"{OVERLAY_NAMES.get(overlay_id, overlay_id)} switched off"
        if entry.field == "answers restored":
            return f"{new} saved action answers restored"
        if entry.field.startswith("risk ") and overlay_id:
            gai = entry.field.removeprefix("risk ")
            title = _gai_risk_title(overlay_id, gai)
            if new:
                return f"Register risk {new} added for the GAI risk “{title}”"
            return f"Register risk {old} no longer stands for the GAI risk “{title}”"
    if entry.field == "signatures" and isinstance(new, list):
        known = {json.dumps(x, sort_keys=True) for x in old} if isinstance(old, list) else set()
        added = [s for s in new if json.dumps(s, sort_keys=True) not in known]
        if added and all(isinstance(s, dict) for s in added):
            return "; ".join(f"Signed off by {s.get('name')} ({s.get('role')})" for s in added)
    if entry.field == "decision" and isinstance(new, dict):
        outcome = DEPLOYMENT_OUTCOMES.get(str(new.get("outcome")), str(new.get("outcome")))
        by = f" by {new['decided_by']}" if new.get("decided_by") else ""
        return f"Deployment decision recorded: {outcome}{by}"
    if entry.field == "questions":
        lines = _questions(old, new)
        return "; ".join(lines) if lines else "Questions unchanged"
    if entry.field in _LINK_NOUNS and (isinstance(old, list) or isinstance(new, list)):
        lines = _links(entry.field, old, new)
        return "; ".join(lines) if lines else f"{field_label(entry.field)} reordered"
    before, after = _value(entry.field, old), _value(entry.field, new)
    if isinstance(old, str) and isinstance(new, str) and entry.field not in _CHOICES:
        if not old:
            return f"{field_label(entry.field)} set to “{new}”"
        if not new:
            return f"{field_label(entry.field)} cleared (was “{old}”)"
        return f"{field_label(entry.field)}: “{old}” → “{new}”"
    return f"{field_label(entry.field)}: {before} → {after}"


def value_words(
    field: str, raw: str | None, questions: Mapping[str, str] | None = None
) -> str:
    """One logged value (before or after) in words, for a details pane; ``questions`` gives
    a question's words by its id (the playbook's), to show with the id."""
    value = _load(raw)
    if field == "questions" and isinstance(value, dict):
        parts = []
        for qid, ans in sorted(value.items()):
            answer, comment = _answer(ans)
            text = QUESTION_ANSWERS.get(answer or "", "not answered")
            asked = (questions or {}).get(qid)
            name = f"{qid} “{asked}”" if asked else qid
            parts.append(f"{name}: {text}" + (f" (“{comment}”)" if comment else ""))
        return "; ".join(parts) or "none answered"
    return "—" if value is None else _value(field, value)
