"""The PDF risk profile, read back with pypdf: content, numbers, fonts, reproducibility, errors.

Numbers are recomputed here from the assessment with the SPEC §3 formulas, independently of
``rmf_app.domain.scoring``, and compared with what the PDF prints.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
import io
import os
import re
import subprocess
from contextlib import redirect_stderr, redirect_stdout
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from pypdf import PdfReader

from rmf_app.cli import main
from rmf_app.domain import framework
from rmf_app.domain.assessment import Assessment
from rmf_app.report.fonts import has_cjk_truetype, markup
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.airmf import Cancelled
from rmf_app.storage.content import bundled_playbook
from rmf_app.storage.errors import StorageError
from tests.conftest import PYTHON, ROOT, run_cli_env
from tests.unit import hostile

EPOCH = 1_792_000_000  # 2026-10-14 17:46:40 UTC
EPOCH_DATE = dt.datetime.fromtimestamp(EPOCH, dt.UTC).date()

pytestmark = pytest.mark.slow


# -- helpers ----------------------------------------------------------------------------------


def run_cli(*args: Any, epoch: int | None = EPOCH) -> tuple[int, str, str]:
    """The command line in this process, with SOURCE_DATE_EPOCH set as given."""
    env = {"SOURCE_DATE_EPOCH": str(epoch)} if epoch is not None else {}
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, env), redirect_stdout(out), redirect_stderr(err):
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def norm(text: str) -> str:
    return " ".join(text.split())


class Pdf:
    """A PDF read back: page texts (whitespace normalised), outline, fonts."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.reader = PdfReader(path)
        self.pages = [norm(p.extract_text() or "") for p in self.reader.pages]
        self.text = " ".join(self.pages)
        self.outline: list[tuple[str, int]] = []
        self._walk(self.reader.outline)

    def _walk(self, items: list[Any]) -> None:
        for it in items:
            if isinstance(it, list):
                self._walk(it)
            else:
                self.outline.append((it.title, self.reader.get_destination_page_number(it)))

    def page_of(self, title_start: str) -> int:
        return next(p for t, p in self.outline if t.startswith(title_start))

    def pages_between(self, start: str, end: str) -> range:
        """The pages from the one heading ``start`` begins on to the one heading ``end``
        begins on, both included: a section may begin on the page the one before ends."""
        return range(self.page_of(start), self.page_of(end) + 1)

    def section(self, start: str, end: str) -> str:
        """The text from the heading ``start`` to the heading ``end``."""
        text = " ".join(self.pages[i] for i in self.pages_between(start, end))
        last = self.pages[self.page_of(end)]
        return text[text.index(start) : len(text) - len(last) + last.index(end)]

    def fonts(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for page in self.reader.pages:
            res = page.get("/Resources")
            fonts = res.get_object().get("/Font") if res else None
            if fonts is None:
                continue
            for ref in fonts.get_object().values():
                f = ref.get_object()
                found[str(f.get("/BaseFont"))] = f
        return found


def pct(num: int, den: int) -> str:
    if den == 0:
        return "—"
    value = (Decimal(100) * num / den).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{value}%"


def mean(values: list[int]) -> str:
    if not values:
        return "—"
    q = (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{q}"


def spec_numbers(a: Assessment, ids: list[str]) -> dict[str, Any]:
    """SPEC §3, computed here from the raw answers."""
    excluded = {e.item_id for e in a.scope.exclusions}
    in_scope = [s for s in ids if s not in excluded and framework.category_of(s) not in excluded]
    answered = na = inherited = at_target = 0
    currents: list[int] = []
    targets: list[int] = []
    for sid in in_scope:
        r = a.responses.get(sid)
        kind = r.applicability if r else "applicable"
        current = r.current if r else None
        target = r.target if r and r.target is not None else a.default_target
        if kind == "not_applicable":
            na += 1
            continue
        if kind == "inherited":
            inherited += 1
        elif current is not None:
            answered += 1
        if current is not None:
            currents.append(current)
            targets.append(target)
            at_target += current >= target
    applicable = len(in_scope) - na
    return {
        "in_scope": len(in_scope),
        "excluded": len(ids) - len(in_scope),
        "na": na,
        "inherited": inherited,
        "done": len(currents) + na,
        "completion": pct(len(currents) + na, len(in_scope)),
        "rated": len(currents),
        "at_target": at_target,
        "applicable": applicable,
        "at_target_pct": pct(at_target, applicable),
        "not_assessed": applicable - len(currents),
        "below": sum(1 for c, t in zip(currents, targets, strict=True) if c < t),
        "mean_current": mean(currents),
        "mean_target": mean(targets),
    }


def assert_summary_numbers(pdf: Pdf, a: Assessment, summary: str) -> None:
    all_ids = list(framework.subcategory_ids())
    n = spec_numbers(a, all_ids)
    assert (
        f"Subcategories in scope {n['in_scope']} of 72 — {n['excluded']} out of scope, "
        f"{n['na']} not applicable, {n['inherited']} inherited" in summary
    )
    assert (
        f"Completion {n['completion']} ({n['done']} of {n['in_scope']} in scope rated or not "
        "applicable)"
        in summary
    )
    assert (
        f"At target {n['at_target_pct']} ({n['at_target']} of {n['applicable']} applicable)"
        in summary
    )
    assert (
        f"How the items in scope stand {n['in_scope']} = {n['at_target']} at target + "
        f"{n['below']} below target + {n['not_assessed']} not assessed + {n['na']} not "
        "applicable" in summary
    )
    if n["rated"]:
        assert f"Below target {n['below']} " in summary
    assert f"Not assessed {n['not_assessed']} " in summary
    assert (
        f"Of the {n['applicable']} applicable subcategories, {n['at_target']} "
        f"{'reaches its' if n['at_target'] == 1 else 'reach their'} "
        f"target maturity ({n['at_target_pct']})." in summary
    )
    pb = bundled_playbook()
    for fn in framework.FUNCTION_IDS:
        f = spec_numbers(a, [s for s in all_ids if framework.function_of(s) == fn])
        row = (
            f"{fn} — {pb.function(fn).title} {f['in_scope']} {f['at_target']} {f['below']} "
            f"{f['not_assessed']} {f['na']} {f['at_target_pct']} {f['mean_current']} "
            f"({f['rated']} of {f['applicable']}) {f['mean_target']}"
        )
        assert row in summary, row
    total = (
        f"All functions {n['in_scope']} {n['at_target']} {n['below']} {n['not_assessed']} "
        f"{n['na']} {n['at_target_pct']} {n['mean_current']} ({n['rated']} of "
        f"{n['applicable']}) {n['mean_target']}"
    )
    assert total in summary


def id_pattern(sid: str) -> re.Pattern[str]:
    return re.compile(re.escape(sid).replace(r"\ ", r"\s") + r"(?!\d)")


# -- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("report")


@pytest.fixture(scope="module")
def demo_file(work: Path) -> Path:
    return write_demo(work / "demo.airmf")


@pytest.fixture(scope="module")
def demo_assessment(demo_file: Path) -> Assessment:
    with AssessmentSession.open(demo_file, read_only=True) as s:
        return s.assessment


@pytest.fixture(scope="module")
def full(work: Path, demo_file: Path) -> Pdf:
    out = work / "full.pdf"
    code, stdout, err = run_cli("export", demo_file, "-o", out)
    assert code == 0, err
    assert f"Wrote {out}" in stdout
    return Pdf(out)


@pytest.fixture(scope="module")
def executive(work: Path, demo_file: Path) -> Pdf:
    out = work / "executive.pdf"
    code, _, err = run_cli("export", demo_file, "-o", out, "--executive")
    assert code == 0, err
    return Pdf(out)


@pytest.fixture(scope="module")
def final(work: Path) -> tuple[Pdf, bytes]:
    """A finalised copy of the demo: its PDF and its canonical JSON export."""
    path = write_demo(work / "final.airmf")
    with AssessmentSession.open(path) as s:
        s.finalise()
    canonical = work / "final.canonical.json"
    code, _, err = run_cli("export", path, "--canonical", "-o", canonical)
    assert code == 0, err
    out = work / "final.pdf"
    code, _, err = run_cli("export", path, "-o", out)
    assert code == 0, err
    return Pdf(out), canonical.read_bytes()


@pytest.fixture(scope="module")
def hostile_pdfs(work: Path) -> tuple[Assessment, Pdf, Pdf]:
    a = hostile.hostile_assessment()
    pb = bundled_playbook()
    when = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    paths = []
    for executive in (False, True):
        out = work / f"hostile-{executive}.pdf"
        PdfExportJob(
            a, pb, out, PdfExportOptions(executive=executive), now=when, reproducible=True
        ).run()
        paths.append(out)
    return a, Pdf(paths[0]), Pdf(paths[1])


# -- the demo report --------------------------------------------------------------------------


def test_cover_shows_the_assessment(full: Pdf, demo_assessment: Assessment) -> None:
    a = demo_assessment
    cover = full.pages[0]
    assert a.profile.name in cover
    assert f"Organization {a.profile.organisation}" in cover
    assert f"Assessment date {a.assessment_date.isoformat()}" in cover
    assert f"Revision {a.revision}" in cover
    assert "Status In review" in cover
    assert f"Assessors {', '.join(a.review.assessors)}" in cover
    assert f"Reviewer {a.review.reviewer}" in cover
    assert f"Approver {a.review.approver}" in cover
    assert "Report generated 2026-10-14 17:46 UTC" in cover


def test_metadata(full: Pdf, demo_assessment: Assessment) -> None:
    meta = full.reader.metadata
    assert meta is not None
    assert meta.title == f"AI RMF risk profile: {demo_assessment.profile.name}"
    assert meta.author == ", ".join(demo_assessment.review.assessors)
    assert "NIST AI Risk Management Framework 1.0" in (meta.subject or "")
    assert "AI RMF 1.0" in str(meta.get("/Keywords"))
    assert str(meta.get("/CreationDate")).startswith("D:20261014174640")
    # the same in XMP, which PDF/A tools and document managers read
    xmp = full.reader.xmp_metadata
    assert xmp is not None
    assert xmp.dc_title == {"x-default": meta.title}
    assert xmp.dc_creator == [meta.author]
    assert xmp.dc_description == {"x-default": meta.subject}
    assert xmp.pdf_keywords == meta.get("/Keywords")
    assert xmp.pdf_producer == meta.producer
    assert xmp.xmp_creator_tool == meta.creator
    assert xmp.xmp_create_date == dt.datetime(2026, 10, 14, 17, 46, 40)
    assert xmp.xmp_modify_date == xmp.xmp_create_date


def test_every_page_has_page_n_of_n_and_the_system_name(full: Pdf, demo_assessment) -> None:
    total = len(full.pages)
    assert total > 40
    for i, text in enumerate(full.pages, start=1):
        assert f"Page {i} of {total}" in text, i
        assert demo_assessment.profile.name in text, i


#: the start of the DRAFT watermark's strokes in a page's content (its color and line width)
WATERMARK_OPS = b".55 .58 .62 RG\n/gRLs0 gs\n15 w"


def test_draft_watermark_on_every_page_unless_final(full: Pdf, executive: Pdf, final) -> None:
    # the watermark is a graphic on every page of a draft, never text a reader extracts
    for pdf in (full, executive):
        assert all(WATERMARK_OPS in p.get_contents().get_data() for p in pdf.reader.pages)
        assert not any("DRAFT" in t for t in pdf.pages)
    final_pdf, _ = final
    assert not any(WATERMARK_OPS in p.get_contents().get_data() for p in final_pdf.reader.pages)
    assert not any("DRAFT" in t for t in final_pdf.pages)
    assert "Status Final" in final_pdf.pages[0]


def test_bookmarks_panel_opens_with_the_document(full: Pdf, executive: Pdf) -> None:
    for pdf in (full, executive):
        assert pdf.reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_a_bookmark_per_section_function_and_category(full: Pdf) -> None:
    pb = bundled_playbook()
    titles = {t: p for t, p in full.outline}
    for fn in framework.FUNCTION_IDS:
        title = f"{fn} — {pb.function(fn).title}"
        assert title in titles
    for cid in framework.category_ids():
        title = f"{cid} — {pb.category(cid).title}"
        assert title in titles, title
        # the bookmark lands on the page where the category's heading is printed
        assert title in full.pages[titles[title]], title
    for section in ("1. Executive summary", "7. Detailed responses", "Appendix E."):
        assert any(t.startswith(section) for t in titles)


def test_contents_lists_sections_with_their_pages(full: Pdf) -> None:
    contents = full.pages[1]
    assert "Contents" in contents
    entry = re.compile(r"^(\d\. |Appendix [A-E]\. |(GOVERN|MAP|MEASURE|MANAGE)( \d)? — )")
    listed = [(t, p) for t, p in full.outline if entry.match(t)]
    assert len(listed) == 7 + 5 + 4 + 19
    for title, page in listed:
        n, t = str(page + 1), re.escape(title)
        # the number is extracted after the dot leader, or before the title when there is none
        assert re.search(rf"{t}[ .]*\b{n}\b|\b{n} {t}", contents), title


def assert_scope_placement(pdf: Pdf, a: Assessment) -> None:
    """In-scope ids are in the detailed responses; out-of-scope ids only in Appendix A."""
    excluded = {e.item_id for e in a.scope.exclusions}
    appendix = set(pdf.pages_between("Appendix A.", "Appendix B."))
    details = pdf.pages_between("7. Detailed responses", "Appendix A.")
    details_text = " ".join(pdf.pages[i] for i in details)
    assert excluded
    for sid in framework.subcategory_ids():
        pattern = id_pattern(sid)
        if sid in excluded or framework.category_of(sid) in excluded:
            pages = {i for i, t in enumerate(pdf.pages) if pattern.search(t)}
            assert pages and pages <= appendix, (sid, pages, appendix)
        else:
            assert pattern.search(details_text), sid


def test_in_scope_ids_everywhere_out_of_scope_only_in_appendix_a(
    full: Pdf, demo_assessment: Assessment
) -> None:
    assert_scope_placement(full, demo_assessment)


def test_executive_summary_numbers_match_spec_formulas(
    full: Pdf, demo_assessment: Assessment
) -> None:
    summary = full.section("1. Executive", "2. The system")
    assert_summary_numbers(full, demo_assessment, summary)
    # overdue actions counted against SOURCE_DATE_EPOCH's date
    overdue = [
        x.id
        for x in demo_assessment.actions
        if x.due_date and x.due_date < EPOCH_DATE and x.status not in ("done", "cancelled")
    ]
    assert f"{len(overdue)} overdue" in summary
    plan = full.section("6. Action plan", "7. Detailed")
    assert plan.count("OVERDUE") == len(overdue)


def test_summary_states_the_method_and_the_decision(full: Pdf, demo_assessment) -> None:
    summary = full.section("1. Executive", "2. The system")
    assert "AI RMF 1.0 defines no tiers, maturity levels or scores" in summary
    assert "not a certification" in summary
    decision = demo_assessment.review.decision
    assert norm(decision.rationale) in summary
    for r in demo_assessment.risks:
        if r.acceptance is not None:
            assert r.id in summary and r.acceptance.accepted_by in summary


def test_executive_report_is_short_and_complete(executive: Pdf, demo_assessment) -> None:
    # issue #13 added the opinion, the conditions, evidence backing and the actions on each gap
    assert len(executive.pages) <= 8
    text = " ".join(executive.pages)
    assert "Overall opinion" in text and "not a NIST rating" in text
    assert "Conditions of the decision" in text and "overdue at decision" in text
    assert "15 of 29 gaps without an action" in text and "NO ACTION" in text
    assert "Evidence supports the rating" in text
    titles = [t for t, _ in executive.outline]
    for section in (
        "1. Executive summary",
        "2. Results in charts",
        "3. Largest gaps",
        "4. Top risks",
    ):
        assert section in titles
    assert not any("Detailed responses" in t for t in titles)
    summary = executive.section("1. Exec", "2. Res")
    assert_summary_numbers(executive, demo_assessment, summary)
    assert "Inherent risk (before treatment)" in executive.text
    assert "Residual risk (after treatment)" in executive.text


def test_fingerprint_equals_sha256_of_the_canonical_export(final) -> None:
    pdf, canonical = final
    digest = hashlib.sha256(canonical).hexdigest()
    assert f"Fingerprint (SHA-256) {digest}" in pdf.pages[0]
    provenance = " ".join(pdf.pages[i] for i in range(pdf.page_of("Appendix E."), len(pdf.pages)))
    assert digest in provenance
    assert "--canonical -o FILE.canonical.json" in provenance
    assert "sha256sum FILE.canonical.json" in provenance
    assert "the content matches the fingerprint" in provenance
    assert "rmf-app 0." in provenance and "AI RMF 1.0 (NIST AI 100-1)" in provenance
    assert "rmf-app-bundled, version 1.0.0" in provenance
    assert "rmf-app scoring method 1.1" in provenance


def test_guidance_is_optional(work: Path, demo_file: Path, full: Pdf) -> None:
    why = norm(bundled_playbook().subcategory("GOVERN 1.1").why)[:80]
    assert why in full.text
    out = work / "no-guidance.pdf"
    code, _, err = run_cli("export", demo_file, "-o", out, "--no-guidance")
    assert code == 0, err
    lean = Pdf(out)
    assert why not in lean.text
    assert "guidance text left out" in lean.pages[0]
    assert len(lean.pages) < len(full.pages)


def test_fonts_are_all_embedded(full: Pdf, executive: Pdf) -> None:
    for pdf in (full, executive):
        fonts = pdf.fonts()
        assert fonts
        for name, font in fonts.items():
            descriptor = font.get("/FontDescriptor")
            assert descriptor is not None, f"{name} is not embedded"
            assert "/FontFile2" in descriptor.get_object(), f"{name} is not embedded TrueType"


# -- hostile text -----------------------------------------------------------------------------


def test_hostile_text_prints_as_typed(hostile_pdfs) -> None:
    a, full_pdf, exec_pdf = hostile_pdfs
    for pdf in (full_pdf, exec_pdf):
        for s in [*hostile.MARKUP, hostile.GREEK, hostile.CHINESE, hostile.LATIN]:
            assert s in pdf.text, s
    for s in (hostile.CYRILLIC, "a & b < c > d"):
        assert s in full_pdf.text
    squeezed = "".join(full_pdf.text.split())
    assert hostile.LONG_URL in squeezed
    # a whole category (MAP 5) and one subcategory are out of scope: listed in Appendix A only,
    # while the category keeps its heading and bookmark
    assert_scope_placement(full_pdf, a)
    assert any(t.startswith("MAP 5 — ") for t, _ in full_pdf.outline)
    assert "This whole category is out of scope (Appendix A)." in full_pdf.text
    # five fields hold the 20,000-character note: all of it is printed, across pages
    assert full_pdf.text.count("ipsum") >= 5 * hostile.LONG_NOTE.count("ipsum")
    assert len(exec_pdf.pages) <= 8
    summary = exec_pdf.section("1. Exec", "2. Res")
    assert_summary_numbers(exec_pdf, a, summary)


def test_chinese_is_set_in_an_embedded_truetype_font(hostile_pdfs) -> None:
    assert has_cjk_truetype(), (
        "No TrueType font for Chinese was found: install one (Debian: "
        "apt-get install fonts-droid-fallback; ./test.sh does this when run as root)."
    )
    _, pdf, _ = hostile_pdfs
    used: dict[str, set[str]] = {}

    def visit(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        if font is not None and text.strip():
            used.setdefault(str(font.get("/BaseFont")), set()).update(text)

    for page in pdf.reader.pages[:3]:
        page.extract_text(visitor_text=visit)
    han = {c for c in hostile.CHINESE}
    cjk_fonts = [name for name, chars in used.items() if han & chars]
    assert cjk_fonts, used.keys()
    fonts = pdf.fonts()
    for name in cjk_fonts:
        assert "Fallback" in name or "Hei" in name or "Sim" in name or "Unicode" in name, name
        assert "/FontFile2" in fonts[name]["/FontDescriptor"].get_object()
        assert not ({"\ufffd"} & used[name])
    latin_fonts = [name for name, chars in used.items() if "e" in chars]
    assert all(n not in cjk_fonts for n in latin_fonts)


def test_markup_escapes_user_text_and_routes_scripts() -> None:
    from reportlab.platypus import Paragraph

    from rmf_app.report.styles import make_styles

    style = make_styles().body
    assert markup("<b>x</b> & y") == "&lt;b&gt;x&lt;/b&gt; &amp; y"
    for s in [*hostile.SHORT, "line one\nline two"]:
        p = Paragraph(markup(s), style)
        assert "\ufffd" not in p.getPlainText() or s == hostile.EMOJI
    assert "<font name=" in markup(hostile.CHINESE)
    assert markup("a\x00b\x07c") == "a b c"
    assert markup("bad \ud800 surrogate").count("\ufffd") == 1
    rocket = markup("🚀")
    assert rocket == "\ufffd" or "<font" in rocket  # a visible placeholder, never an empty box


# -- reproducibility, cancel, errors ----------------------------------------------------------


def test_same_input_same_bytes(work: Path, demo_file: Path, full: Pdf) -> None:
    again = work / "full-again.pdf"
    code, _, err = run_cli("export", demo_file, "-o", again)
    assert code == 0, err
    assert again.read_bytes() == full.path.read_bytes()


def test_source_date_epoch_fixes_dates_and_overdue(work: Path, demo_file: Path) -> None:
    """As a real process: the environment variable alone makes the bytes and 'overdue'."""
    a = None
    with AssessmentSession.open(demo_file, read_only=True) as s:
        a = s.assessment
    outputs = {}
    for epoch in (1_782_864_000, 1_798_761_600, 1_798_761_600):  # 2026-07-01, 2027-01-01 twice
        out = work / f"exec-{epoch}-{len(outputs)}.pdf"
        env = run_cli_env() | {"SOURCE_DATE_EPOCH": str(epoch)}
        res = subprocess.run(
            [PYTHON, "-m", "rmf_app", "export", str(demo_file), "-o", str(out), "--executive"],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert res.returncode == 0, res.stderr
        outputs[out] = epoch
        day = dt.datetime.fromtimestamp(epoch, dt.UTC).date()
        overdue = [
            x for x in a.actions if x.due_date < day and x.status not in ("done", "cancelled")
        ]
        text = Pdf(out).text
        assert f"{len(overdue)} overdue" in text
        assert f"as of {day.isoformat()}" in text
    first, second, third = (p.read_bytes() for p in outputs)
    assert second == third and first != second


def test_cancelled_export_leaves_nothing(work: Path, demo_assessment: Assessment) -> None:
    folder = work / "cancel"
    folder.mkdir()
    target = folder / "report.pdf"
    pb = bundled_playbook()
    seen: list[tuple[int, int]] = []
    calls = 0

    def cancelled() -> bool:
        nonlocal calls
        calls += 1
        return calls > 20  # well into the layout

    job = PdfExportJob(demo_assessment, pb, target)
    with pytest.raises(Cancelled):
        job.run(progress=lambda d, t: seen.append((d, t)), cancelled=cancelled)
    assert calls > 20 and len(seen) > 3
    assert list(folder.iterdir()) == []
    with pytest.raises(Cancelled):
        job.run(cancelled=lambda: True)
    assert list(folder.iterdir()) == []
    # uncancelled, an export writes the file and reports progress up to the end
    seen.clear()
    job = PdfExportJob(demo_assessment, pb, target, PdfExportOptions(executive=True))
    result = job.run(progress=lambda d, t: seen.append((d, t)))
    assert [p.name for p in folder.iterdir()] == ["report.pdf"]
    assert result.pages == len(PdfReader(target).pages)
    assert seen[-1] == (1000, 1000)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_job_works_on_a_snapshot(demo_assessment: Assessment, work: Path) -> None:
    a = demo_assessment.model_copy(deep=True)
    job = PdfExportJob(a, bundled_playbook(), work / "snapshot.pdf", now=dt.datetime(2026, 1, 1))
    a.profile.name = "Changed after the snapshot"
    assert job.assessment.profile.name == demo_assessment.profile.name
    assert job.now.tzinfo is not None


def test_unwritable_target_gives_a_clear_error(work: Path, demo_file: Path) -> None:
    blocker = work / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    target = blocker / "report.pdf"
    code, _, err = run_cli("export", demo_file, "-o", target)
    assert code == 1
    assert err.startswith("rmf-app: error: Cannot write") and "not an existing folder" in err
    assert "Traceback" not in err
    with AssessmentSession.open(demo_file, read_only=True) as s:
        job = PdfExportJob.from_session(s, target)
    with pytest.raises(StorageError, match="Choose another location"):
        job.run()
    assert blocker.read_text() == "a file where a folder should be"


def test_bad_source_date_epoch_and_misused_flags(work: Path, demo_file: Path) -> None:
    env = run_cli_env() | {"SOURCE_DATE_EPOCH": "yesterday"}
    res = subprocess.run(
        [PYTHON, "-m", "rmf_app", "export", str(demo_file), "-o", str(work / "y.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 1 and "SOURCE_DATE_EPOCH" in res.stderr
    assert not (work / "y.pdf").exists()
    code, _, err = run_cli("export", demo_file, "-o", work / "x.json", "--executive")
    assert code == 1 and "PDF export only" in err


def test_report_package_computes_no_scores() -> None:
    """Every figure comes from the one scoring function: the report never calls or redoes it."""
    for py in (ROOT / "rmf_app" / "report").glob("*.py"):
        tree = ast.parse(py.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module and "scoring" in node.module:
                names = {a.name for a in node.names}
                assert names <= {
                    "Gap",
                    "GroupScore",
                    "RiskScore",
                    "Scores",
                    "CharacteristicCoverage",
                    # the overlay's result types, computed by the caller like Scores
                    "OverlayScores",
                    "RiskCoverage",
                    "METHOD_VERSION",
                    "PROVISIONAL_BELOW",  # a threshold of the method, named in notes
                }, (
                    py.name,
                    names,
                )
            if isinstance(node, ast.Attribute):
                assert node.attr not in ("score", "round_half_up", "_group"), py.name


def test_the_cycle_collector_pause_ends_after_the_last_of_overlapping_exports() -> None:
    """Exports on two threads may overlap in any order: the collector runs again after the
    last one, and stays off if it was off before."""
    import gc

    from rmf_app.services.export import cyclic_gc_paused

    assert gc.isenabled()
    first, second = cyclic_gc_paused(), cyclic_gc_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)  # the first to start ends first
    assert not gc.isenabled()
    second.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with cyclic_gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
