"""The accessible HTML report (issue #14, point 5): valid, accessible, and the PDF's numbers.

``rmf-app export F.airmf -o F.html`` on the demo assessment (with the Generative AI Profile)
is parsed with html5lib's strict parser; its tables, charts and headings are checked the way
an accessibility checker would, and its figures against ``rmf-app info --json`` and the PDF.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import html5lib
import pytest

from rmf_app.services.demo import write_demo
from rmf_app.services.html_export import render_html
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.content import bundled_playbook
from tests.unit import hostile
from tests.unit.test_report import EPOCH, Pdf, norm, run_cli

pytestmark = pytest.mark.slow


def parse(text: str) -> ET.Element:
    """Strict HTML5 parsing: any parse error fails."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    root: ET.Element = parser.parse(text)
    return root


SVG = "{http://www.w3.org/2000/svg}"


def text_of(el: ET.Element) -> str:
    return norm("".join(el.itertext()))


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    d = tmp_path_factory.mktemp("html")
    airmf = d / "demo.airmf"
    write_demo(airmf, genai=True)
    html_path, pdf_path = d / "demo.html", d / "demo.pdf"
    assert run_cli("export", airmf, "-o", html_path)[0] == 0
    assert run_cli("export", airmf, "-o", pdf_path)[0] == 0
    code, out, _ = run_cli("info", airmf, "--json")
    assert code == 0
    text = html_path.read_text("utf-8")
    return {
        "airmf": airmf,
        "text": text,
        "root": parse(text),
        "info": json.loads(out),
        "pdf": Pdf(pdf_path),
    }


def test_valid_html5_with_language_and_no_script(exported: dict[str, Any]) -> None:
    root = exported["root"]
    assert root.get("lang") == "en"
    assert exported["text"].startswith("<!DOCTYPE html>")
    assert root.find(".//script") is None
    assert "javascript:" not in exported["text"].lower()
    assert root.find(".//main") is not None
    # self-contained: nothing fetched from elsewhere
    assert root.find(".//link") is None and root.find(".//img") is None
    assert ":focus" in exported["text"] and "@media print" in exported["text"]


def test_every_table_has_header_cells_and_a_caption(exported: dict[str, Any]) -> None:
    tables = exported["root"].findall(".//table")
    assert len(tables) > 20
    for t in tables:
        heads = t.findall(".//th")
        assert heads, ET.tostring(t, encoding="unicode")[:300]
        assert all(h.get("scope") in ("col", "row") for h in heads)
        caption = t.find("caption")
        assert caption is not None and text_of(caption)


def test_every_chart_has_a_text_alternative_and_its_numbers(exported: dict[str, Any]) -> None:
    root = exported["root"]
    figures = root.findall(".//figure")
    svgs = root.findall(f".//{SVG}svg")
    assert len(svgs) >= 6  # function and category bars, radar, two heat maps, legend
    for svg in svgs:
        assert svg.get("role") == "img"
        title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
        assert title is not None and text_of(title)
        assert desc is not None and text_of(desc)
        ids = (svg.get("aria-labelledby") or "").split()
        assert ids == [title.get("id"), desc.get("id")]
    # the data charts are each followed by a table with the numbers they draw
    captions = [text_of(c) for c in root.iter("caption")]
    for name in (
        "Current and target maturity by function",
        "Current and target maturity by category",
        "Trustworthiness characteristics: share of tagged items at target",
        "Inherent risk (before treatment)",
        "Residual risk (after treatment)",
    ):
        assert name in captions
    assert len(figures) == len(svgs)
    # nothing left from the SVG renderer's own placeholders, or its ids that clash on one page
    assert not [el for el in root.iter() if text_of(el) == "..."]
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))
    assert "RmfSans" not in exported["text"]  # the PDF's font names mean nothing to a browser


def test_headings_never_skip_a_level(exported: dict[str, Any]) -> None:
    levels = [
        int(el.tag[1]) for el in exported["root"].iter() if re.fullmatch(r"h[1-6]", str(el.tag))
    ]
    assert levels[0] == 1 and levels.count(1) == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, (before, after)


