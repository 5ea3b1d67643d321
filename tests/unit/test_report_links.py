"""Links in the PDF risk profile, read back with pypdf.

Every R-/A-/E- id, subcategory id, "Appendix X" and "section N" the report prints where the item
is not listed in full is an internal link to where it is; no link leads to a destination the
document lacks; long evidence URLs break after their slashes and stay one clickable URL.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import weakref
from dataclasses import dataclass
from dataclasses import replace as dc_replace
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader
from pypdf.generic import ArrayObject, NameObject, TextStringObject
from reportlab.pdfbase.pdfmetrics import stringWidth

from rmf_app.domain.assessment import STORED, Assessment
from rmf_app.report import builder
from rmf_app.report.parts import URL_BREAKS, anchor_name, url_lines
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.content import bundled_playbook
from tests.unit.report_cases import empty, half_answered

pytestmark = pytest.mark.slow

WHEN = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
DETAILS = "7. Detailed responses"
#: a URL of path segments, too long for one line of the evidence index's column
LONG_URL = "https://example.com/" + "/".join(f"segment{i:02d}ofthepath" for i in range(14))


@dataclass(frozen=True)
class Run:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Link:
    page: int  # 1-based
    rect: tuple[float, float, float, float]
    target: int  # 1-based page the destination is on
    top: float | None  # the destination's height on that page
    text: str  # the line the link is on, up to its end


def runs(page: Any) -> list[Run]:
    """The page's text runs with their positions on the page."""
    out: list[Run] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            out.append(Run(x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    return out


def named_dests(reader: PdfReader) -> dict[str, Any]:
    """The document's named destinations (/Dests and /Names /Dests)."""
    root = reader.trailer["/Root"]
    out: dict[str, Any] = {}
    if "/Dests" in root:
        out.update({str(k): v for k, v in root["/Dests"].get_object().items()})
    if "/Names" in root and "/Dests" in root["/Names"]:
        out.update({str(k): v for k, v in reader.named_destinations.items()})
    return out


def internal_links(reader: PdfReader, text_pages: range = range(0)) -> list[Link]:
    """Every link annotation with a destination, resolved: fails on one whose destination the
    document does not have. On ``text_pages``, with the text printed under each link."""
    pages = {p.indirect_reference.idnum: n for n, p in enumerate(reader.pages, 1)}
    names = named_dests(reader)
    texts = {}
    out = []
    for n, page in enumerate(reader.pages, 1):
        for annot in page.get("/Annots", []) or []:
            a = annot.get_object()
            if a.get("/Subtype") != "/Link":
                continue
            assert [float(x) for x in a.get("/Border", [0, 0, 1])] == [0, 0, 0], "visible box"
            dest = a.get("/Dest")
            if dest is None:
                assert "/URI" in a["/A"], a
                continue
            dest = dest.get_object()
            if isinstance(dest, (NameObject, TextStringObject, str)):
                assert str(dest) in names, f"page {n}: link to missing destination {dest}"
                dest = names[str(dest)]
                dest = dest.get_object()
                if not isinstance(dest, ArrayObject):
                    dest = dest["/D"]
            assert isinstance(dest, ArrayObject), dest
            assert dest[0].idnum in pages, f"page {n}: link to a page the document lacks"
            rect = tuple(float(x) for x in a["/Rect"])
            if n not in texts:
                texts[n] = runs(page) if n in text_pages else []
            # pypdf places each run at its line's start: the text of the line up to the link
            _, y0, x1, y1 = rect
            under = " ".join(r.text for r in texts[n] if r.x <= x1 + 1 and y0 - 1 <= r.y <= y1)
            top = float(dest[3]) if len(dest) > 3 and dest[1] == "/XYZ" else None
            out.append(Link(n, rect, pages[dest[0].idnum], top, under))  # type: ignore[arg-type]
    return out


def at_destination(reader: PdfReader, link: Link) -> list[str]:
    """The text printed just below where ``link`` leads."""
    assert link.top is not None
    return [r.text for r in runs(reader.pages[link.target - 1]) if link.top - 24 <= r.y <= link.top]


#: each reader's lines per page; weak keys, since an id() can be reused once a reader is freed
_TEXTS: weakref.WeakKeyDictionary[PdfReader, list[list[str]]] = weakref.WeakKeyDictionary()


def page_of(reader: PdfReader, heading: str) -> int:
    """The page a line starting with ``heading`` is on, after the contents (sections may
    start anywhere on a page)."""
    if reader not in _TEXTS:
        _TEXTS[reader] = [
            [ln.strip() for ln in (p.extract_text() or "").splitlines()] for p in reader.pages
        ]
    pages = _TEXTS[reader]
    after = next((n for n, lines in enumerate(pages, 1) if "Contents" in lines), 0)
    for n, lines in enumerate(pages, 1):
        if n > after and any(ln.startswith(heading) for ln in lines):
            return n
    raise AssertionError(f"no page has {heading!r}")


def export(a: Assessment, out: Path, *, executive: bool) -> PdfReader:
    PdfExportJob(
        a, bundled_playbook(), out, PdfExportOptions(executive=executive), now=WHEN,
        reproducible=True,
    ).run()  # fmt: skip
    return PdfReader(out)


def load(path: Path) -> Assessment:
    with AssessmentSession.open(path, read_only=True) as s:
        return s.assessment


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Assessment:
    return load(write_demo(tmp_path_factory.mktemp("links") / "demo.airmf"))


@pytest.fixture(scope="module")
def full(demo: Assessment, tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    return export(demo, tmp_path_factory.mktemp("links") / "full.pdf", executive=False)


@pytest.fixture(scope="module")
def full_links(full: PdfReader) -> list[Link]:
    # the text under the links of the summary, the gap analysis, the registers
    return internal_links(full, range(1, page_of(full, DETAILS)))


def test_a_top_risk_leads_to_its_row_in_the_risk_register(
    full: PdfReader, full_links: list[Link]
) -> None:
    register = page_of(full, "5. Risk register")
    details = next(
        n for n in range(register, len(full.pages) + 1)
        if "Risk details" in (full.pages[n - 1].extract_text() or "")
    )  # fmt: skip
    r001 = [lk for lk in full_links if lk.text.endswith("R-001")]
    # the summary's top risks come before the gap analysis
    assert any(lk.page <= page_of(full, "4. Gap analysis") for lk in r001), "no link on R-001"
    for lk in r001:
        assert register <= lk.target <= details
        assert "R-001" in at_destination(full, lk)


def test_an_action_in_the_gap_analysis_leads_to_the_action_plan(
    full: PdfReader, full_links: list[Link]
) -> None:
    gaps = page_of(full, "4. Gap analysis")
    plan = page_of(full, "6. Action plan")
    register = page_of(full, "5. Risk register")
    # "A-008 · owner · due …": an action on a gap (the summary's largest gaps too)
    actions = [lk for lk in full_links if re.search(r"A-\d+ ·", lk.text)]
    assert any(gaps <= lk.page <= register for lk in actions), "no action link in the gaps"
    after = page_of(full, DETAILS)
    for lk in actions:
        aid = re.findall(r"(A-\d+) ·", lk.text)[-1]
        assert plan <= lk.target <= after, lk
        assert aid in at_destination(full, lk), lk


def test_a_subcategory_in_the_gap_analysis_leads_to_its_answer(
    full: PdfReader, full_links: list[Link]
) -> None:
    gaps = page_of(full, "4. Gap analysis")
    lk = next(lk for lk in full_links if lk.page >= gaps and lk.text.startswith("GOVERN 1.7"))
    assert lk.target >= page_of(full, DETAILS)
    assert any(t.startswith("GOVERN 1.7 Retiring AI") for t in at_destination(full, lk))


@pytest.mark.parametrize(
    "letter, title", [("A", "Scope and exclusions"), ("B", "Methodology and scales")]
)
def test_an_appendix_reference_leads_to_the_appendix_first_page(
    full: PdfReader, full_links: list[Link], letter: str, title: str
) -> None:
    first = page_of(full, f"Appendix {letter}. {title}")
    body = page_of(full, "1. Executive summary")  # the contents' links are not references
    refs = [lk for lk in full_links if lk.page >= body and f"Appendix {letter}" in lk.text]
    assert refs, f"no link on a mention of Appendix {letter}"
    for lk in refs:
        assert lk.target == first
        assert f"Appendix {letter}. {title}" in at_destination(full, lk)


def test_answers_link_to_evidence_risks_and_actions(full: PdfReader) -> None:
    start = page_of(full, DETAILS)
    links = internal_links(full, range(start, start + 12))
    texts = [lk.text for lk in links if start <= lk.page < start + 12]
    for label, prefix in (("Evidence", "E-"), ("Risks", "R-"), ("Actions", "A-")):
        found = [t for t in texts if t.startswith(label) and re.search(rf"{prefix}\d+", t)]
        assert found, f"no link on an {prefix} id"


def test_the_detailed_responses_intro_links_appendix_a(full: PdfReader) -> None:
    start = page_of(full, DETAILS)
    appendix = page_of(full, "Appendix A. Scope")
    links = internal_links(full, range(start, start + 1))
    assert any(lk.page == start and lk.target == appendix for lk in links)


@pytest.mark.parametrize("executive", [False, True], ids=["full", "executive"])
@pytest.mark.parametrize("kind", ["demo", "genai", "half", "empty"])
def test_no_link_leads_to_a_missing_destination(
    demo: Assessment,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    kind: str,
    executive: bool,
) -> None:
    if kind == "genai":
        a = load(write_demo(tmp_path / "genai.airmf", genai=True))
    elif kind == "half":
        a = half_answered(demo)
    elif kind == "empty":
        a = empty()
    else:
        a = demo
    with caplog.at_level(logging.WARNING, logger="rmf_app.report"):
        reader = export(a, tmp_path / "out.pdf", executive=executive)
    # the sections made every anchor they promised: no second layout was needed
    assert "missing anchors" not in caplog.text
    links = internal_links(reader)  # fails on a missing destination
    if not executive:
        body = page_of(reader, "1. Executive summary")  # after the contents' links
        assert page_of(reader, "Appendix A. Scope") in {
            lk.target for lk in links if lk.page >= body
        }


def test_a_long_url_breaks_after_slashes_and_stays_one_link(
    demo: Assessment, tmp_path: Path
) -> None:
    d = demo.model_dump(mode="json")
    d["evidence"][0]["url"] = LONG_URL
    reader = export(
        Assessment.model_validate(d, context=STORED), tmp_path / "u.pdf", executive=False
    )
    uris = [
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots", []) or []
        if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]
    ]
    assert uris.count(LONG_URL) >= 2  # one annotation per printed line, each the whole URL
    assert all(u == LONG_URL for u in uris if u.startswith("https://example.com/segment"))
    page = next(p for p in reader.pages if "segment00ofthepath" in (p.extract_text() or ""))
    # the printed lines of the URL, top to bottom
    lines = sorted(
        (r for r in runs(page) if "segment" in r.text or r.text.startswith("Link:")),
        key=lambda r: -r.y,
    )
    start = next(i for i, r in enumerate(lines) if "https://example.com/" in r.text)
    printed = [r.text for r in lines[start:] if "Link:" not in r.text or r is lines[start]]
    printed[0] = printed[0].removeprefix("Link:").strip()
    assert len(printed) >= 3
    assert "".join(printed) == LONG_URL
    assert all(line.endswith("/") for line in printed[:-1]), printed


@given(
    st.lists(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/?&=#-_.%", min_size=1, max_size=40),
        min_size=1,
        max_size=30,
    ),
    st.floats(min_value=40, max_value=300),
)
@settings(max_examples=150, deadline=None)
def test_url_lines_rejoin_to_the_url_and_break_only_after_separators(
    parts: list[str], width: float
) -> None:
    url = "https://example.com/" + "".join(parts)
    lines = url_lines(url, width * 0.8, width, "Helvetica", 8)
    assert "".join(lines) == url
    for line in lines[:-1]:
        assert line[-1] in URL_BREAKS
    for i, line in enumerate(lines):
        room = width * 0.8 if i == 0 else width
        # a line is wider than its room only when it holds one unbreakable piece
        if stringWidth(line, "Helvetica", 8) > room:
            assert not any(c in URL_BREAKS for c in line[:-1]), line


@pytest.mark.parametrize("item", ["R-001", "a.b_c-d", "X_5f", "Ü ü", '"><a'])
def test_anchor_names_are_safe_and_distinct(item: str) -> None:
    name = anchor_name("risk", item)
    assert re.fullmatch(r"[A-Za-z0-9._-]+", name)
    assert anchor_name("action", item) != name
    assert anchor_name("risk", item + "x") != name


def test_a_section_that_breaks_its_anchor_promise_still_exports(
    demo: Assessment, tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: Any
) -> None:
    """Should a section promise anchors it does not make (here: a risk register that lists
    no risk), the report is laid out again without links to them instead of failing to
    write."""

    def no_register(ctx: Any) -> list[Any]:
        return [ctx.h1("Risk register", "risks")]

    broken = tuple(
        dc_replace(p, build=no_register) if p.number_key == "risks" else p
        for p in builder.FULL_REPORT
    )
    monkeypatch.setattr(builder, "FULL_REPORT", broken)
    # it promises the register's anchors all the same
    monkeypatch.setitem(builder.ANCHORS, no_register, builder.risks.anchors)
    with caplog.at_level(logging.WARNING, logger="rmf_app.report"):
        reader = export(demo, tmp_path / "out.pdf", executive=False)
    assert "missing anchors" in caplog.text
    links = internal_links(reader)  # every destination exists
    assert links


def test_html_export_keeps_a_cut_url_one_line_that_wraps_by_itself() -> None:
    """The HTML export reuses the PDF's markup: the lines a long URL was cut into become
    break opportunities, and internal PDF links stay plain text."""
    from rmf_app.report.html import inline

    url = "https://example.com/a/b/"
    pdf = (
        f'Link: <a href="{url}">https://example.com/<br/>a/<br/>b/</a><br/><a href="#r-R-1">R-1</a>'
    )
    assert inline(pdf) == f'Link: <a href="{url}">https://example.com/<wbr>a/<wbr>b/</a><br>R-1'


def test_ids_in_sentences_link_but_numbers_and_words_do_not(demo: Assessment) -> None:
    """The summary's findings link the ids they name; an id such as "1" (possible in an
    imported file) would link every "1" of the text, so only "R-001"-shaped ids are looked
    for."""
    from rmf_app.domain.scoring import score
    from rmf_app.report.context import ReportContext, ReportOptions
    from rmf_app.report.styles import make_styles

    risks = [demo.risks[0].model_copy(update={"id": "1"}), *demo.risks[1:]]
    a = demo.model_copy(update={"risks": risks})
    pb = bundled_playbook()
    ctx = ReportContext(
        styles=make_styles(),
        assessment=a,
        scores=score(a, pb),
        playbook=pb,
        options=ReportOptions(),
        numbers={},
    )
    rid = demo.risks[1].id
    ctx.targets = {anchor_name("risk", "1"), anchor_name("risk", rid)}
    ctx.targets.add(anchor_name("sub", "GOVERN 1.7"))
    text = ctx.link_ids(f"1 of 2: {rid}, GOVERN\xa01.7 and GOVERN 1.70; {rid}0 is unknown.")
    assert text == (
        f'1 of 2: <a href="#{anchor_name("risk", rid)}">{rid}</a>, '
        f'<a href="#{anchor_name("sub", "GOVERN 1.7")}">GOVERN\xa01.7</a> and GOVERN 1.70; '
        f"{rid}0 is unknown."
    )


def test_changes_section_links_what_the_report_still_lists(tmp_path: Path) -> None:
    """Changes since revision 1: an added risk leads to its register row; a removed evidence
    item and a subcategory now out of scope are plain text (the report lists them nowhere)."""
    from rmf_app.domain.assessment import Exclusion, Risk, Scope

    path = write_demo(tmp_path / "demo.airmf")
    with AssessmentSession.open(path, user="Test") as s:
        s.finalise()
        s.new_revision()
        s.set_response("GOVERN 1.1", current=2)
        exclusions = [*s.assessment.scope.exclusions, Exclusion(item_id="MAP 5.2", reason="x")]
        s.set_scope(Scope(exclusions=exclusions))
        s.add_item("risk", Risk(id="R-099", title="Vendor outage", likelihood=2, impact=3))
        s.remove_item("evidence", "E-005")
        out = tmp_path / "full.pdf"
        PdfExportJob.from_session(s, out, PdfExportOptions()).run()
    reader = PdfReader(out)
    start = page_of(reader, "Changes since revision 1")
    links = internal_links(reader, range(start, start + 3))
    here = [lk for lk in links if start <= lk.page < start + 3]
    r099 = [lk for lk in here if lk.text.startswith("R-099")]
    assert r099 and "R-099" in at_destination(reader, r099[0])
    assert any(lk.text.startswith("GOVERN 1.1") for lk in here)
    assert not any(lk.text.startswith(("E-005", "MAP 5.2")) for lk in here)
