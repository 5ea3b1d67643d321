"""Opening damaged files in the window: a specific message (or the file opens), never a
traceback or the catch-all dialog, and the file is left as it was (issue #12 points 8 and 12)."""

from __future__ import annotations

import hashlib
import random

import pytest

from tests import damaged_files

#: the wording of the window's catch-all dialog for errors nobody anticipated
CATCH_ALL = "check that it is an rmf-app assessment"


def _sample(demo: bytes) -> list[damaged_files.Case]:
    cases = damaged_files.all_cases(demo)
    rng = random.Random(8)
    chosen = [c for c in cases if c.kind in ("json", "content")]
    chosen += rng.sample([c for c in cases if c.kind not in ("json", "content")], 24)
    return chosen


@pytest.mark.slow
def test_damaged_files_open_with_a_clear_message(window, interaction, demo_path, tmp_path):
    problems = []
    for case in _sample(demo_path.read_bytes()):
        path = damaged_files.make(case, demo_path, tmp_path / "corpus")
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        interaction.messages.clear()
        opened = window.open_path(path)
        messages = list(interaction.messages)
        if opened:
            window.close_file()
        else:
            if len(messages) != 1 or messages[0].kind != "error":
                problems.append(f"{case.name}: {messages}")
            elif CATCH_ALL in messages[0].text or "Traceback" in messages[0].text:
                problems.append(f"{case.name}: {messages[0].text}")
            elif "damaged.airmf" not in messages[0].text:
                problems.append(f"{case.name}: the message does not name the file")
        if hashlib.sha256(path.read_bytes()).hexdigest() != before:
            problems.append(f"{case.name}: the file was changed")
        left = sorted(p.name for p in path.parent.iterdir())
        if left != ["damaged.airmf"]:
            problems.append(f"{case.name}: left {left}")
    assert problems == []
