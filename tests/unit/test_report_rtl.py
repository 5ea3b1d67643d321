"""Right-to-left paragraphs that wrap: lines in reading order, each line in display order.

A long Hebrew and a long Arabic text in a paragraph (the system's description), a table cell
of one style (a risk's description) and a cell mixing styles (an action's bold title and its
description). pypdf turns each printed right-to-left line back into logical order, so the
printed lines, read top to bottom, must give the text as typed: the first words on the first
line. A whole-paragraph reordering (the end of the text on the first line) or no reordering
(each line backwards) fails.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from rmf_app.domain.assessment import STORED, Assessment
from rmf_app.services.demo import demo_assessment
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.storage.content import bundled_playbook

pytestmark = pytest.mark.slow

HEB = "אבגדהוזחטיכלמנסעפצקרשת"
#: 60 made-up four-letter Hebrew words, so each line's words are told apart
HEBREW = " ".join(
    HEB[i % 22] + HEB[(i * 7 + 3) % 22] + HEB[(i * 5 + 1) % 22] + HEB[i * 3 % 22] for i in range(60)
)
ARA = "بتثجحخسشصضطظعغفقكلمنهي"
#: 70 made-up Arabic words (no digits: pypdf reads a line with digits back as drawn)
ARABIC = " ".join(
    ARA[i % 22] + ARA[(i * 7 + 3) % 22] + ARA[(i * 5 + 1) % 22] + ARA[i * 3 % 22] + "ة"
    for i in range(70)
)


def is_rtl_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return bool(letters) and all(
        0x0590 <= ord(c) <= 0x06FF or 0xFB1D <= ord(c) <= 0xFEFC for c in letters
    )


def rtl_blocks(reader: PdfReader) -> list[list[str]]:
    """Runs of consecutive printed lines of right-to-left words, as pypdf reads them."""
    blocks: list[list[str]] = []
    current: list[str] = []
    for page in reader.pages:
        for line in (page.extract_text() or "").splitlines():
            if is_rtl_line(line):
                current.append(" ".join(line.split()))
            elif current:
                blocks.append(current)
                current = []
    if current:
        blocks.append(current)
    return blocks


@pytest.fixture(scope="module")
def blocks(tmp_path_factory: pytest.TempPathFactory) -> list[list[str]]:
    d = demo_assessment()[0].model_dump(mode="json")
    d["profile"]["description"] = HEBREW
    d["risks"][0]["description"] = ARABIC
    d["actions"][0]["description"] = HEBREW
    out = tmp_path_factory.mktemp("rtl") / "out.pdf"
    PdfExportJob(
        Assessment.model_validate(d, context=STORED), bundled_playbook(), out,
        PdfExportOptions(), now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), reproducible=True,
    ).run()  # fmt: skip
    return rtl_blocks(PdfReader(out))


def shaped(text: str) -> str:
    import arabic_reshaper

    return str(arabic_reshaper.reshape(text))


@pytest.mark.parametrize("text", [HEBREW, ARABIC], ids=["hebrew", "arabic"])
def test_wrapped_right_to_left_lines_read_in_order(blocks: list[list[str]], text: str) -> None:
    expected = " ".join(shaped(text).split())
    found = [b for b in blocks if " ".join(b) == expected]
    # Hebrew: the description paragraph and the action's cell; Arabic: the risk's cell
    assert len(found) == (2 if text is HEBREW else 1), blocks
    for lines in found:
        assert len(lines) >= 3  # the text wraps
        assert lines[0].split()[:3] == expected.split()[:3]


def test_bidi_libraries_load_only_for_right_to_left_text(tmp_path: Path) -> None:
    code = (
        "import sys, datetime as dt\n"
        "from rmf_app.services.demo import demo_assessment\n"
        "from rmf_app.services.export import PdfExportJob, PdfExportOptions\n"
        "from rmf_app.storage.content import bundled_playbook\n"
        f"PdfExportJob(demo_assessment()[0], bundled_playbook(), {str(tmp_path / 'o.pdf')!r},"
        " PdfExportOptions(executive=True)).run()\n"
        "print(sorted(m for m in ('bidi', 'arabic_reshaper') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
