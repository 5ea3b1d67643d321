"""JSON and CSV interchange."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rmf_app.domain.assessment import Risk
from rmf_app.domain.scoring import score
from rmf_app.services.session import AssessmentSession
from rmf_app.storage import interchange
from rmf_app.storage.airmf import AirmfFile
from rmf_app.storage.content import bundled_playbook
from rmf_app.storage.errors import InterchangeError, StorageError


@pytest.fixture
def full_file(tmp_path, full):
    path = tmp_path / "full.airmf"
    AirmfFile.create(path, full, "tester").close()
    with AssessmentSession.open(path, user="Ann") as s:
        att = tmp_path / "card.md"
        att.write_bytes("# Card ✓\n".encode())
        s.attach_file(att, subcategories=["MAP 2.2"])
        s.set_response("MAP 1.1", current=2)
    return path


def test_json_round_trip_is_exact(tmp_path, full_file):
    a_json, b_airmf, b_json = tmp_path / "a.json", tmp_path / "b.airmf", tmp_path / "b.json"
    with AirmfFile.open(full_file) as f:
        interchange.export_json(f, a_json)
        original = f.load()
        history = f.history()
    interchange.import_json(a_json, b_airmf, "importer")
    with AirmfFile.open(b_airmf) as f:
        assert f.load() == original
        assert f.history() == history
        interchange.export_json(f, b_json)
    assert a_json.read_bytes() == b_json.read_bytes()


def test_json_export_is_self_contained(tmp_path, full_file):
    out = tmp_path / "a.json"
    with AirmfFile.open(full_file) as f:
        interchange.export_json(f, out)
    data = json.loads(out.read_text("utf-8"))
    assert data["format"] == "rmf-app.assessment" and data["format_version"] == 1
    (b64,) = data["attachments"].values()
    import base64

    assert base64.b64decode(b64) == "# Card ✓\n".encode()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not valid JSON"),
        (b"\xff\xfe\x00", "not a text file"),
        (b'{"a": 1}', "not an rmf-app assessment export"),
        (b'[{"title": "GOVERN 1.1", "section_about": "x"}]', "playbook import"),
        (b'{"format": "rmf-app.assessment", "format_version": 99}', "Update rmf-app"),
        (
            b'{"format": "rmf-app.assessment", "format_version": 1, "assessment": {"profile": {"name": "x"}, '
            b'"created_at": "2026-01-01T00:00:00Z", "assessment_date": "2026-01-01", '
            b'"responses": {"GOVERN 1.1": {"current": 7}}}}',
            "has invalid content: response GOVERN 1.1: current: Input should be less than or equal to 4.",
        ),
    ],
)
def test_bad_json_imports_are_refused_and_write_nothing(tmp_path, content, message):
    src, out = tmp_path / "in.json", tmp_path / "out.airmf"
    src.write_bytes(content)
    with pytest.raises(InterchangeError) as ei:
        interchange.import_json(src, out, "x")
    assert message in str(ei.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json"]


def test_tampered_attachment_refused(tmp_path, full_file):
    out = tmp_path / "a.json"
    with AirmfFile.open(full_file) as f:
        interchange.export_json(f, out)
    data = json.loads(out.read_text("utf-8"))
    sha = next(iter(data["attachments"]))
    data["attachments"][sha] = "AAAA"
    out.write_text(json.dumps(data), "utf-8")
    with pytest.raises(InterchangeError, match="does not match its SHA-256"):
        interchange.import_json(out, tmp_path / "b.airmf", "x")


def test_csv_neutralises_formulas(tmp_path, full):
    pb = bundled_playbook()
    tables = interchange.csv_tables(full, pb, score(full, pb))
    out = tmp_path / "r.csv"
    interchange.write_csv(tables["responses"], out)
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert len(rows) == 72
    g11 = rows[0]
    assert g11["subcategory"] == "GOVERN 1.1" and g11["current"] == "1" and g11["gap"] == "3"
    assert g11["notes"] == "notes <script>"
    excluded = next(r for r in rows if r["subcategory"] == "MAP 5.1")
    assert excluded["in_scope"] == "no" and excluded["exclusion_reason"] == "handled elsewhere"
    for cell in ("=cmd|' /C calc'!A0", "+1", "-1+2", "@SUM(A1)", "\t=x"):
        assert interchange.neutralise(cell) == "'" + cell
    assert interchange.neutralise("plain") == "plain" and interchange.neutralise(-3) == -3


#: formula characters in every width a spreadsheet may accept: ASCII, full-width, small forms,
#: the minus sign, superscript and subscript forms
FORMULA_VARIANTS = "=+-@＝＋－＠﹦﹢﹣﹫−⁼⁺⁻₌₊₋"
#: what may come before them and be ignored: whitespace and invisible format characters
INVISIBLE = " \t\r\n\u00a0\u3000\u2003\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f\u180e"


@given(
    lead=st.text(alphabet=INVISIBLE, max_size=6),
    formula=st.sampled_from(FORMULA_VARIANTS),
    tail=st.text(max_size=30),
)
def test_csv_neutralises_formulas_behind_invisible_characters(lead, formula, tail):
    cell = lead + formula + tail
    assert interchange.neutralise(cell) == "'" + cell


@given(lead=st.text(alphabet="\t\r\n", min_size=1, max_size=3), tail=st.text(max_size=30))
def test_csv_neutralises_a_leading_tab_or_line_break(lead, tail):
    assert interchange.neutralise(lead + tail) == "'" + lead + tail


@given(
    lead=st.text(alphabet=" \u00a0\u200b\ufeff", max_size=4),
    first=st.characters(categories=["L", "N"]),
    tail=st.text(max_size=30),
)
def test_csv_leaves_ordinary_text_alone(lead, first, tail):
    cell = lead + first + tail
    assert interchange.neutralise(cell) == cell


def test_csv_file_carries_the_apostrophe_for_hidden_formulas(tmp_path, full):
    titles = ['\u200b=HYPERLINK("http://x")', "\ufeff@SUM(A1)", "＝1+1", "\u2060 -2+3"]
    risks = [
        Risk(id=f"R-{i}", title=t, description="\n=cmd", likelihood=1, impact=1)
        for i, t in enumerate(titles)
    ]
    a = full.model_copy(update={"risks": risks, "actions": []})
    pb = bundled_playbook()
    out = tmp_path / "risks.csv"
    interchange.write_csv(interchange.csv_tables(a, pb, score(a, pb))["risks"], out)
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == ["'" + t for t in titles]
    assert {r["description"] for r in rows} == {"'\n=cmd"}


def test_csv_risk_rows_carry_bands(full):
    pb = bundled_playbook()
    risks = interchange.csv_tables(full, pb, score(full, pb))["risks"]
    header, row = risks
    rec = dict(zip(header, row, strict=True))
    assert (rec["inherent_score"], rec["inherent_band"], rec["residual_band"]) == (
        20,
        "very high",
        "high",
    )
    assert rec["accepted_by"] == "CRO"


def test_export_to_unwritable_place_leaves_nothing(tmp_path, full_file):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    with (
        AirmfFile.open(full_file) as f,
        pytest.raises(StorageError, match="not an existing folder"),
    ):
        interchange.export_json(f, blocker / "out.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "card.md",
        "file-not-folder",
        "full.airmf",
    ]


def test_exports_get_normal_file_permissions(tmp_path, full_file):
    import os
    import stat

    out = tmp_path / "perm.json"
    old = os.umask(0o022)
    try:
        with AirmfFile.open(full_file) as f:
            interchange.export_json(f, out)
    finally:
        os.umask(old)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644