def test_sections_are_the_full_pdf_reports(exported: dict[str, Any]) -> None:
    """Every top-level section of the PDF (its outline) is a section of the HTML, in order."""
    root, pdf = exported["root"], exported["pdf"]
    h2 = [text_of(h) for h in root.iter("h2")]
    assert h2[0] == "Contents"
    pdf_sections = [norm(t) for t, _ in pdf.outline if re.match(r"^(\d+\. |Appendix )", t)]
    assert len(pdf_sections) >= 10
    html_sections = [t for t in h2 if re.match(r"^(\d+\. |Appendix )", t)]
    assert html_sections == pdf_sections
    # the contents link to every section
    nav = root.find(".//nav")
    assert nav is not None
    targets = {a.get("href", "")[1:] for a in nav.iter("a")}
    ids = {el.get("id") for el in root.iter() if el.get("id")}
    assert targets and targets <= ids


def rows_of(root: ET.Element, caption: str) -> dict[str, list[str]]:
    for t in root.iter("table"):
        c = t.find("caption")
        if c is not None and text_of(c) == caption:
            out = {}
            for tr in t.iter("tr"):
                cells = [text_of(x) for x in tr if x.tag in ("th", "td")]
                out[cells[0]] = cells[1:]
            return out
    raise AssertionError(f"no table captioned {caption!r}")


def test_chart_numbers_equal_info_json(exported: dict[str, Any]) -> None:
    root, info = exported["root"], exported["info"]
    fns = rows_of(root, "Current and target maturity by function")
    for g in info["functions"]:
        row = fns[g["id"]] if g["id"] in fns else fns[f"{g['id']} (provisional)"]
        assert row[0] == f"{g['mean_current']:.1f}"
        assert row[1] == f"{g['mean_target']:.1f}"
        assert f"({g['at_target']['numerator']}/{g['at_target']['denominator']})" in row[2]
    cats = rows_of(root, "Current and target maturity by category")
    assert len(cats) - 1 == len(info["categories"])  # minus the header row
    for name, key in (
        ("Inherent risk (before treatment)", "inherent_heatmap"),
        ("Residual risk (after treatment)", "residual_heatmap"),
    ):
        grid = rows_of(root, name)
        for lk in range(1, 6):
            assert grid[str(lk)] == [str(n) for n in info[key][lk - 1]]
    total = sum(sum(r) for r in info["inherent_heatmap"])
    assert total == len(info["risks"])


def test_key_figures_equal_the_pdf_and_info_json(exported: dict[str, Any]) -> None:
    root, info, pdf = exported["root"], exported["info"], exported["pdf"]
    o = info["overall"]
    summary = next(h for h in root.iter("h2") if text_of(h).endswith("Executive summary"))
    assert summary is not None
    body = text_of(root.find(".//main"))  # type: ignore[arg-type]
    completion = f"({o['completion']['numerator']} of {o['completion']['denominator']}"
    at_target = f"({o['at_target']['numerator']} of {o['at_target']['denominator']}"
    for figure in (completion, at_target):
        assert figure in body
        assert figure in pdf.text
    # every value of the key-figures table is printed in the PDF too
    table = next(iter(root.iter("table")))  # the cover block
    assert table is not None
    figures = None
    for t in root.iter("table"):
        cap = t.find("caption")
        if cap is not None and text_of(cap).endswith("Executive summary"):
            figures = t
            break
    assert figures is not None
    compact_pdf = pdf.text.replace(" ", "")
    for tr in figures.iter("tr"):
        cells = [text_of(x) for x in tr]
        assert cells[1].replace(" ", "")[:40] in compact_pdf, cells


def test_user_text_is_escaped_never_markup(exported: dict[str, Any], tmp_path: Path) -> None:
    with AssessmentSession.open(exported["airmf"], read_only=True) as s:
        a = s.assessment.model_copy(deep=True)
        a.profile.name = 'Loan <script>alert("x")</script> & <b>bold</b> "quoted"'
        a.profile.description = "A <img src=x onerror=alert(1)> purpose\n\nsecond & <i>block</i>"
        text = render_html(a, s.playbook)
    root = parse(text)
    assert root.find(".//script") is None and root.find(".//img") is None
    h1 = root.find(".//h1")
    assert h1 is not None and text_of(h1) == norm(a.profile.name)
    assert "<img src=x onerror=alert(1)>" in text_of(root)


