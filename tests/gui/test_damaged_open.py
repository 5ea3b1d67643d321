"""Opening damaged files in the window: a specific message, or the offer to open read-only what
is intact with a banner naming the damage — never a traceback or the catch-all dialog, and the
file is left as it was (issue #12 points 8 and 12)."""

from __future__ import annotations

import hashlib
import random

import pytest

from tests import damaged_files

#: the wording of the window's catch-all dialog for errors nobody anticipated
CATCH_ALL = "check that it is an rmf-app assessment"
OFFER = "confirm: damaged.airmf is damaged"


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _sample(demo: bytes) -> list[damaged_files.Case]:
    cases = damaged_files.all_cases(demo)
    rng = random.Random(8)
    chosen = [c for c in cases if c.kind in ("json", "content")]
    chosen += rng.sample([c for c in cases if c.kind not in ("json", "content")], 24)
    return chosen


def _open(window, interaction, path, *answers):
    interaction.messages.clear()
    interaction.prompts.clear()
    interaction.answers.clear()
    interaction.answers.extend(answers)
    return window.open_path(path)


def test_a_damaged_document_is_offered_read_only_with_a_banner(window, interaction, demo_path):
    case = next(c for c in damaged_files.content_cases() if c.name == "content-risk-text")
    damaged_files.make(case, demo_path, demo_path.parent)
    path = demo_path.parent / case.name / "damaged.airmf"
    before = _digest(path)

    assert not _open(window, interaction, path)  # the offer declined: nothing opens
    assert interaction.prompts == [OFFER] and interaction.messages == []
    assert window.session is None

    assert _open(window, interaction, path, True)
    assert interaction.prompts == [OFFER] and interaction.messages == []
    s = window.session
    assert s.read_only and s.damage == ["risk R-003 (does not match its checksum)"]
    assert "R-003" not in [r.id for r in s.assessment.risks]
    assert window.notice.isVisible()
    text = window.notice.text()
    assert "damaged.airmf is damaged and open read-only" in text and "risk R-003" in text
    assert not window.qactions["undo"].isEnabled()
    assert window.qactions["export"].isEnabled()  # what is intact can be exported
    window.close_file()
    assert _digest(path) == before


@pytest.mark.slow
def test_damaged_files_open_with_a_clear_message(window, interaction, demo_path, tmp_path):
    problems = []
    for case in _sample(demo_path.read_bytes()):
        path = damaged_files.make(case, demo_path, tmp_path / "corpus")
        before = _digest(path)
        opened = _open(window, interaction, path, True)
        offered = OFFER in interaction.prompts
        messages = list(interaction.messages)
        if opened:
            s = window.session
            if offered:
                shown = window.notice.text() if window.notice.isVisible() else ""
                if not s.read_only or not s.damage or "is damaged" not in shown:
                    problems.append(f"{case.name}: opened damaged without saying so")
                for name in case.documents:
                    if name not in shown:
                        problems.append(f"{case.name}: the banner does not name {name}")
            elif case.documents:
                problems.append(f"{case.name}: changed documents were not detected")
            window.close_file()
        elif len(messages) != 1 or messages[0].kind != "error":
            problems.append(f"{case.name}: {messages}")
        elif CATCH_ALL in messages[0].text or "Traceback" in messages[0].text:
            problems.append(f"{case.name}: {messages[0].text}")
        elif "damaged.airmf" not in messages[0].text:
            problems.append(f"{case.name}: the message does not name the file")
        if _digest(path) != before:
            problems.append(f"{case.name}: the file was changed")
        left = sorted(p.name for p in path.parent.iterdir())
        if left != ["damaged.airmf"]:
            problems.append(f"{case.name}: left {left}")
    assert problems == []
