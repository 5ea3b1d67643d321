"""One open assessment: the object the GUI and the CLI change it through.

Every edit validates the new state and writes it to the file in one transaction with its
history rows. An edit that is refused (an invalid value, a read-only file) changes nothing. An
edit that is valid but cannot be written (disk full, the file replaced or made read-only under
us) is still made in memory and remembered as *unsaved*: every later edit writes it along, and
:meth:`AssessmentSession.save_pending` (a retry) or :meth:`AssessmentSession.save_as` (another
place) writes it on demand, so a failed save never loses what the user typed. Edits return the
previous value so an undo command can put it back. Listeners registered with
:meth:`AssessmentSession.subscribe` hear which part changed, and those registered with
:meth:`AssessmentSession.subscribe_save` hear when the saved state changes (the GUI turns both
into signals).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from ..domain import canonical
from ..domain.assessment import (
    STORED,
    TOO_LONG,
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
    TextPlace,
    describe_place,
    overlong_texts,
)
from ..domain.labels import SignatureRole
from ..domain.overlay_answers import OverlayActionAnswer, OverlayUse
from ..domain.playbook import Playbook
from ..storage.airmf import (
    ITEM_KINDS,
    AirmfFile,
    HistoryEntry,
    HistoryRow,
    Progress,
    RevisionRecord,
)
from ..storage.content import bundled_overlay, bundled_overlay_ids, bundled_playbook
from ..storage.errors import (
    ReadOnlyError,
    SaveError,
    StorageError,
    copy_error,
    describe_validation_error,
    save_error,
)
from ..storage.inputs import open_regular_file

if TYPE_CHECKING:  # the overlay's content is read only for assessments that use one
    from ..domain.overlay import Overlay
    from ..domain.overlay_scoring import OverlayScores

    # the scoring and decision models load on the first full scoring: opening a file and
    # walking it need only domain/progress.py
    from ..domain.scoring import RiskScore, Scores

#: history rows, as the GUI lists them
__all__ = ["AssessmentSession", "HistoryEntry", "ItemKind", "default_user", "safe_filename"]

Listener = Callable[[str, str], None]
SaveListener = Callable[[], None]
_LIST_FIELD = {"risk": "risks", "action": "actions", "evidence": "evidence"}
#: typing is committed at most this long after the last keystroke
TYPING_BURST_SECONDS = 0.5
#: status filters understood by :meth:`AssessmentSession.matching`
STATUS_FILTERS = ("unanswered", "answered", "not_applicable", "gap2")
#: id of the Generative AI Profile overlay
GENAI = "genai"


class EditError(StorageError):
    """An edit was refused (invalid value or read-only); nothing changed."""


def _jsonish(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, BaseModel):
        value = value.model_dump(mode="json")
    elif isinstance(value, list):
        value = [v.model_dump(mode="json") if isinstance(v, BaseModel) else v for v in value]
    elif isinstance(value, dict):  # e.g. question answers: models as JSON, never their repr
        value = {
            k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v
            for k, v in value.items()
        }
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def default_user() -> str:
    for var in ("RMF_APP_USER", "USER", "USERNAME", "LOGNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "unknown"


#: words people search for and the word the framework uses for the same thing: a search for
#: any form of the first also finds the second (NIST AI 600-1 says "confabulation" where most
#: people say "hallucination")
SEARCH_SYNONYMS: dict[str, str] = {"hallucinat": "confabulat"}


def _search_forms(word: str) -> tuple[str, ...]:
    """A search word and the framework's words for the same thing: "hallucin", "hallucination"
    and "hallucinations" also look for "confabulat"."""
    if len(word) < 6:
        return (word,)
    return (word, *(v for k, v in SEARCH_SYNONYMS.items() if k.startswith(word[: len(k)])))


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
        #: texts over their limit that the file already held (written before the limits):
        #: an edit may keep or shorten them, never lengthen them. Found when first needed (an
        #: edit that exceeds a limit), not at open: it validates the whole assessment again.
        self._overlong: dict[TextPlace, tuple[int, int]] | None = None
        self._listeners: list[Listener] = []
        self._pending: dict[tuple[str, str, str], Any] = {}
        self._last_keystroke = 0.0
        self._clock = clock
        self._guidance_text: dict[str, str] | None = None
        #: the GenAI actions' searchable text per subcategory, made when first searched
        self._overlay_search: dict[str, str] = {}
        self._save_listeners: list[SaveListener] = []
        # what is in memory but not in the file yet (a save failed): the rows to write, the
        # history rows (with the time each change was made) and the item kinds to renumber
        self._unsaved_rows: dict[tuple[str, str], None] = {}
        self._unsaved_history: list[HistoryRow] = []
        self._unsaved_reorder: set[str] = set()
        self._save_problem: SaveError | None = None

    # -- life cycle ------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        *,
        read_only: bool = False,
        user: str | None = None,
        allow_damaged: bool = False,
        recover: bool = True,
    ) -> AssessmentSession:
        """Open a file; raises StorageError (DamagedFileError when documents fail their
        checksums). ``allow_damaged`` opens such a file read-only without the damaged parts,
        named in :attr:`damage`; ``recover=False`` refuses a file a crash left with a journal
        to roll back instead of rolling it back (see ``AirmfFile.open``)."""
        store = AirmfFile.open(
            path, read_only=read_only, allow_damaged=allow_damaged, recover=recover
        )
        try:
            return cls(store, user=user)
        except BaseException:
            store.close()  # never keep the file's lock after a failed open
            raise

    @property
    def damage(self) -> list[str]:
        """What was left out of a damaged file opened with ``allow_damaged`` (for the user)."""
        return list(self.store.damage)

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

    @classmethod
    def from_assessment(
        cls, assessment: Assessment, *, source: str | os.PathLike[str], user: str | None = None
    ) -> AssessmentSession:
        """A read-only session over an assessment with no .airmf file behind it: the data of
        a verified PDF report at ``source`` (``services.report_copy``)."""
        from .report_copy import ReportStore

        return cls(ReportStore(Path(source), assessment), user=user)

    @property
    def from_report(self) -> bool:
        """The assessment was opened from a PDF report (no .airmf file behind it)."""
        # no report was opened unless report_copy has been imported: asked on every start,
        # this need not import it
        report_copy = sys.modules.get(f"{__package__}.report_copy")
        return report_copy is not None and isinstance(self.store, report_copy.ReportStore)

    def close(self, *, discard: bool = False) -> None:
        """Write pending typing and unsaved changes, then close the file.

        Raises SaveError, and leaves the session open, when changes still cannot be written;
        with ``discard`` they are dropped and the file is closed whatever happens. Typing
        that is refused (an invalid value) is reported after the file is closed.
        """
        if discard:
            self._pending.clear()
            self._forget_unsaved()
        refused: StorageError | None = None
        if self._pending and not self.read_only:
            try:
                self.flush_typing()
            except StorageError as exc:
                refused = exc
        if self.has_unsaved:
            self.save_pending()
        self.store.close()
        if refused is not None:
            raise refused

    def __enter__(self) -> AssessmentSession:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            self.close()
        except SaveError:
            self.close(discard=True)
            raise

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
        "evidence", "review", "overlay" (an overlay switched on or off, or the register risks
        added from it; ``key`` its id), "overlay_action" (``key`` the action id) or "all"; ``key`` names the item (subcategory or item id) or "".
        """
        self._listeners.append(listener)

    def scores(self, today: dt.date | None = None) -> Scores:
        from ..domain.scoring import score

        return score(self._assessment, self.playbook, today=today)

    def score_risk(self, risk: Risk) -> RiskScore:
        """Score and band a risk still being edited (not added yet) against this assessment's
        bands and tolerance — by the function :meth:`scores` uses for every risk."""
        from ..domain.scoring import risk_score

        return risk_score(risk, self._assessment)

    def band_grid(self) -> list[list[tuple[str, bool]]]:
        """Each heat-map cell's band and whether it is at or above the risk tolerance
        (see :func:`~rmf_app.domain.scoring.band_grid`)."""
        from ..domain.scoring import band_grid

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
        gai_risk: str | None = None,
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
            gai_risk: a risk of the Generative AI Profile: subcategories with an action
                tagged with it.
        """
        if status is not None and status not in STATUS_FILTERS:
            raise ValueError(f"unknown status filter {status!r}")
        words = [_search_forms(w) for w in text.casefold().split()]
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
        gai_subs: set[str] | None = None
        if gai_risk is not None:
            try:
                tagged = self.overlay_content(GENAI).actions_for_risk(gai_risk)
            except KeyError:
                raise ValueError(f"unknown GAI risk {gai_risk!r}") from None
            gai_subs = {a.subcategory for a in tagged}
        found = []
        for sub in self.playbook.subcategories:
            if wanted is not None and sub.id not in wanted:
                continue
            if gai_subs is not None and sub.id not in gai_subs:
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
                if self._assessment.overlay(GENAI) is not None:
                    haystack += "\n" + self._overlay_text(sub.id)
                if not all(any(f in haystack for f in forms) for forms in words):
                    continue
            found.append(sub.id)
        return found

    def _overlay_text(self, subcategory_id: str) -> str:
        """The GenAI Profile actions of a subcategory with their GAI risks' titles, as
        searchable text (lower case)."""
        cache = self._overlay_search
        if subcategory_id not in cache:
            try:
                content = self.overlay_content(GENAI)
            except StorageError:
                return ""
            titles = {r.id: r.title for r in content.risks}
            cache[subcategory_id] = "\n".join(
                " ".join([a.id, a.title, a.how, a.evidence, *(titles.get(r, r) for r in a.risks)])
                for a in content.actions_for(subcategory_id)
            ).casefold()
        return cache[subcategory_id]

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
        keep_unsaved: bool = True,
        revision: Callable[[Assessment], RevisionRecord] | None = None,
    ) -> None:
        """Validate and write one edit (with anything a failed save left unsaved).

        When the write fails and ``keep_unsaved`` is set, the edit is made in memory all the
        same and remembered as unsaved (see :attr:`save_problem`); without it, SaveError is
        raised and nothing changed. ``revision`` makes the record of a final revision from the
        new state, written in the same transaction (finalizing is all or nothing).
        """
        if self.store.read_only_reason or (self._assessment.is_final and not allow_final):
            raise ReadOnlyError(f"Cannot change {self.path.name}: {self.read_only_reason}.")
        data = self._assessment.model_dump()
        data.update(update)
        new = self._validate(data)
        rows = list(rows)
        reorder = set(reorder)
        entries: list[HistoryRow] = [
            (self.user, ent, fld, _jsonish(old), _jsonish(newv)) for ent, fld, old, newv in history
        ]
        was_unsaved = self.has_unsaved
        try:
            self.store.commit(
                new,
                list({**self._unsaved_rows, **dict.fromkeys(rows)}),
                [*self._unsaved_history, *entries],
                reorder=self._unsaved_reorder | reorder,
                revision=None if revision is None else revision(new),
            )
        except (SaveError, sqlite3.Error, OSError) as exc:
            problem = save_error(exc, self.path.name)
            if not keep_unsaved:
                raise problem from None
            made_at = _now()
            self._unsaved_rows.update(dict.fromkeys(rows))
            self._unsaved_history += [(*e, made_at) for e in entries]
            self._unsaved_reorder |= reorder
            self._save_problem = problem
            self._set_assessment(new)
            self._notify(part, key)
            self._notify_save()
            return
        self._forget_unsaved()
        self._set_assessment(new)
        self._notify(part, key)
        if was_unsaved:
            self._notify_save()

    def _notify(self, part: str, key: str) -> None:
        for listener in list(self._listeners):
            listener(part, key)

    def _notify_save(self) -> None:
        for listener in list(self._save_listeners):
            listener()

    def _forget_unsaved(self) -> None:
        self._unsaved_rows.clear()
        self._unsaved_history.clear()
        self._unsaved_reorder.clear()
        self._save_problem = None

    # -- the saved state -----------------------------------------------------------------------
    def subscribe_save(self, listener: SaveListener) -> None:
        """Call ``listener()`` when a save fails or unsaved changes are written at last (read
        :attr:`has_unsaved` and :attr:`save_problem` for the state)."""
        self._save_listeners.append(listener)

    @property
    def has_unsaved(self) -> bool:
        """True while changes made in memory are not in the file (a save failed)."""
        return bool(self._unsaved_rows)

    @property
    def save_problem(self) -> SaveError | None:
        """Why the last save failed (disk full, file replaced, …), while anything is unsaved."""
        return self._save_problem

    def unsaved_changes(self) -> list[str]:
        """What is not in the file yet, one line per changed field, oldest first (for a
        message such as "3 changes are not saved: …")."""
        seen: dict[str, None] = {}
        for entry in self._unsaved_history:
            seen[_describe_change(entry[1], entry[2])] = None
        for part, key, field in self._pending:
            seen[_describe_change(f"{part}:{key}" if key else part, field)] = None
        return list(seen)

    def save_pending(self) -> None:
        """Write the changes a failed save left unsaved (a retry); nothing to do when there
        are none. Raises SaveError (and keeps them) when the file still cannot be written."""
        if not self.has_unsaved:
            return
        try:
            self.store.commit(
                self._assessment,
                list(self._unsaved_rows),
                list(self._unsaved_history),
                reorder=set(self._unsaved_reorder),
            )
        except (SaveError, sqlite3.Error, OSError) as exc:
            self._save_problem = save_error(exc, self.path.name)
            self._notify_save()
            raise self._save_problem from None
        self._forget_unsaved()
        self._notify_save()

    def save_as(self, target: str | os.PathLike[str]) -> None:
        """Write everything in memory, unsaved changes included, as a complete new file at
        ``target`` (history, revisions and attachments come along), then go on editing that
        file; the file opened before is closed and left as it is.

        Raises StorageError (SaveError when writing failed) and changes nothing when the copy
        cannot be made.
        """
        if self._pending and not self.read_only:
            self.flush_typing()
        was_read_only = self.read_only
        try:
            store = self.store.save_as(
                target,
                self._assessment,
                list(self._unsaved_rows),
                list(self._unsaved_history),
                reorder=set(self._unsaved_reorder),
            )
        except (sqlite3.Error, OSError) as exc:
            raise copy_error(exc, target) from None
        self.store = store
        self._forget_unsaved()
        self._assessment = store.load()
        self._notify_save()
        if self.read_only != was_read_only:
            self._notify("all", "")

    def _require_saved(self, what: str) -> None:
        """Milestones are recorded only on top of a file that holds everything."""
        if not self.has_unsaved:
            return
        try:
            self.save_pending()
        except SaveError as exc:
            raise SaveError(
                f"Cannot {what} while changes are not saved: {exc}", exc.short, exc.reason
            ) from None
    def _set_assessment(self, new: Assessment) -> None:
        self._assessment = new
        if self._overlong:  # None: not needed yet; empty: an edit cannot make a text overlong
            self._overlong = overlong_texts(new.model_dump())

    def _validate(self, data: dict[str, Any]) -> Assessment:
        """The new state, or EditError saying what is wrong with it.

        A text over its limit is refused, unless the file already held it that long (from
        before the limits existed) and the edit does not make it longer.
        """
        try:
            return Assessment.model_validate(data)
        except ValidationError as exc:
            if any(e["type"] != TOO_LONG for e in exc.errors()):
                raise EditError(describe_validation_error(exc)) from None
        try:
            new = Assessment.model_validate(data, context=STORED)
        except ValidationError as exc:
            raise EditError(describe_validation_error(exc)) from None
        if self._overlong is None:  # the texts the current state holds over their limits
            self._overlong = overlong_texts(self._assessment.model_dump())
        for place, (length, limit) in overlong_texts(data).items():
            before = self._overlong.get(place, (0, limit))[0]
            if length > before:
                kept = (
                    f" (the {before:,} characters it held from before the limit may be "
                    "shortened, not lengthened)"
                    if before
                    else ""
                )
                raise EditError(
                    f"{describe_place(place)} is {length:,} characters; the limit is "
                    f"{limit:,}{kept}."
                )
        return new

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
        "overlay_action" (``key`` "overlay id/action id", ``field`` "note" or "na_reason")
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
        """Commit the typing pending in every field. A field whose text is refused does not
        keep the others from being written; the first refusal is raised at the end."""
        pending, self._pending = self._pending, {}
        refused: StorageError | None = None
        for (part, key, field), text in pending.items():
            try:
                if part == "profile":
                    self.update_profile(**{field: text})
                elif part == "response":
                    self.set_response(key, **{field: text})
                elif part == "question":
                    self.set_question(key, field, comment=text)
                elif part == "review":
                    self.set_review(**{field: text})
                elif part == "overlay_action":
                    overlay_id, action_id = key.split("/", 1)
                    self.set_overlay_action(overlay_id, action_id, **{field: text})
                else:
                    self.update_item(part, key, **{field: text})  # type: ignore[arg-type]
            except StorageError as exc:
                refused = refused or exc
        if refused is not None:
            raise refused

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
        rows: list[tuple[str, str]] = [(kind, item_id)]
        if kind == "risk":
            actions = self._items("action")
            for i, a in enumerate(actions):
                if item_id in a.risks:
                    actions[i] = a.model_copy(
                        update={"risks": [r for r in a.risks if r != item_id]}
                    )
                    rows.append(("action", a.id))
            update["actions"] = actions
        if any(
            item_id in ans.links() for o in self._assessment.overlays for ans in o.answers.values()
        ) or (
            kind == "risk"
            and any(
                item_id in ids
                for o in self._assessment.overlays
                for ids in o.register_risks.values()
            )
        ):
            update["overlays"] = [_unlink(o, kind, item_id) for o in self._assessment.overlays]
            rows.append(("core", ""))
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
        referenced are removed by Compact file (``rmf-app compact``). Raises ``Cancelled`` if
        cancelled.
        """
        import mimetypes

        if self.read_only:
            raise ReadOnlyError(f"Cannot change {self.path.name}: {self.read_only_reason}.")
        src = Path(path)
        try:
            with open_regular_file(src, "attached") as fh, self.store.attachment_writer() as writer:
                total = os.fstat(fh.fileno()).st_size
                sha, size = writer.store_attachment(
                    fh, progress=progress, cancelled=cancelled, total=total
                )
        except (sqlite3.Error, SaveError) as exc:
            raise EditError(
                f"{src.name} was not attached: {save_error(exc, self.path.name).reason}."
            ) from None
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

    # -- overlays ------------------------------------------------------------------------------
    def overlay_content(self, overlay_id: str) -> Overlay:
        """A bundled overlay's content. Raises ContentError when it is not bundled."""
        return bundled_overlay(overlay_id)

    def overlay_scores(self) -> dict[str, OverlayScores]:
        """Action coverage of each switched-on overlay that rmf-app bundles, by overlay id."""
        result: dict[str, OverlayScores] = {}
        for use in self._assessment.overlays:
            if use.id in bundled_overlay_ids():
                from ..domain.overlay_scoring import overlay_scores  # only when one is used

                sc = overlay_scores(self._assessment, self.overlay_content(use.id))
                if sc is not None:
                    result[use.id] = sc
        return result

    def set_overlays(self, overlays: list[OverlayUse]) -> list[OverlayUse]:
        """Replace the list of switched-on overlays (with their answers); returns the old one.

        Switching an overlay off drops its answers (undo brings them back)."""
        old = list(self._assessment.overlays)
        for o in overlays:
            if o.id not in bundled_overlay_ids():
                raise EditError(f"rmf-app has no overlay {o.id!r}")
        before = {o.id for o in old}
        after = {o.id for o in overlays}
        history: list[tuple[str, str, Any, Any]] = [
            (f"overlay:{i}", "switched on", None, i) for i in sorted(after - before)
        ]
        history += [(f"overlay:{i}", "switched off", i, None) for i in sorted(before - after)]
        history += [
            (f"overlay:{o.id}", "answers restored", None, len(o.answers))
            for o in overlays
            if o.id in before and o != next(x for x in old if x.id == o.id)
        ]
        self._commit(
            {"overlays": overlays},
            [("core", "")],
            history or [("overlay", "list", old, overlays)],
            "overlay",
        )
        return old

    def switch_overlay(self, overlay_id: str, on: bool) -> list[OverlayUse]:
        """Switch a bundled overlay on (recording its version) or off; returns the old list."""
        current = list(self._assessment.overlays)
        if on:
            if any(o.id == overlay_id for o in current):
                return current
            try:
                version = self.overlay_content(overlay_id).version
            except StorageError as exc:
                raise EditError(str(exc)) from None
            return self.set_overlays([*current, OverlayUse(id=overlay_id, version=version)])
        if not any(o.id == overlay_id for o in current):
            return current
        return self.set_overlays([o for o in current if o.id != overlay_id])

    def set_overlay_action(self, overlay_id: str, action_id: str, **changes: Any) -> dict[str, Any]:
        """Change fields of one overlay action's answer; returns their previous values."""
        use = self._assessment.overlay(overlay_id)
        if use is None:
            raise EditError(f"the {overlay_id} overlay is not switched on for this assessment")
        try:
            self.overlay_content(overlay_id).action(action_id)
        except KeyError:
            raise EditError(f"the {overlay_id} overlay has no action {action_id}") from None
        unknown = (
            set(changes) - set(OverlayActionAnswer.model_fields) - {"updated_by", "updated_at"}
        )
        if unknown:
            raise EditError(f"unknown overlay answer field(s): {', '.join(sorted(unknown))}")
        old = use.answer(action_id)
        previous = {k: getattr(old, k) for k in changes}
        stamp = {"updated_by": self.user, "updated_at": dt.datetime.now(dt.UTC)}
        try:
            new = OverlayActionAnswer.model_validate(old.model_dump() | changes | stamp)
        except ValidationError as exc:
            raise EditError(describe_validation_error(exc)) from None
        answers = dict(use.answers)
        if new.is_blank():
            answers.pop(action_id, None)
        else:
            answers[action_id] = new
        overlays = [
            o.model_copy(update={"answers": answers}) if o.id == overlay_id else o
            for o in self._assessment.overlays
        ]
        self._commit(
            {"overlays": [o.model_dump() for o in overlays]},
            [("core", "")],
            [(f"overlay:{overlay_id}/{action_id}", k, previous[k], v) for k, v in changes.items()],
            "overlay_action",
            action_id,
        )
        return previous

    def add_overlay_risks(self, overlay_id: str, risks: list[tuple[str, Risk]]) -> None:
        """Add register risks standing for overlay risks, as one edit.

        ``risks`` pairs an overlay risk id with the new register risk that stands for it."""
        use = self._assessment.overlay(overlay_id)
        if use is None:
            raise EditError(f"the {overlay_id} overlay is not switched on for this assessment")
        content = self.overlay_content(overlay_id)
        links = {k: list(v) for k, v in use.register_risks.items()}
        for gai_id, risk in risks:
            try:
                content.risk(gai_id)
            except KeyError:
                raise EditError(f"the {overlay_id} overlay has no risk {gai_id!r}") from None
            links.setdefault(gai_id, []).append(risk.id)
        overlays = [
            o.model_copy(update={"register_risks": links}) if o.id == overlay_id else o
            for o in self._assessment.overlays
        ]
        self._commit(
            {
                "risks": [*self._assessment.risks, *(r for _, r in risks)],
                "overlays": [o.model_dump() for o in overlays],
            },
            [("core", ""), *(("risk", r.id) for _, r in risks)],
            [(f"risk:{r.id}", "added", None, r) for _, r in risks]
            + [(f"overlay:{overlay_id}", f"risk {g}", None, r.id) for g, r in risks],
            "overlay",
            overlay_id,
            reorder=["risk"],
        )

    def remove_overlay_risks(self, overlay_id: str, risk_ids: list[str]) -> None:
        """Remove register risks added from an overlay (and their links), as one edit."""
        gone = set(risk_ids)
        missing = gone - {r.id for r in self._assessment.risks}
        if missing:
            raise EditError(f"there is no risk {', '.join(sorted(missing))}")
        overlays = self._assessment.overlays
        for rid in risk_ids:
            overlays = [_unlink(o, "risk", rid) for o in overlays]
        actions = [
            a.model_copy(update={"risks": [r for r in a.risks if r not in gone]})
            for a in self._assessment.actions
        ]
        self._commit(
            {
                "risks": [r for r in self._assessment.risks if r.id not in gone],
                "actions": actions,
                "overlays": [o.model_dump() for o in overlays],
            },
            [("core", ""), *(("risk", i) for i in risk_ids)]
            + [("action", a.id) for a in self._assessment.actions if gone & set(a.risks)],
            [(f"risk:{i}", "removed", self._assessment.risk(i), None) for i in risk_ids],
            "overlay",
            overlay_id,
            reorder=["risk"],
        )

    # -- review, finalise, revisions ------------------------------------------------------------
    def set_review(self, **changes: Any) -> dict[str, Any]:
        old = self._assessment.review
        if "state" in changes and changes["state"] == "final":
            raise EditError("use finalize() to make an assessment final")
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

    def finalize_blockers(self) -> list[str]:
        """What must be done before the assessment can be finalized (empty: nothing), in
        words that follow "Cannot finalize yet:"."""
        a = self._assessment
        missing = []
        if a.review.decision is None:
            missing.append("record the deployment decision")
        if not a.review.signatures:
            missing.append("add at least one sign-off")
        return missing

    def finalise(self) -> str:
        """Make the assessment final and read-only; returns the recorded fingerprint.

        The fingerprint is the SHA-256 of the canonical JSON of the final content (with the
        state already "final"), which ``rmf-app export --canonical`` writes byte for byte.
        """
        a = self._assessment
        if a.is_final:
            raise EditError("the assessment is already final")
        self._require_saved("finalize")
        missing = self.finalize_blockers()
        if missing:
            raise EditError(f"{' and '.join(missing)} before finalizing")
        review = a.review.model_copy(
            update={
                "state": "final",
                "finalized_at": dt.datetime.now(dt.UTC).replace(microsecond=0),
            }
        )
        final = Assessment.model_validate(
            a.model_dump() | {"review": review.model_dump()}, context=STORED
        )
        fp = canonical.fingerprint(final)
        finalized_at = review.finalized_at
        assert finalized_at is not None
        # the final state and the record of the revision: one transaction, so a crash or a
        # full disk never leaves a final assessment without its recorded revision (or the
        # reverse)
        self._commit(
            {"review": review, "fingerprint": fp},
            [("core", "")],
            [("review", "state", a.review.state, "final"), ("assessment", "fingerprint", None, fp)],
            "review",
            keep_unsaved=False,
            revision=lambda new: RevisionRecord(
                a.revision, finalized_at.isoformat(), fp, canonical.canonical_bytes(new)
            ),
        )
        return fp

    def new_revision(self) -> int:
        """Start an editable next revision of a final assessment; the old one stays recorded."""
        a = self._assessment
        if not a.is_final:
            raise EditError("only a final assessment can start a new revision")
        self._require_saved("start a new revision")
        review = Review(
            assessors=a.review.assessors, reviewer=a.review.reviewer, approver=a.review.approver
        )
        self._commit(
            {"revision": a.revision + 1, "review": review, "fingerprint": None},
            [("core", "")],
            [("assessment", "revision", a.revision, a.revision + 1)],
            "all",
            allow_final=True,
            keep_unsaved=False,
        )
        return self._assessment.revision

    def replace_all(self, assessment: Assessment) -> None:
        """Replace the whole content (import into an open file); one history entry."""
        self._require_saved("replace the assessment")
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
            keep_unsaved=False,
        )


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


_PARTS = {"profile": "System profile", "scope": "Scope", "settings": "Settings", "review": "Review"}


def _describe_change(entity: str, field: str) -> str:
    """A change history entity and field as a reader would name them ("MAP 1.1: notes")."""
    kind, _, key = entity.partition(":")
    if kind in ("response", "question"):
        where = key
    elif kind in ITEM_KINDS:
        where = f"{kind.capitalize()} {key}"
    else:
        where = _PARTS.get(kind, kind.capitalize())
    return f"{where}: {field.replace('_', ' ')}"


def _unlink(use: OverlayUse, kind: str, item_id: str) -> OverlayUse:
    """The overlay answers without any link to a register item that is being removed."""
    field = {"risk": "risks", "action": "actions", "evidence": "evidence"}[kind]
    answers = {
        aid: ans.model_copy(update={field: [i for i in getattr(ans, field) if i != item_id]})
        for aid, ans in use.answers.items()
    }
    answers = {aid: ans for aid, ans in answers.items() if not ans.is_blank()}
    register = use.register_risks
    if kind == "risk":
        register = {g: [i for i in ids if i != item_id] for g, ids in register.items()}
    return OverlayUse.model_validate(
        use.model_dump() | {"answers": answers, "register_risks": register}
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