def test_cli_errors_and_nothing_half_written(exported: dict[str, Any], tmp_path: Path) -> None:
    code, _, err = run_cli("export", exported["airmf"], "-o", tmp_path / "x.html", "--executive")
    assert code != 0 and "HTML" in err and "Traceback" not in err
    assert not (tmp_path / "x.html").exists()
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = run_cli("export", exported["airmf"], "-o", blocker / "x.html")
    assert code != 0 and "Traceback" not in err and err.strip()
    # --format html overrides another extension; the same date gives the same bytes
    code, _, _ = run_cli("export", exported["airmf"], "-o", tmp_path / "r.txt", "--format", "html")
    assert code == 0
    assert (tmp_path / "r.txt").read_text("utf-8") == exported["text"]
    assert EPOCH  # the report's date is fixed by SOURCE_DATE_EPOCH in run_cli


def check_accessible(root: ET.Element) -> None:
    """The structural checks above, for any report."""
    for t in root.iter("table"):
        assert t.find(".//th") is not None and t.find("caption") is not None
    for svg in root.iter(f"{SVG}svg"):
        assert svg.get("role") == "img" and svg.find(f"{SVG}title") is not None
    levels = [int(el.tag[1]) for el in root.iter() if re.fullmatch(r"h[1-6]", str(el.tag))]
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    ids = [el.get("id") for el in root.iter() if el.get("id")]
    assert len(ids) == len(set(ids))


def test_hostile_text_everywhere_stays_text() -> None:
    """Every text field holds markup-like text, scripts and long words: the page parses
    strictly, keeps its structure, and shows each string as typed."""
    a = hostile.hostile_assessment()
    text = render_html(a, bundled_playbook(), now=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    root = parse(text)
    check_accessible(root)
    assert root.find(".//script") is None
    body = text_of(root)
    for s in hostile.SHORT:
        if s == hostile.EMOJI:  # the PDF's text, so emoji are its visible placeholder
            assert "\ufffd" in body
            continue
        assert norm(s) in body, s


def test_an_empty_assessment_reports_cleanly(tmp_path: Path) -> None:
    """A new assessment with nothing answered and no risks: still a valid, complete page."""
    path = tmp_path / "new.airmf"
    assert run_cli("new", "-o", path, "--name", "Blank")[0] == 0
    out = tmp_path / "new.html"
    code, _, err = run_cli("export", path, "-o", out)
    assert code == 0, err
    root = parse(out.read_text("utf-8"))
    check_accessible(root)
    assert len(list(root.iter(f"{SVG}svg"))) >= 6


def test_detail_labels_are_column_headers(exported: dict[str, Any]) -> None:
    """Each answer's strip of labels (Current, Target, Gap, …) heads the values below it, so a
    screen reader announces "Current: 3 Defined", not a value as a row header."""
    root = exported["root"]
    heads = [text_of(th) for th in root.iter("th") if th.get("scope") == "col"]
    for label in ("Current", "Target", "Gap", "Owner", "Due", "Priority"):
        assert label in heads
    row_heads = {text_of(th) for th in root.iter("th") if th.get("scope") == "row"}
    assert "3 Defined" not in row_heads and "Hana Sato" not in row_heads


def test_an_earlier_final_revision_as_html(tmp_path: Path) -> None:
    """--revision N reports on the revision as it was signed off: its fingerprint, its notes,
    not the open revision's later edits."""
    path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(path, user="Test") as s:
        fp = s.finalise()
        assert s.new_revision() == 2
        s.set_response("GOVERN 1.1", notes="Changed in revision 2")
    out = tmp_path / "r1.html"
    code, _, err = run_cli("export", path, "--revision", 1, "-o", out)
    assert code == 0, err
    text = out.read_text("utf-8")
    assert fp in text and "Changed in revision 2" not in text
    check_accessible(parse(text))
    code, _, err = run_cli("export", path, "--revision", 3, "-o", tmp_path / "r3.html")
    assert code == 1 and "no final revision 3" in err
    assert not (tmp_path / "r3.html").exists()
