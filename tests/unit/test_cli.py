"""The command line: every subcommand, its errors and exit codes (run as a real process)."""

from __future__ import annotations

import json
import subprocess

import pytest

from rmf_app.domain.scoring import score
from rmf_app.services.session import AssessmentSession
from tests.conftest import PYTHON, run_cli_env


def rmf(*args, cwd=None):
    return subprocess.run(
        [PYTHON, "-m", "rmf_app", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=run_cli_env(),
        timeout=120,
    )


def assert_clean_error(res, *words, code=1):
    assert res.returncode == code, (res.stdout, res.stderr)
    assert "Traceback" not in res.stderr
    assert res.stderr.startswith("rmf-app: error:") or "usage:" in res.stderr
    for w in words:
        assert w in res.stderr


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "d.airmf"
    res = rmf("demo", "-o", path)
    assert res.returncode == 0, res.stderr
    return path


def test_version_and_help():
    assert rmf("--version").stdout.startswith("rmf-app ")
    for cmd in (
        [],
        ["new"],
        ["info"],
        ["validate"],
        ["export"],
        ["import"],
        ["demo"],
        ["playbook"],
        ["playbook", "show"],
        ["playbook", "gai"],
    ):
        res = rmf(*cmd, "--help")
        assert res.returncode == 0 and "usage:" in res.stdout, cmd


def test_demo_info_matches_scoring(demo):
    res = rmf("info", demo)
    assert res.returncode == 0, res.stderr
    with AssessmentSession.open(demo, read_only=True) as s:
        sc = score(s.assessment, s.playbook)
    assert f"Completion: {sc.overall.completion.percent()}" in res.stdout
    for g in sc.functions:
        line = next(ln for ln in res.stdout.splitlines() if ln.startswith(g.id + " "))
        assert g.completion.percent() in line and g.at_target.percent() in line
        assert f"{g.mean_current:.1f}" in line and f"{g.mean_target:.1f}" in line
    data = json.loads(rmf("info", demo, "--json").stdout)
    assert data["overall"]["completion"] == sc.overall.completion.model_dump()


def test_demo_is_complete(demo):
    with AssessmentSession.open(demo, read_only=True) as s:
        a, sc = s.assessment, s.scores()
        assert sc.overall.completion.numerator == sc.overall.completion.denominator
        assert sc.out_of_scope and sc.inherited and len(a.risks) >= 8 and len(a.actions) >= 10
        assert any(r.at_or_above_tolerance and r.accepted for r in sc.risks)
        assert any(e.attachment for e in a.evidence) and any(e.url for e in a.evidence)
        assert a.review.decision is not None and a.review.signatures
        for sid, r in a.responses.items():
            if a.scope.in_scope(sid) and r.applicability != "not_applicable":
                assert set(r.questions) == set(s.playbook.question_ids(sid)), sid


def test_new_validate_export_import(tmp_path):
    f = tmp_path / "n.airmf"
    assert rmf("new", "-o", f, "--name", "Chatbot", "--organisation", "Org").returncode == 0
    res = rmf("validate", f)
    assert res.returncode == 0 and "valid rmf-app assessment" in res.stdout
    assert "not assessed" in res.stdout
    assert_clean_error(rmf("new", "-o", f, "--name", "Again"), "already exists")
    assert rmf("export", f, "-o", tmp_path / "n.json").returncode == 0
    assert rmf("export", f, "--format", "json", "-o", tmp_path / "n.txt").returncode == 0
    assert rmf("import", tmp_path / "n.json", "-o", tmp_path / "m.airmf").returncode == 0
    assert_clean_error(
        rmf("import", tmp_path / "n.json", "-o", tmp_path / "m.airmf"), "already exists"
    )
    res = rmf("export", f, "-o", tmp_path / "out.csv")
    assert res.returncode == 0
    for t in ("responses", "risks", "actions"):
        assert (tmp_path / f"out-{t}.csv").exists()
    assert rmf("export", f, "-o", tmp_path / "only.csv", "--table", "risks").returncode == 0
    assert (tmp_path / "only.csv").read_bytes().decode("utf-8-sig").startswith("id,title")


def test_canonical_export_hash(tmp_path, demo):
    out = tmp_path / "c.json"
    assert rmf("export", demo, "--canonical", "-o", out).returncode == 0
    from rmf_app.domain.canonical import canonical_bytes

    with AssessmentSession.open(demo, read_only=True) as s:
        assert out.read_bytes() == canonical_bytes(s.assessment)


def test_playbook_list_and_show():
    res = rmf("playbook", "list")
    lines = res.stdout.splitlines()
    assert (
        len(lines) == 72
        and lines[0].startswith("GOVERN 1.1\t")
        and lines[-1].startswith("MANAGE 4.3\t")
    )
    ids = [ln.split("\t")[0] for ln in lines]
    assert ids.index("MEASURE 2.2") < ids.index("MEASURE 2.10")
    res = rmf("playbook", "show", "GOVERN 1.1")
    assert res.returncode == 0 and "GV-1.1-Q1" in res.stdout and "Why it matters" in res.stdout
    assert_clean_error(rmf("playbook", "show", "GOVERN 9.9"), "not a subcategory")


def test_playbook_show_lists_the_genai_actions_of_a_subcategory():
    res = rmf("playbook", "show", "GOVERN 1.1")
    assert res.returncode == 0, res.stderr
    block = res.stdout.split("Generative AI Profile (NIST AI 600-1) actions\n", 1)[1]
    assert block.splitlines() == [
        "  GV-1.1-001 — Check the generative system against privacy, copyright and "
        "anti-discrimination law"
    ]
    res = rmf("playbook", "show", "measure 2.10")
    block = res.stdout.split("Generative AI Profile (NIST AI 600-1) actions\n", 1)[1]
    assert [ln.split(" — ")[0].strip() for ln in block.splitlines()] == [
        "MS-2.10-001",
        "MS-2.10-002",
        "MS-2.10-003",
    ]
    res = rmf("playbook", "show", "GOVERN 2.2")  # one of the 23 with no GenAI action
    assert res.returncode == 0 and "Generative AI" not in res.stdout
    assert "Generative AI" not in rmf("playbook", "show", "GOVERN 1.1", "--official").stdout


def test_playbook_show_an_action_in_full():
    res = rmf("playbook", "show", "gv-1.1-001")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].startswith("GV-1.1-001 — Check the generative system")
    assert "GOVERN 1.1" in lines[1] and "How" in lines and "Evidence to keep" in lines
    assert (
        lines[-1]
        == "GAI risks: Data Privacy, Harmful Bias or Homogenization, Intellectual Property"
    )
    assert_clean_error(rmf("playbook", "show", "GV-9.9-001"), "not an action")


