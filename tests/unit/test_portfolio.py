"""The portfolio (issue #17): many files read side by side, read-only, figures as `info`."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from rmf_app import cli
from rmf_app.domain import framework
from rmf_app.services import portfolio as pf
from rmf_app.services.demo import write_demo
from rmf_app.services.session import AssessmentSession

N_SYSTEMS = 48
SUBS = framework.subcategory_ids()


def _vary(path: Path, i: int) -> None:
    """Scripted edits on a copy of the demo: each file differs in name, answers, state."""
    with AssessmentSession.open(path, user=f"editor-{i % 3}") as s:
        # the same system in two files (3, 4); the same name in another organization (5, 6)
        name = {3: "LoanLens twin", 4: " loanlens TWIN", 5: "Shared", 6: "Shared"}.get(
            i, f"System {i:02d}"
        )
        s.update_profile(name=name, organisation="Org A" if i % 2 or i == 4 else "Org B")
        for k in range(i % 7):
            s.set_response(SUBS[(i * 5 + k * 11) % len(SUBS)], current=(i + k) % 5)
        if i % 6 == 1:
            s.set_review(state="draft")
        if i % 8 == 2:
            s.sign("approver", "Pat Approver")
            s.finalise()


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    (root / "team-a" / "deep").mkdir(parents=True)
    (root / "team-b").mkdir()
    first = tmp_path_factory.mktemp("template") / "demo.airmf"
    write_demo(first)
    for i in range(N_SYSTEMS):
        sub = ("team-a/deep", "team-b", "team-a")[i % 3]
        path = root / sub / f"s{i:02d}.airmf"
        shutil.copyfile(first, path)
        _vary(path, i)
    write_demo(root / "team-b" / "genai.airmf", genai=True)
    # broken files among them: foreign, cut short, newer format, empty
    (root / "team-b" / "notes.airmf").write_text("just some notes, not an assessment\n")
    data = first.read_bytes()
    (root / "team-a" / "cut.airmf").write_bytes(data[: len(data) // 3])
    newer = root / "team-b" / "newer.airmf"
    shutil.copyfile(first, newer)
    con = sqlite3.connect(newer)
    con.execute("PRAGMA user_version=99")
    con.commit()
    con.close()
    (root / "empty.airmf").write_bytes(b"")
    (root / "readme.txt").write_text("not searched: not an .airmf file")
    return root


def _hashes(root: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def portfolio(folder):
    before = _hashes(folder)
    p = pf.read_portfolio([folder], today=dt.date.today())
    assert _hashes(folder) == before  # no file's bytes change, no file is added
    return p


def test_every_assessment_is_a_row_and_broken_files_are_listed(portfolio, folder):
    assert len(portfolio.rows) == N_SYSTEMS + 1
    broken = {Path(u.path).name: u.reason for u in portfolio.unreadable}
    assert set(broken) == {"notes.airmf", "cut.airmf", "newer.airmf", "empty.airmf"}
    assert "newer version" in broken["newer.airmf"]
    assert all(reason.strip() for reason in broken.values())


def test_table_figures_equal_info_json(portfolio, capsys):
    for row in portfolio.rows:
        assert cli.main(["info", "--json", row.path]) == 0
        info = json.loads(capsys.readouterr().out)
        overall = info["overall"]
        assert row.completion.model_dump() == overall["completion"], row.path
        assert row.at_target.model_dump() == overall["at_target"], row.path
        risks = info["risks"]
        above = [r for r in risks if r["at_or_above_tolerance"]]
        assert row.risks_at_or_above_tolerance == len(above)
        assert row.risks_without_acceptance == len([r for r in above if not r["accepted"]])
        assert row.overdue_actions == len(info["overdue_actions"])
        decision = info["decision"]
        assert row.opinion == decision["opinion"]["rating"]
        assert row.overdue_conditions == len(
            [c for c in decision["conditions"] if c["state"] == "overdue"]
        )
        assert row.functions == {f["id"]: pf.Fraction(**f["at_target"]) for f in info["functions"]}


def test_states_decisions_and_final_revisions(portfolio):
    by_name = {Path(r.path).name: r for r in portfolio.rows}
    final = by_name["s02.airmf"]
    assert final.state == "Final" and final.finalized_by == "editor-2"
    assert final.days_since_final == 0 and final.finalized_at
    assert by_name["s01.airmf"].state == "Draft"
    assert by_name["s05.airmf"].state == "In review"
    assert by_name["s05.airmf"].days_since_final is None
    assert by_name["genai.airmf"].overlays
    assert portfolio.rollups.by_state == {
        "Final": 6,
        "Draft": 8,
        "In review": N_SYSTEMS + 1 - 14,
    }


def test_duplicates_are_flagged_on_both_files(portfolio):
    dupes = [r for r in portfolio.rows if any("also assessed in" in f for f in r.flags)]
    assert {Path(r.path).name for r in dupes} == {"s03.airmf", "s04.airmf"}
    assert all(r.needs_attention for r in dupes)


def test_stale_finals_and_untouched_drafts(folder):
    later = dt.date.today() + dt.timedelta(days=400)
    p = pf.read_portfolio([folder], today=later, stale_months=12)
    stale = {Path(r.path).name for r in p.rows if any("older than 12" in f for f in r.flags)}
    assert stale == {f"s{i:02d}.airmf" for i in range(N_SYSTEMS) if i % 8 == 2}
    untouched = {Path(r.path).name for r in p.rows if any("untouched" in f for f in r.flags)}
    assert untouched == {f"s{i:02d}.airmf" for i in range(N_SYSTEMS) if i % 6 == 1}
    # a year later but with a 24-month limit, nothing final is stale yet
    p = pf.read_portfolio([folder], today=later, stale_months=24)
    assert not [r for r in p.rows if any("older than" in f for f in r.flags)]


def test_roll_ups_add_up(portfolio):
    ru = portfolio.rollups
    for fid, total in ru.functions.items():
        assert total.numerator == sum(r.functions[fid].numerator for r in portfolio.rows)
        assert total.denominator == sum(r.functions[fid].denominator for r in portfolio.rows)
    assert sum(map(sum, ru.residual_heatmap)) == sum(
        sum(map(sum, r.residual_heatmap)) for r in portfolio.rows
    )
    assert len(ru.recurring_gaps) == 10
    counts = [g.systems for g in ru.recurring_gaps]
    assert counts == sorted(counts, reverse=True)
    top = ru.recurring_gaps[0]
    assert top.systems == sum(top.subcategory_id in r.below_target for r in portfolio.rows)
    assert sum(ru.by_decision.values()) == len(portfolio.rows)


def test_files_named_one_by_one_and_twice(folder):
    files = sorted(folder.rglob("s0*.airmf"))[:3]
    p = pf.read_portfolio([*files, files[0], folder / "team-a" / "cut.airmf"])
    assert [r.path for r in p.rows] == [str(f) for f in files]
    assert len(p.unreadable) == 1


def test_cancel_between_files(folder):
    seen: list[int] = []
    with pytest.raises(pf.Cancelled):
        pf.read_portfolio(
            [folder], progress=lambda i, n, name: seen.append(i), cancelled=lambda: len(seen) >= 2
        )
    assert seen == [0, 1]


def test_cli_csv_json_and_text(folder, capsys, tmp_path):
    before = _hashes(folder)
    assert cli.main(["portfolio", str(folder), "--csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == N_SYSTEMS + 1
    assert "notes.airmf" in err and "Traceback" not in err
    assert cli.main(["portfolio", str(folder), "--json", "--stale-months", "3"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stale_months"] == 3 and len(data["unreadable"]) == 4
    assert cli.main(["portfolio", str(folder)]) == 0
    out = capsys.readouterr().out
    assert "need attention" in out and "not read:" in out
    target = tmp_path / "table.csv"
    assert cli.main(["portfolio", str(folder), "--csv", "-o", str(target)]) == 0
    assert target.read_text("utf-8").startswith("path,name,")
    assert _hashes(folder) == before


def test_csv_and_json_say_which_bytes_each_row_was_read_from(folder, capsys):
    """Like the PDF's provenance appendix, the table loaded into a GRC tool carries each file's
    SHA-256 and size as read (and the assessment's fingerprint once final), so a row can be
    traced to the exact file; unreadable files keep theirs when their bytes could be read."""
    import hashlib

    assert cli.main(["portfolio", str(folder), "--csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert cli.main(["portfolio", str(folder), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for row in [*rows, *data["systems"]]:
        raw = Path(row["path"]).read_bytes()
        assert row["sha256"] == hashlib.sha256(raw).hexdigest()
        assert int(row["size_bytes"]) == len(raw)
    finals = [s for s in data["systems"] if s["finalized_at"]]
    assert finals and all(s["fingerprint"] for s in finals)
    assert any(u["sha256"] and u["size_bytes"] for u in data["unreadable"])


def test_cli_refuses_bad_arguments(tmp_path, capsys):
    assert cli.main(["portfolio", str(tmp_path / "nowhere")]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert cli.main(["portfolio", str(tmp_path), "--stale-months", "0"]) == 1
    assert cli.main(["portfolio", str(tmp_path), "--csv", "-o", str(tmp_path / "x.json")]) == 1
    assert "Cannot tell" in capsys.readouterr().err


def test_csv_cells_cannot_run_as_formulas(tmp_path):
    path = tmp_path / "f.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as s:
        s.update_profile(name="=HYPERLINK(1)", organisation="+evil")
    text = pf.table_csv(pf.read_portfolio([tmp_path]))
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"] == "'=HYPERLINK(1)" and row["organization"] == "'+evil"


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_pdf_lists_every_system_and_a_page_per_system_needing_attention(
    portfolio, tmp_path, monkeypatch
):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    first, second = tmp_path / "p1.pdf", tmp_path / "p2.pdf"
    pages = pf.export_portfolio_pdf(portfolio, first)
    pf.export_portfolio_pdf(portfolio, second)
    assert first.read_bytes() == second.read_bytes()  # reproducible
    from pypdf import PdfReader

    texts = [p.extract_text() for p in PdfReader(first).pages]
    assert len(texts) == pages
    text = " ".join(" ".join(texts).split())
    for row in portfolio.rows:
        assert " ".join(row.name.split()) in text
    attention = [r for r in portfolio.rows if r.needs_attention]
    assert attention
    for r in attention:
        page = next(
            p for p in texts if "Why it needs attention" in p and r.path in p.replace("\n", "")
        )
        for reason in r.reasons:
            assert " ".join(reason.split())[:30] in " ".join(page.split())
    assert "notes.airmf" in text and "Files not read" in text


def test_pdf_prints_markup_in_names_as_typed(tmp_path):
    path = tmp_path / "f.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as s:
        s.update_profile(name="<b>Bold & co</b>", organisation="Ünïcode — Δ")
    out = tmp_path / "p.pdf"
    pf.export_portfolio_pdf(pf.read_portfolio([path]), out)
    text = _pdf_text(out)
    assert "<b>Bold & co</b>" in text and "Ünïcode — Δ" in text


def test_a_file_open_for_editing_elsewhere_is_read_and_keeps_its_lock(tmp_path):
    path = tmp_path / "busy.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as editing:  # holds the file's lock
        assert not editing.read_only
        p = pf.read_portfolio([tmp_path])
        assert [r.name for r in p.rows] == [editing.assessment.profile.name]
        editing.update_profile(owner="Still editable")  # the owner's lock was not disturbed
    assert not p.unreadable


def test_a_file_a_crash_left_half_written_is_listed_and_not_rolled_back(tmp_path):
    """Recovering a crashed file writes to it: the portfolio never does that to another
    team's file. It lists the file with what to do, and the file and its journal stay as
    they were (rmf-app itself recovers it when its owner opens it)."""
    from tests.unit.test_crash_recovery import _interrupted_growth

    path = tmp_path / "crashed.airmf"
    write_demo(path)
    _interrupted_growth(path)  # a genuine hot journal: rmf-app's own open recovers it
    hashes = _hashes(tmp_path)

    p = pf.read_portfolio([tmp_path])

    assert p.rows == []
    [(name, reason)] = [(Path(u.path).name, u.reason) for u in p.unreadable]
    assert name == "crashed.airmf"
    assert "interrupted in the middle of a change" in reason and "open it in rmf-app" in reason
    assert _hashes(tmp_path) == hashes


def test_a_verified_report_pdf_is_a_row_and_a_foreign_pdf_is_listed(tmp_path, capsys):
    demo = tmp_path / "demo.airmf"
    write_demo(demo)
    report = tmp_path / "demo-report.pdf"
    assert cli.main(["export", str(demo), "-o", str(report), "--executive"]) == 0
    foreign = tmp_path / "other.pdf"
    foreign.write_bytes(b"%PDF-1.4\n%%EOF\n")
    capsys.readouterr()
    p = pf.read_portfolio([report, foreign], today=dt.date.today())
    direct = pf.read_portfolio([demo], today=dt.date.today()).rows[0]
    assert [r.path for r in p.rows] == [str(report)]
    row = p.rows[0]
    assert (row.name, row.completion, row.at_target, row.opinion) == (
        direct.name,
        direct.completion,
        direct.at_target,
        direct.opinion,
    )
    assert [Path(u.path).name for u in p.unreadable] == ["other.pdf"]


def test_overlays_and_eu_scope_read_in_words_in_the_pdf(tmp_path):
    """A reader sees "Generative AI Profile" and "Provider and deployer; High-risk AI system",
    not the stored ids "genai" and "both / high_risk"."""
    from pypdf import PdfReader

    from rmf_app.domain.assessment import Risk
    from rmf_app.domain.crosswalk import EuAiActScope

    path = write_demo(tmp_path / "g.airmf", genai=True)
    with AssessmentSession.open(path) as s:
        s.update_profile(eu_ai_act=EuAiActScope(role="both", risk_class="high_risk"))
        s.add_item("risk", Risk(id="R-950", title="Unowned", likelihood=5, impact=5))
    p = pf.read_portfolio([tmp_path])
    [row] = p.rows
    assert row.crosswalk_scope == "Provider and deployer; High-risk AI system"
    out = tmp_path / "p.pdf"
    assert cli.main(["portfolio", str(tmp_path / "g.airmf"), "-o", str(out)]) == 0
    text = " ".join(pg.extract_text() for pg in PdfReader(out).pages)
    assert "1 system, " in text and "1 systems" not in text
    assert row.needs_attention  # the unaccepted risk: its page names the overlay and scope
    assert "Generative AI Profile" in text
    assert "both / high_risk" not in text
    assert not any(" 1 risks " in r or "1 overdue actions" in r for r in row.reasons)


def test_a_barely_answered_system_shows_no_opinion_formed(tmp_path, capsys):
    """Issue #13: the portfolio shows the rule's "not formed" for a file with too little
    assessed, in its table, its PDF and the text table, from the same opinion function."""
    path = tmp_path / "fresh.airmf"
    write_demo(path)
    with AssessmentSession.open(path) as s:
        for sid in framework.subcategory_ids()[2:]:
            s.set_response(sid, current=None)
    p = pf.read_portfolio([path])
    (row,) = p.rows
    assert row.opinion == "not_formed"
    out = tmp_path / "p.pdf"
    pf.export_portfolio_pdf(p, out)
    assert "Not formed — too little assessed" in " ".join(_pdf_text(out).split())
    assert cli.main(["portfolio", str(path)]) == 0
    assert "Not formed " in capsys.readouterr().out


def test_a_gap_of_one_system_alone_does_not_recur(tmp_path):
    """Recurring gaps are those below target in at least two systems."""
    import dataclasses

    from rmf_app.domain.portfolio import roll_ups

    [base] = pf.read_portfolio([write_demo(tmp_path / "d.airmf")]).rows
    a = dataclasses.replace(base, name="A", path="a", below_target=["GOVERN 1.1", "MAP 1.1"])
    b = dataclasses.replace(base, name="B", path="b", below_target=["GOVERN 1.1"])
    gaps = roll_ups([a, b]).recurring_gaps
    assert [(g.subcategory_id, g.systems, g.system_names) for g in gaps] == [
        ("GOVERN 1.1", 2, ("A", "B"))
    ]
