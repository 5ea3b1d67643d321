"""The bundled ISO/IEC 42001 crosswalk against NIST's published table in ../shared/reference.

The pairs are facts: they must equal the table's distinct pairs. NIST's table has 281 rows and
lists one pair (MANAGE 1.1 to B.6.2.4) twice; rmf-app keeps it once, so 280 pairs.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from rmf_app.storage.content import bundled_crosswalk

REF = Path(__file__).resolve().parents[1].parent / "shared" / "reference"
CSV = REF / "crosswalk_ai-rmf-1.0_to_iso-iec-42001.csv"

pytestmark = pytest.mark.skipif(not CSV.is_file(), reason="reference data not here (CI only)")


def _rows() -> list[dict[str, str]]:
    with CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_pairs_equal_the_reference_distinct_pairs():
    rows = _rows()
    ref_pairs = {(r["ai_rmf_subcategory"], r["iso42001_ref"]) for r in rows}
    ours = {(p.subcategory, p.ref) for p in bundled_crosswalk("iso42001").pairs}
    assert ours == ref_pairs
    assert len(rows) == 281 and len(ref_pairs) == 280


def test_the_one_repeated_row_is_the_one_the_source_note_names():
    repeated = [
        pair
        for pair, n in Counter(
            (r["ai_rmf_subcategory"], r["iso42001_ref"]) for r in _rows()
        ).items()
        if n > 1
    ]
    assert repeated == [("MANAGE 1.1", "B.6.2.4")]
    assert "MANAGE 1.1 to B.6.2.4" in bundled_crosswalk("iso42001").source


def test_ref_kinds_follow_the_reference():
    kinds = {r["iso42001_ref"]: r["iso42001_ref_type"] for r in _rows()}
    cw = bundled_crosswalk("iso42001")
    assert {r.id for r in cw.refs} == set(kinds)
    for ref in cw.refs:
        assert (ref.kind == "clause") == (kinds[ref.id] == "Clause"), ref.id


def test_labels_are_ours_not_the_extracted_titles():
    titles = {
        r["iso42001_ref"]: r["iso42001_title_as_extracted"].strip().casefold() for r in _rows()
    }
    same = [r.id for r in bundled_crosswalk("iso42001").refs if r.label.casefold() == titles[r.id]]
    # short headings can coincide ("AI policy"); the labels as a whole are written anew
    assert len(same) <= 3, same