def test_playbook_gai_lists_the_twelve_risks_with_action_counts():
    from rmf_app.services.content import overlay

    ov = overlay("genai")
    res = rmf("playbook", "gai")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert "12 risks, 212 actions under 49 of the 72 subcategories" in lines[0]
    rows = [ln for ln in lines if ln.rstrip().endswith(tuple(r.id for r in ov.risks))]
    assert len(rows) == 12
    for row, risk in zip(rows, ov.risks, strict=True):
        number, rest = row.split(None, 1)
        assert int(number) == risk.number and rest.startswith(risk.title), row
        assert f" {len(ov.actions_for_risk(risk.id))} actions  {risk.id}" in row, row
    assert "\n 2  Confabulation " in res.stdout


def test_playbook_gai_shows_one_risk_by_id_or_number():
    by_id, by_number = rmf("playbook", "gai", "confabulation"), rmf("playbook", "gai", "2")
    assert by_id.returncode == 0 and by_id.stdout == by_number.stdout
    out = by_id.stdout
    assert out.startswith("2. Confabulation (confabulation)") and "Signals to watch" in out
    assert "MS-2.5-003 — " in out and "GV-1.1-001" not in out
    assert_clean_error(rmf("playbook", "gai", "hallucination"), "not one of the 12 risks")
    assert_clean_error(rmf("playbook", "gai", "13"), "not one of the 12 risks")


