"""The service layer: edits, typing bursts, finalise with fingerprint, revisions."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest

from rmf_app.domain.assessment import Action, DeploymentDecision, Risk
from rmf_app.services.session import AssessmentSession, EditError, safe_filename
from rmf_app.storage import interchange
from rmf_app.storage.errors import ReadOnlyError


@pytest.fixture
def session(new_file):
    s = AssessmentSession.open(new_file, user="Ann")
    yield s
    s.close()


def test_edit_is_durable_immediately(session, new_file):
    heard = []
    session.subscribe(lambda part, key: heard.append((part, key)))
    session.set_response("MAP 1.1", current=2, notes="first")
    with AssessmentSession.open(new_file, read_only=True) as other:
        r = other.assessment.responses["MAP 1.1"]
    assert (r.current, r.notes, r.updated_by) == (2, "first", "Ann")
    assert heard == [("response", "MAP 1.1")]


def test_invalid_edit_changes_nothing(session, new_file):
    before = new_file.read_bytes()
    with pytest.raises(EditError, match="current"):
        session.set_response("MAP 1.1", current=9)
    with pytest.raises(EditError, match="na_justification"):
        session.set_response("MAP 1.1", applicability="not_applicable")
    assert new_file.read_bytes() == before
    assert "MAP 1.1" not in session.assessment.responses


def test_previous_values_allow_undo(session):
    prev = session.set_response("GOVERN 1.1", current=3)
    assert prev == {"current": None}
    session.set_response("GOVERN 1.1", **prev)
    assert session.assessment.response("GOVERN 1.1").current is None


def test_question_answers(session):
    session.set_question("GOVERN 1.1", "GV-1.1-Q2", answer="partly", comment="memo pending")
    q = session.assessment.response("GOVERN 1.1").questions["GV-1.1-Q2"]
    assert (q.answer, q.comment) == ("partly", "memo pending")
    with pytest.raises(EditError, match="no question"):
        session.set_question("GOVERN 1.1", "GV-1.1-Q99", answer="yes")


def test_typing_is_committed_in_bursts(new_file):
    now = [0.0]
    with AssessmentSession.open(new_file, user="Ann") as s:
        s._clock = lambda: now[0]
        for i, text in enumerate(["d", "dr", "dra", "draft"]):
            now[0] = i * 0.1
            s.type_text("response", "MAP 1.2", "notes", text)
            assert not s.typing_due()
        now[0] = 0.3 + 0.5
        assert s.typing_due()
        s.flush_typing()
        history = s.store.history("response:MAP 1.2")
    assert [(h.field, h.old, h.new) for h in history] == [("notes", "", "draft")]


def test_items_add_update_remove_with_links(session):
    session.add_item("risk", Risk(id="R-001", title="Bias", likelihood=3, impact=4))
    session.add_item("action", Action(id="A-001", title="Test", risks=["R-001"]))
    session.update_item("risk", "R-001", subcategories=["MEASURE 2.11"])
    risks, actions, _ = session.assessment.links_to("MEASURE 2.11")
    assert [r.id for r in risks] == ["R-001"] and actions == []
    removed, pos = session.remove_item("risk", "R-001")
    assert pos == 0 and removed.title == "Bias"
    assert session.assessment.action("A-001").risks == []  # dangling link dropped
    session.add_item("risk", removed, pos)  # undo
    assert session.assessment.risk("R-001").subcategories == ["MEASURE 2.11"]
    assert session.next_id("risk") == "R-002"


def test_attach_file(session, tmp_path):
    src = tmp_path / "model card.md"
    src.write_bytes(b"# Model card\n")
    ev = session.attach_file(src, subcategories=["MAP 2.2"])
    assert ev.attachment.sha256 == hashlib.sha256(b"# Model card\n").hexdigest()
    assert ev.attachment.media_type == "text/markdown"
    assert b"".join(session.store.iter_attachment(ev.attachment.sha256)) == b"# Model card\n"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\x\\report.pdf", "report.pdf"),
        ("a<b>:c?.txt", "a_b__c_.txt"),
        ("CON.txt", "_CON.txt"),
        ("..", "attachment"),
    ],
)
def test_safe_filename(name, safe):
    assert safe_filename(name) == safe


def _ready_to_finalise(s: AssessmentSession) -> None:
    s.set_review(decision=DeploymentDecision(outcome="proceed", rationale="fine"))
    s.sign("assessor", "Ann", "answers are complete")


def test_finalise_records_fingerprint_of_canonical_json(session, tmp_path):
    session.set_response("GOVERN 1.1", current=3)
    with pytest.raises(EditError, match="deployment decision"):
        session.finalise()
    _ready_to_finalise(session)
    fp = session.finalise()
    out = tmp_path / "canonical.json"
    interchange.export_canonical(session.store, out)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == fp
    data = json.loads(out.read_bytes())
    assert "fingerprint" not in data and data["review"]["state"] == "final"
    assert session.assessment.fingerprint == fp
    assert session.store.revisions()[0].fingerprint == fp
    # final means read-only
    assert session.read_only
    with pytest.raises(ReadOnlyError, match="final"):
        session.set_response("GOVERN 1.1", current=4)


def test_new_revision_keeps_the_old_one(session):
    _ready_to_finalise(session)
    fp = session.finalise()
    assert session.new_revision() == 2
    a = session.assessment
    assert a.review.state == "draft" and a.fingerprint is None and a.review.signatures == []
    session.set_response("GOVERN 1.1", current=4)  # editable again
    old = session.store.revisions()
    assert [(r.revision, r.fingerprint) for r in old] == [(1, fp)]
    assert hashlib.sha256(old[0].canonical).hexdigest() == fp


def test_read_only_session_refuses_edits(new_file):
    with AssessmentSession.open(new_file, read_only=True) as s:
        assert s.read_only
        with pytest.raises(ReadOnlyError):
            s.set_response("GOVERN 1.1", current=1)


def test_scores_follow_edits(session):
    assert session.scores().overall.completion.numerator == 0
    session.set_response("GOVERN 1.1", current=3)
    session.set_response("GOVERN 1.2", applicability="not_applicable", na_justification="none")
    sc = session.scores(today=dt.date(2026, 1, 1))
    assert sc.overall.completion.numerator == 2 and sc.overall.at_target.numerator == 1


def test_attachment_copy_runs_on_another_thread_while_edits_go_on(session, tmp_path):
    import threading

    from rmf_app.domain.assessment import Evidence
    from rmf_app.storage import schema

    src = tmp_path / "big.bin"
    src.write_bytes(b"x" * (3 * schema.CHUNK_SIZE + 5))
    edited = threading.Event()
    result = {}

    def progress(done, total):
        if done == schema.CHUNK_SIZE and not edited.is_set():
            edited.wait(timeout=30)  # hold the copy mid-way until the edit has committed

    def work():
        result["att"] = session.copy_attachment(src, progress=progress)

    t = threading.Thread(target=work)
    t.start()
    session.set_response("MAP 1.1", current=2)  # an edit on this thread during the copy
    edited.set()
    t.join(timeout=60)
    att = result["att"]
    assert att.size == src.stat().st_size and att.filename == "big.bin"
    session.add_item("evidence", Evidence(id="E-001", title="big", attachment=att))
    assert b"".join(session.store.iter_attachment(att.sha256)) == src.read_bytes()
    assert session.assessment.response("MAP 1.1").current == 2
