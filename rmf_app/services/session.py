"""One open assessment: the object the GUI and the CLI change it through.

Every edit validates the new state, writes it to the file in one transaction with its history
rows, and only then replaces the in-memory assessment, so memory and file never disagree.
Edits return the previous value so an undo command can put it back. Listeners registered with
:meth:`AssessmentSession.subscribe` hear which part changed (the GUI turns this into signals).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from ..domain import canonical
from ..domain.assessment import (
    Action,
    Assessment,
    Attachment,
    Evidence,
    ItemKind,
    QuestionAnswer,
    Response,
    Review,
    Risk,
    Scope,
    Signature,
    SystemProfile,
)
from ..domain.labels import SignatureRole
from ..domain.playbook import Playbook
from ..domain.scoring import RiskScore, Scores, band_grid, risk_score, score
from ..storage.airmf import (
    ITEM_KINDS,
    AirmfFile,
    HistoryEntry,
    Progress,
    RevisionRecord,
)
from ..storage.content import bundled_playbook
from ..storage.errors import ReadOnlyError, StorageError, describe_validation_error

#: history rows, as the GUI lists them
__all__ = ["AssessmentSession", "HistoryEntry", "ItemKind", "default_user", "safe_filename"]

Listener = Callable[[str, str], None]
_LIST_FIELD = {"risk": "risks", "action": "actions", "evidence": "evidence"}
#: typing is committed at most this long after the last keystroke
TYPING_BURST_SECONDS = 0.5
#: status filters understood by :meth:`AssessmentSession.matching`
STATUS_FILTERS = ("unanswered", "answered", "not_applicable", "gap2")


class EditError(StorageError):
    """An edit was refused (invalid value or read-only); nothing changed."""


def _jsonish(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def default_user() -> str:
    for var in ("RMF_APP_USER", "USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "unknown"


class AssessmentSession:
    """An open .airmf file and its assessment.

    Args:
        store: the open file.
        user: the name recorded in the change history.
        playbook: the content used for scoring (the bundled playbook by default).
    """

    def __init__(
        self,
        store: AirmfFile,
        user: str | None = None,
        playbook: Playbook | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.user = user or default_user()
        self.playbook = playbook or bundled_playbook()
        self._assessment = store.load()
        self._listeners: list[Listener] = []
        self._pending: dict[tuple[str, str, str], Any] = {}
        self._last_keystroke = 0.0
        self._clock = clock
        self._guidance_text: dict[str, str] | None = None

    # -- life cycle ------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, read_only: bool = False, user: str | None = None
    ) -> AssessmentSession:
        return cls(AirmfFile.open(path, read_only=read_only), user=user)

    @classmethod
    def create(
        cls,
        path: str | os.PathLike[str],
        assessment: Assessment,
        user: str | None = None,
        *,
        overwrite: bool = False,
    ) -> AssessmentSession:
        who = user or default_user()
        return cls(AirmfFile.create(path, assessment, who, overwrite=overwrite), user=who)

    def close(self) -> None:
        try:
            if self._pending and not self.read_only:
                self.flush_typing()
        finally:
            self.store.close()

    def __enter__(self) -> AssessmentSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def path(self) -> Path:
        return self.store.path

    @property
    def assessment(self) -> Assessment:
        """The current state. Treat it as read-only: change it through the session's methods."""
        return self._assessment

    @property
    def read_only(self) -> bool:
        return self.store.read_only or self._assessment.is_final

    @property
    def read_only_reason(self) -> str | None:
        if self.store.read_only_reason:
            return self.store.read_only_reason
        if self._assessment.is_final:
            return "the assessment is final (start a new revision to change it)"
        return None

    def subscribe(self, listener: Listener) -> None:
        """Call ``listener(part, key)`` after each committed change.

        ``part`` is one of "profile", "scope", "settings", "response", "risk", "action",
        "evidence", "review" or "all"; ``key`` names the item (subcategory or item id) or "".
        """
        self._listeners.append(listener)

    def scores(self, today: dt.date | None = None) -> Scores:
        return score(self._assessment, self.playbook, today=today)

    def score_risk(self, risk: Risk) -> RiskScore:
        """Score and band a risk still being edited (not added yet) against this assessment's
        bands and tolerance — by the function :meth:`scores` uses for every risk."""
        return risk_score(risk, self._assessment)

    def band_grid(self) -> list[list[tuple[str, bool]]]:
        """Each heat-map cell's band and whether it is at or above the risk tolerance
        (see :func:`~rmf_app.domain.scoring.band_grid`)."""
        return band_grid(self._assessment)

    def history(self, entity_prefix: str | None = None) -> list[HistoryEntry]:
        """The change log, oldest first: all of it, or one entity's ("risk:R-001",
        "response:MAP 1.1", "review", …)."""
        return self.store.history(entity_prefix)

    def matching(
        self,
        text: str = "",
        *,
        actor: str | None = None,
        topic: str | None = None,
        characteristic: str | None = None,
        status: str | None = None,
    ) -> list[str]:
        """Subcategory ids, in framework order, that match a filter of the guided walk.

        Args:
            text: every word must occur (ignoring case) in the subcategory's guidance or in its
                answers (notes, question comments, owner, justification, inherited source).
            actor, topic, characteristic: a label the playbook tags the subcategory with.
            status: one of :data:`STATUS_FILTERS`; only in-scope items match a status:
                "unanswered" (not assessed, including inherited without a level), "answered"
                (rated: a current level, given or inherited),
                "not_applicable", "gap2" (target − current ≥ 2).
        """
        if status is not None and status not in STATUS_FILTERS:
            raise ValueError(f"unknown status filter {status!r}")
        words = text.casefold().split()
        wanted: set[str] | None = None
        if status is not None:
            sc = self.scores()
            wanted = {
                "unanswered": set(sc.not_assessed),
                "not_applicable": set(sc.not_applicable),
                "gap2": {g.subcategory_id for g in sc.gaps if g.gap >= 2},
                "answered": {g.subcategory_id for g in sc.gaps},
            }[status]
        if words and self._guidance_text is None:
            self._guidance_text = {
                s.id: "\n".join(
                    [s.id, s.title, s.summary, s.why]
                    + [q.text for q in s.questions]
                    + s.actions
                    + s.evidence
                    + [r.citation for r in s.references]
                ).casefold()
                for s in self.playbook.subcategories
            }
        found = []
        for sub in self.playbook.subcategories:
            if wanted is not None and sub.id not in wanted:
                continue
            if actor is not None and actor not in sub.actors:
                continue
            if topic is not None and topic not in sub.topics:
                continue
            if characteristic is not None and characteristic not in sub.characteristics:
                continue
            if words:
                assert self._guidance_text is not None
                r = self._assessment.response(sub.id)
                answers = "\n".join(
                    [r.notes, r.owner, r.na_justification, r.inherited_from]
                    + [q.comment for q in r.questions.values()]
                ).casefold()
                haystack = self._guidance_text[sub.id] + "\n" + answers
                if not all(w in haystack for w in words):
                    continue
            found.append(sub.id)
        return found

    # -- the one write path --------------------------------------------------------------------
    def _commit(
        self,
        update: dict[str, Any],
        rows: Iterable[tuple[str, str]],
        history: Iterable[tuple[str, str, Any, Any]],
        part: str,
        key: str = "",
        reorder: Iterable[str] = (),
        *,
        allow_final: bool = False,
    ) -> None:
        if self.store.read_only_reason or (self._assessment.is_final and not allow_final):
            raise ReadOnlyError(f"Cannot change {self.path.name}: {self.read_only_reason}.")
        data = self._assessment.model_dump()
        data.update(update)
        try:
            new = Assessment.model_validate(data)
        except ValidationError as exc:
            raise EditError(describe_validation_error(exc)) from None
        self.store.commit(
            new,
            list(rows),
            [
                (self.user, ent, fld, _jsonish(old), _jsonish(newv))
                for ent, fld, old, newv in history
            ],
            reorder=reorder,
        )
        self._assessment = new
        for listener in list(self._listeners):
            listener(part, key)

    # -- profile, scope, settings -------------------------------------------------------------
    def update_profile(self, **changes: Any) -> dict[str, Any]:
        """Change system-profile fields; returns their previous values."""
        old = self._assessment.profile
        unknown = set(changes) - set(SystemProfile.model_fields)
        if unknown:
            raise EditError(f"unknown profile field(s): {', '.join(sorted(unknown))}")
        previous = {k: getattr(old, k) for k in changes}
        new = old.model_dump() | changes
        self._commit(
            {"profile": new},
            [("core", "")],
            [("profile", k, previous[k], v) for k, v in changes.items()],
            "profile",
        )
        return previous

    def set_scope(self, scope: Scope) -> Scope:
        old = self._assessment.scope
        self._commit(
            {"scope": scope}, [("core", "")], [("scope", "exclusions", old, scope)], "scope"
        )
        return old

    def set_default_target(self, level: int) -> int:
        old = self._assessment.default_target
        self._commit(
            {"default_target": level},
            [("core", "")],
            [("settings", "default_target", old, level)],
            "settings",
        )
        return old

    # -- responses -----------------------------------------------------------------------------
    def set_response(self, subcategory_id: str, **changes: Any) -> dict[str, Any]:
        """Change fields of one subcategory's response; returns their previous values."""
        old = self._assessment.response(subcategory_id)
        unknown = set(changes) - set(Response.model_fields) - {"updated_by", "updated_at"}
        if unknown:
            raise EditError(f"unknown response field(s): {', '.join(sorted(unknown))}")
        previous = {k: getattr(old, k) for k in changes}
        stamp = {"updated_by": self.user, "updated_at": dt.datetime.now(dt.UTC)}
        new = old.model_dump() | changes | stamp
        responses = dict(self._assessment.responses)
        responses[subcategory_id] = new  # type: ignore[assignment]
        self._commit(
            {"responses": responses},
            [("response", subcategory_id)],
            [(f"response:{subcategory_id}", k, previous[k], v) for k, v in changes.items()],
            "response",
            subcategory_id,
        )
        return previous

    def set_question(
        self,
        subcategory_id: str,
        question_id: str,
        answer: str | None = None,
        comment: str | None = None,
    ) -> QuestionAnswer:
        """Answer one self-assessment question; returns the previous answer."""
        if question_id not in self.playbook.question_ids(subcategory_id):
            raise EditError(f"{subcategory_id} has no question {question_id}")
        old_q = dict(self._assessment.response(subcategory_id).questions)
        previous = old_q.get(question_id, QuestionAnswer())
        new_q = previous.model_copy(
            update={k: v for k, v in (("answer", answer), ("comment", comment)) if v is not None}
        )
        old_q[question_id] = new_q
        self.set_response(subcategory_id, questions=old_q)
        return previous

    # -- typing bursts ---------------------------------------------------------------------------
    def type_text(self, part: str, key: str, field: str, text: str) -> None:
        """Record a keystroke's result; committed by :meth:`flush_typing` as one edit per burst.

        ``part`` is "profile", "response", "question" (``key`` the subcategory, ``field`` the
        question id, ``text`` its comment), "review" (a one-line field such as the reviewer)
        or an item kind. The GUI calls ``flush_typing``
        from a 500 ms single-shot timer restarted on each keystroke (and on focus change).
        """
        self._pending[(part, key, field)] = text
        self._last_keystroke = self._clock()

    def typing_due(self) -> bool:
        return bool(self._pending) and (
            self._clock() - self._last_keystroke >= TYPING_BURST_SECONDS
        )

    def flush_typing(self) -> None:
        pending, self._pending = self._pending, {}
        for (part, key, field), text in pending.items():
            if part == "profile":
                self.update_profile(**{field: text})
            elif part == "response":
                self.set_response(key, **{field: text})
            elif part == "question":
                self.set_question(key, field, comment=text)
            elif part == "review":
                self.set_review(**{field: text})
            else:
                self.update_item(part, key, **{field: text})  # type: ignore[arg-type]

    def pending_text(self, part: str, key: str, field: str) -> str | None:
        return self._pending.get((part, key, field))

    # -- risks, actions, evidence --------------------------------------------------------------
    def _items(self, kind: ItemKind) -> list[Any]:
        return list(getattr(self._assessment, _LIST_FIELD[kind]))

    def next_id(self, kind: ItemKind) -> str:
        prefix = {"risk": "R", "action": "A", "evidence": "E"}[kind]
        used = {i.id for i in self._items(kind)}
        n = len(used) + 1
        while f"{prefix}-{n:03d}" in used:
            n += 1
        return f"{prefix}-{n:03d}"

    def add_item(
        self, kind: ItemKind, item: Risk | Action | Evidence, position: int | None = None
    ) -> None:
        if not isinstance(item, ITEM_KINDS[kind]):
            raise EditError(f"expected a {kind}")
        items = self._items(kind)
        items.insert(len(items) if position is None else position, item)
        self._commit(
            {_LIST_FIELD[kind]: items},
            [(kind, item.id)],
            [(f"{kind}:{item.id}", "added", None, item)],
            kind,
            item.id,
            reorder=[kind],
        )

    def update_item(self, kind: ItemKind, item_id: str, **changes: Any) -> dict[str, Any]:
        items = self._items(kind)
        idx = self._index(items, kind, item_id)
        old = items[idx]
        if "id" in changes and changes["id"] != item_id:
            raise EditError(f"the id of {kind} {item_id} cannot be changed")
        unknown = set(changes) - set(type(old).model_fields)
        if unknown:
            raise EditError(f"unknown {kind} field(s): {', '.join(sorted(unknown))}")
        previous = {k: getattr(old, k) for k in changes}
        items[idx] = old.model_dump() | changes
        self._commit(
            {_LIST_FIELD[kind]: items},
            [(kind, item_id)],
            [(f"{kind}:{item_id}", k, previous[k], v) for k, v in changes.items()],
            kind,
            item_id,
        )
        return previous

    def remove_item(self, kind: ItemKind, item_id: str) -> tuple[Any, int]:
        """Remove an item; returns it and its position (for undo). Links to it are dropped."""
        items = self._items(kind)
        idx = self._index(items, kind, item_id)
        removed = items.pop(idx)
        update: dict[str, Any] = {_LIST_FIELD[kind]: items}
        rows = [(kind, item_id)]
        if kind == "risk":
            actions = self._items("action")
            for i, a in enumerate(actions):
                if item_id in a.risks:
                    actions[i] = a.model_copy(
                        update={"risks": [r for r in a.risks if r != item_id]}
                    )
                    rows.append(("action", a.id))
            update["actions"] = actions
        self._commit(
            update,
            rows,
            [(f"{kind}:{item_id}", "removed", removed, None)],
            kind,
            item_id,
            reorder=[kind],
        )
        return removed, idx

    @staticmethod
    def _index(items: list[Any], kind: str, item_id: str) -> int:
        for i, it in enumerate(items):
            if it.id == item_id:
                return i
        raise EditError(f"there is no {kind} {item_id}")

    def copy_attachment(
        self,
        path: str | os.PathLike[str],
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Attachment:
        """Copy a file's bytes into the assessment and describe them; no evidence item yet.

        Safe to call from a worker thread: it writes through a connection of its own, one short
        transaction per chunk, so edits on the session's thread go on meanwhile. Add the result
        with :meth:`add_item` (an ``Evidence``) on the session's thread; bytes that are never
        referenced are removed when the file is next opened. Raises ``Cancelled`` if cancelled.
        """
        import mimetypes

        if self.read_only:
            raise ReadOnlyError(f"Cannot change {self.path.name}: {self.read_only_reason}.")
        src = Path(path)
        try:
            total = src.stat().st_size
            with open(src, "rb") as fh, self.store.attachment_writer() as writer:
                sha, size = writer.store_attachment(
                    fh, progress=progress, cancelled=cancelled, total=total
                )
        except OSError as exc:
            raise EditError(f"Cannot read {src.name}: {exc.strerror}.") from None
        media = mimetypes.guess_type(src.name)[0] or "application/octet-stream"
        return Attachment(filename=safe_filename(src.name), media_type=media, size=size, sha256=sha)

    def attach_file(
        self,
        path: str | os.PathLike[str],
        *,
        title: str | None = None,
        subcategories: list[str] | None = None,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] | None = None,
    ) -> Evidence:
        """Copy a file into the assessment (chunked) and add an evidence item for it."""
        attachment = self.copy_attachment(path, progress=progress, cancelled=cancelled)
        evidence = Evidence(
            id=self.next_id("evidence"),
            title=title or Path(path).name,
            attachment=attachment,
            subcategories=subcategories or [],
        )
        self.add_item("evidence", evidence)
        return evidence

    # -- review, finalise, revisions ------------------------------------------------------------
    def set_review(self, **changes: Any) -> dict[str, Any]:
        old = self._assessment.review
        if "state" in changes and changes["state"] == "final":
            raise EditError("use finalise() to make an assessment final")
        previous = {k: getattr(old, k) for k in changes}
        self._commit(
            {"review": old.model_dump() | changes},
            [("core", "")],
            [("review", k, previous[k], v) for k, v in changes.items()],
            "review",
        )
        return previous

    def sign(self, role: SignatureRole, name: str, statement: str = "") -> Signature:
        sig = Signature(
            role=role, name=name, statement=statement, signed_at=dt.datetime.now(dt.UTC)
        )
        sigs = [*self._assessment.review.signatures, sig]
        self.set_review(signatures=sigs)
        return sig

    def finalise(self) -> str:
        """Make the assessment final and read-only; returns the recorded fingerprint.

        The fingerprint is the SHA-256 of the canonical JSON of the final content (with the
        state already "final"), which ``rmf-app export --canonical`` writes byte for byte.
        """
        a = self._assessment
        if a.is_final:
            raise EditError("the assessment is already final")
        if a.review.decision is None:
            raise EditError("record the deployment decision before finalising")
        if not a.review.signatures:
            raise EditError("at least one sign-off is needed before finalising")
        review = a.review.model_copy(
            update={
                "state": "final",
                "finalized_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
            }
        )
        final = Assessment.model_validate(a.model_dump() | {"review": review.model_dump()})
        fp = canonical.fingerprint(final)
        self._commit(
            {"review": review, "fingerprint": fp},
            [("core", "")],
            [("review", "state", a.review.state, "final"), ("assessment", "fingerprint", None, fp)],
            "review",
        )
        assert review.finalized_at is not None
        self.store.add_revision(
            RevisionRecord(
                a.revision,
                review.finalized_at.isoformat(),
                fp,
                canonical.canonical_bytes(self._assessment),
            )
        )
        return fp

    def new_revision(self) -> int:
        """Start an editable next revision of a final assessment; the old one stays recorded."""
        a = self._assessment
        if not a.is_final:
            raise EditError("only a final assessment can start a new revision")
        review = Review(
            assessors=a.review.assessors, reviewer=a.review.reviewer, approver=a.review.approver
        )
        self._commit(
            {"revision": a.revision + 1, "review": review, "fingerprint": None},
            [("core", "")],
            [("assessment", "revision", a.revision, a.revision + 1)],
            "all",
            allow_final=True,
        )
        return self._assessment.revision

    def replace_all(self, assessment: Assessment) -> None:
        """Replace the whole content (import into an open file); one history entry."""
        kinds: list[ItemKind] = ["risk", "action", "evidence"]
        rows = [("core", "")]
        rows += [
            ("response", s) for s in set(self._assessment.responses) | set(assessment.responses)
        ]
        for kind in kinds:
            ids = {i.id for i in self._items(kind)} | {
                i.id for i in getattr(assessment, _LIST_FIELD[kind])
            }
            rows += [(kind, i) for i in ids]
        self._commit(
            assessment.model_dump(),
            rows,
            [("assessment", "replaced", None, None)],
            "all",
            reorder=kinds,
        )


def safe_filename(name: str) -> str:
    """An attachment name safe to write anywhere: no folders, no control or reserved characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join("_" if (ord(c) < 32 or c in '<>:"/\\|?*') else c for c in base).strip(" .")
    if cleaned.upper().split(".")[0] in {
        "CON",
        "PRN",
        "AUX",
        "NUL",
        *(f"COM{i}" for i in range(10)),
        *(f"LPT{i}" for i in range(10)),
    }:
        cleaned = "_" + cleaned
    return cleaned[:200] or "attachment"