@pytest.mark.parametrize(
    "args",
    [
        ("info", "missing.airmf"),
        ("validate", "missing.airmf"),
        ("export", "missing.airmf", "-o", "x.json"),
        ("import", "missing.json", "-o", "x.airmf"),
    ],
)
def test_missing_files(tmp_path, args):
    assert_clean_error(
        rmf(*args, cwd=tmp_path), "does not exist" if args[0] != "import" else "Cannot read"
    )


def test_bad_files_give_one_line_errors(tmp_path):
    junk = tmp_path / "junk.airmf"
    junk.write_bytes(b"\x00garbage" * 100)
    assert_clean_error(rmf("info", junk), "not an rmf-app assessment")
    bad_json = tmp_path / "bad.json"
    bad_json.write_text("{", "utf-8")
    assert_clean_error(rmf("import", bad_json, "-o", tmp_path / "x.airmf"), "not valid JSON")
    assert not (tmp_path / "x.airmf").exists()


def test_usage_errors_exit_2(tmp_path):
    assert_clean_error(rmf("frobnicate"), code=2)
    assert_clean_error(rmf("new", "--name", "x"), "-o", code=2)
    assert_clean_error(
        rmf("new", "-o", tmp_path / "x.airmf", "--name", "x", "--default-target", "7"), code=2
    )


def test_export_format_errors(tmp_path, demo):
    assert_clean_error(rmf("export", demo, "-o", tmp_path / "x.docx"), "--format")
    # PDF export exists now (tests/unit/test_report.py); its options need a PDF output
    assert_clean_error(rmf("export", demo, "-o", tmp_path / "x.json", "--executive"), "PDF")


def test_unwritable_targets_leave_nothing(tmp_path, demo):
    """Tests run as root in CI, so make the target's parent a regular file."""
    blocker = tmp_path / "plain-file"
    blocker.write_text("x")
    for args in (
        ("demo", "-o", blocker / "d.airmf"),
        ("new", "-o", blocker / "n.airmf", "--name", "x"),
        ("export", demo, "-o", blocker / "d.json"),
        ("export", demo, "-o", blocker / "d.csv"),
        ("export", demo, "-o", blocker / "d.pdf"),
        ("import", tmp_path / "src.json", "-o", blocker / "i.airmf"),
    ):
        if args[0] == "import":
            assert rmf("export", demo, "-o", tmp_path / "src.json").returncode == 0
        assert_clean_error(rmf(*args), "Cannot write", "not")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-file", "src.json"]
    assert blocker.read_text() == "x"


def test_info_and_validate_show_the_opinion_conditions_and_acceptance(demo):
    """Issue #13: `info` prints the opinion with its reasons and that it is no NIST rating, the
    gaps without an action and the conditions; `validate` lists a missing acceptance."""
    res = rmf("info", demo)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "Overall opinion: Unsatisfactory (rmf-app's rule, not a NIST rating)" in out
    assert "unsatisfactory: deployment conditions overdue: A-004, A-005" in out
    assert "Gaps without an action: 15 of 29" in out
    assert "A-004 overdue (overdue at decision)" in out
    assert "In scope: 70 = 41 at target + 29 below target + 0 not assessed + 0 N/A" in out
    res = rmf("validate", demo)
    assert "risk R-008 is treated by acceptance but records no acceptance" in res.stdout
    assert "deployment condition A-004 is overdue" in res.stdout


def test_info_forms_no_opinion_on_a_new_assessment(tmp_path):
    """Issue #13: with nothing assessed, `info` and `info --json` give the rule's "not formed"
    with the share assessed, as the reports and the dashboard do."""
    f = tmp_path / "n.airmf"
    assert rmf("new", "-o", f, "--name", "Chatbot", "--organisation", "Org").returncode == 0
    out = rmf("info", f).stdout
    assert "Overall opinion: Not formed — too little assessed (0 of 72) (rmf-app's rule" in out
    assert "no opinion: 0 of 72 in-scope items assessed, rated or not applicable (0%" in out
    res = rmf("info", "--json", f)
    opinion = json.loads(res.stdout)["decision"]["opinion"]
    assert (opinion["rating"], opinion["assessed"], opinion["in_scope"]) == ("not_formed", 0, 72)
