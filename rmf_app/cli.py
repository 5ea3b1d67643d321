"""The command line: ``rmf-app`` with no arguments starts the GUI; subcommands work headless.

Exit codes: 0 success, 1 the operation failed (the message says why and what to do), 2 the
command line itself was wrong, 130 interrupted; ``verify`` also 3: the report is unchanged but
a signer's certificate is not trusted. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from . import __version__
from .domain import framework
from .domain.labels import REVIEW_STATES

if TYPE_CHECKING:  # annotations only: keep `rmf-app --version` and the GUI start light
    from .domain.crosswalk_readiness import CrosswalkReadiness
    from .domain.diff import AssessmentDiff
    from .domain.official import Block
    from .domain.scoring import Fraction, GroupScore, Scores
    from .services.session import AssessmentSession

# All user-facing CLI strings live here so they can be translated together.
T = {
    "desc": "Self-assess one AI system against the NIST AI RMF 1.0 and export a risk profile.",
    "epilog": "Run without arguments to start the desktop app. 'rmf-app COMMAND --help' for details.",
    "created": "Created {path}",
    "imported": "Imported {src} into {path}",
    "exported": "Wrote {path}",
    "uncovered": (
        "Warning: no font on this system prints some characters of {field}; the PDF shows "
        '"\ufffd" for them (add a font with RMF_APP_FONTS).'
    ),
    "diff_revision_help": "compare final revision N kept in FILE with its current state",
    "diff_usage": "Give two files (rmf-app diff OLD.airmf NEW.airmf) or one file and a final revision (rmf-app diff F.airmf --revision 1).",
    "diff_head": "Changes from revision {old} ({old_state}) to revision {new} ({new_state})",
    "diff_none": "No changes.",
    "valid": "{name}: valid rmf-app assessment (file format {version}, revision {rev}, {state}).",
    "warn": "  warning: {text}",
    "no_pdf": "--executive and --no-guidance apply to PDF export only (an output file ending in .pdf, or --format pdf).",
    "revision_formats": "An earlier final revision exports as a PDF report or as its canonical JSON (--canonical), as an HTML report, or as OSCAL (--format oscal); not as CSV or a full JSON export.",
    "oscal_options": "--canonical, --table, --executive and --no-guidance do not apply to the OSCAL export; leave them out.",
    "no_gui": (
        "The desktop app cannot start here: {why}. On a machine without a display, use the "
        "command line instead (see 'rmf-app --help'), e.g. 'rmf-app demo -o demo.airmf'."
    ),
    "unknown_format": "Cannot tell the export format from {name}: use --format json, csv, pdf or html.",
    "html_options": "--executive, --canonical and --table do not apply to the HTML report (always the full report).",
    "pack_imported": "Imported {title}: {n} subcategories, version {version}.",
    "pack_again": "{title} version {version} was already imported; it is now the current pack.",
    "compacted": "Compacted {name}: {n} unused attached files removed, {kib} KiB freed.",
    "compacted_one": "Compacted {name}: 1 unused attached file removed, {kib} KiB freed.",
    "allow_damaged_help": "open a damaged file read-only and use what is intact, leaving out "
    "(and naming) what fails its checks",
    "damaged_shown": "rmf-app: warning: {name} is damaged; left out: {what}. The rest is used as "
    "stored.",
    "damaged": "{name} is damaged: {what}. It was changed outside rmf-app or by a disk fault. "
    "'rmf-app export --allow-damaged {name} -o intact.json' exports what is intact; "
    "or restore it from a backup.",
    "damaged_hint": " On the command line, add --allow-damaged to 'info' or 'export'.",
    "not_official": "No official NIST Playbook has been imported yet; 'rmf-app playbook import FILE' adds one.",
    "overlay_actions": "{title} ({document}) actions",
    "gai_head": "{title} ({document}), version {version}: {risks} risks, {actions} actions under {subs} of the 72 subcategories.",
    "gai_row": "{number:>2}  {title:<46} {count:>3} actions  {id}",
    "gai_more": "'rmf-app playbook gai RISK' explains one risk and lists its actions; 'rmf-app playbook show ID' shows an action.",
    "gai_count": "{count} actions",
    "unknown_risk": "{value!r} is not one of the {n} risks of the {title}; 'rmf-app playbook gai' lists them (id or number).",
    "unknown_action": "{value!r} is not an action of the {title}; 'rmf-app playbook show \"GOVERN 1.1\"' lists a subcategory's actions.",
    "in_practice": "In practice",
    "characteristics": "Trustworthiness characteristics: {names}",
    "signals": "Signals to watch",
    "register": "As a register entry: {title}",
    "how": "How",
    "evidence": "Evidence to keep",
    "risks": "GAI risks: {names}",
    "xw_head": "{system} — {title} readiness by {unit} ({mapping})",
    "xw_own": "rmf-app's own mapping; not legal advice",
    "xw_published": "pairs from NIST's published crosswalk",
    "xw_scope": "EU AI Act role and class (system profile): {scope}",
    "xw_overall": "Overall: {pct} of the {n} mapped subcategories at target ({at}); {full} of {refs} references with all mapped subcategories at target.",
    "xw_ruled_out": "Not applicable under this role and class: {items}",
    "xw_row": "{ref:<9} {pct:>4}  {frac:>8}  {label}",
    "xw_cols": "{ref:<9} {pct:>4}  {frac:>8}  {label}",
    "xw_gaps": "Gaps that matter most for {title}:",
    "xw_gap": "  {sid:<13} {status:<18} {refs}",
    "xw_note": "Coverage = mapped subcategories at target / those in scope and not N/A (docs/scoring.md); a view of the same answers, not a second assessment.",
    "xw_no_csv": "-o writes the CSV table: use it with --csv (or leave --json out).",
    "portfolio_output": "Cannot tell what to write to {name}: use a .pdf, .csv or .json name "
    "(with --csv or --json to match).",
    "passphrase": "Passphrase for {name}: ",
    "signed": "Wrote {path}, signed by {signer} ({field}).",
    "sign_not_final": (
        "this report is of revision {revision}, {state}: not a final revision. A signature "
        "says you accept what it shows; sign a report exported after finalizing."
    ),
}


def _today() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH when set (reproducible output)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code 1."""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="rmf-app", description=T["desc"], epilog=T["epilog"])
    p.add_argument("--version", action="version", version=f"rmf-app {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    s = sub.add_parser("new", help="create a new, empty assessment file")
    s.add_argument("-o", "--output", required=True, help="the .airmf file to create")
    s.add_argument("--name", required=True, help="name of the AI system")
    s.add_argument("--organisation", default="", help="organization that owns the system")
    s.add_argument("--owner", default="", help="system owner")
    s.add_argument(
        "--default-target",
        type=int,
        default=3,
        choices=range(5),
        metavar="0-4",
        help="default target maturity (0-4, default 3)",
    )
    s.add_argument("--force", action="store_true", help="replace an existing file")

    s = sub.add_parser("info", help="show completion and scores of an assessment")
    s.add_argument("file")
    s.add_argument("--json", action="store_true", help="print all scores as JSON")
    s.add_argument("--allow-damaged", action="store_true", help=T["allow_damaged_help"])

    s = sub.add_parser("validate", help="check an assessment file and list open review points")
    s.add_argument("file")

    s = sub.add_parser("export", help="export an assessment as JSON, CSV, PDF, HTML or OSCAL")
    s.add_argument("file")
    s.add_argument("--allow-damaged", action="store_true", help=T["allow_damaged_help"])
    s.add_argument(
        "-o",
        "--output",
        required=True,
        help="output file (format from its extension); with --format oscal, a folder",
    )
    s.add_argument(
        "--format",
        choices=["json", "csv", "pdf", "html", "oscal"],
        help="override the format; oscal writes F-assessment-results.json and F-poam.json "
        "(OSCAL JSON) into the folder given with -o",
    )
    s.add_argument(
        "--canonical",
        action="store_true",
        help="write the canonical JSON whose SHA-256 is the fingerprint",
    )
    s.add_argument(
        "--table",
        choices=["responses", "risks", "actions", "genai-actions"],
        help="CSV: write only this table to the output file",
    )
    s.add_argument(
        "--executive",
        action="store_true",
        help="PDF: the executive report only (summary, charts, largest gaps, top risks)",
    )
    s.add_argument(
        "--no-guidance",
        action="store_true",
        help="PDF: leave the guidance text out of the detailed responses",
    )
    s.add_argument(
        "--revision",
        type=int,
        metavar="N",
        help="an earlier final revision kept in the file, as it was signed off "
        "(PDF, OSCAL, or canonical JSON with --canonical)",
    )

    s = sub.add_parser(
        "import-oscal",
        help="create an assessment file from OSCAL assessment results rmf-app exported",
    )
    s.add_argument("file", help="the OSCAL Assessment Results JSON (F-assessment-results.json)")
    s.add_argument("-o", "--output", required=True, help="the .airmf file to create")
    s.add_argument("--force", action="store_true", help="replace an existing file")

    s = sub.add_parser("import", help="create an assessment file from a JSON export")
    s.add_argument("file")
    s.add_argument("-o", "--output", required=True, help="the .airmf file to create")
    s.add_argument("--force", action="store_true", help="replace an existing file")

    s = sub.add_parser("demo", help="write the worked demo assessment")
    s.add_argument("-o", "--output", required=True, help="the .airmf file to create")
    s.add_argument("--force", action="store_true", help="replace an existing file")
    s.add_argument(
        "--genai",
        action="store_true",
        help="the generative AI demo: a customer-service assistant with the GenAI profile",
    )

    s = sub.add_parser(
        "compact",
        help="remove attached files nothing refers to any more and shrink the file",
    )
    s.add_argument("file")

    s = sub.add_parser("playbook", help="list or show the framework guidance")
    psub = s.add_subparsers(dest="playbook_command", metavar="ACTION", required=True)
    psub.add_parser("list", help="one subcategory a line, in framework order")
    sh = psub.add_parser("show", help="show the guidance of one subcategory")
    sh.add_argument(
        "id", help='a subcategory id, e.g. "GOVERN 1.1", or a GenAI Profile action id (GV-1.1-001)'
    )
    sh.add_argument("--official", action="store_true", help="show the imported NIST text")
    im = psub.add_parser("import", help="import NIST's official Playbook JSON as a content pack")
    im.add_argument("file", help="the Playbook JSON export downloaded from NIST")
    psub.add_parser("packs", help="list the imported content packs")
    gai = psub.add_parser(
        "gai", help="list the Generative AI Profile's risks (NIST AI 600-1) with their actions"
    )
    gai.add_argument(
        "risk", nargs="?", help="a risk id or number (e.g. confabulation or 2) to show in full"
    )
    s = sub.add_parser(
        "crosswalk",
        help="readiness by ISO/IEC 42001 clause or EU AI Act article, from the same answers",
    )
    s.add_argument("file")
    s.add_argument(
        "--to",
        required=True,
        choices=["iso42001", "euaia"],
        help="iso42001 (NIST's published crosswalk) or euaia (rmf-app's own EU AI Act mapping)",
    )
    out = s.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the readiness as JSON")
    out.add_argument("--csv", action="store_true", help="print the readiness table as CSV")
    s.add_argument("-o", "--output", help="with --csv: write the CSV table to this file")

    s = sub.add_parser(
        "verify",
        help="check a PDF report: its embedded data, its pages and its signatures",
        description="Check that a PDF report is as rmf-app wrote it: the embedded assessment "
        "data, the fingerprint (recorded and printed), every page, and every digital signature. "
        "Exit status: 0 everything checks; 1 something does not (or the file cannot be "
        "checked); 3 the report is unchanged but a signer's certificate is not trusted.",
    )
    s.add_argument("file", help="the PDF report")
    s.add_argument(
        "--trust",
        action="append",
        default=[],
        metavar="CERT",
        help="a root certificate (PEM or DER) to trust for signatures; repeat for several",
    )

    s = sub.add_parser(
        "diff",
        help="list the changes between two assessment files, or since a final revision",
        description="Compare OLD with NEW, or with --revision N the final revision N kept in "
        "FILE with its current state: counts first, then each change.",
    )
    s.add_argument("file", help="the earlier file (or the file itself with --revision)")
    s.add_argument("new", nargs="?", default=None, help="the later file")
    s.add_argument("--revision", type=int, default=None, metavar="N", help=T["diff_revision_help"])
    s.add_argument("--json", action="store_true", help="print the changes as JSON")

    s = sub.add_parser(
        "sign",
        help="sign a PDF report with your own certificate (PAdES)",
        description="Add a PAdES digital signature to an rmf-app PDF report, made with your "
        "own certificate and key from a PKCS#12 file (.p12 or .pfx). A report already signed "
        "keeps its earlier signatures valid. The passphrase is asked for (without echo) on a "
        "terminal, or read from the first line of standard input; it is never stored.",
    )
    s.add_argument("file", help="the PDF report to sign")
    s.add_argument("--key", required=True, metavar="P12", help="your PKCS#12 file (.p12, .pfx)")
    s.add_argument("-o", "--output", required=True, help="the signed PDF to write")
    s.add_argument("--reason", default=None, help='why you sign (default "Reviewed and accepted")')
    s.add_argument("--role", default=None, help='your role, e.g. "Risk manager"')

    s = sub.add_parser(
        "portfolio",
        help="one table over many assessment files (folders searched recursively)",
        description="Read many .airmf files read-only (never changed, never locked) and show "
        "one row per system, with what needs attention and roll-ups across systems. Files "
        "that cannot be read are listed with the reason.",
    )
    s.add_argument("paths", nargs="+", metavar="DIR|FILE", help="folders and .airmf files")
    out = s.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the table and roll-ups as JSON")
    out.add_argument("--csv", action="store_true", help="print the table as CSV")
    s.add_argument("-o", "--output", default=None, help="write to this file (.pdf, .csv, .json)")
    s.add_argument(
        "--stale-months",
        type=int,
        default=12,
        metavar="N",
        help="flag final assessments whose last final revision is older (default 12)",
    )
    return p


# -- commands -------------------------------------------------------------------------------


def _open(path: str, read_only: bool = True, allow_damaged: bool = False) -> AssessmentSession:
    from .services.errors import join_names
    from .services.session import AssessmentSession

    session = AssessmentSession.open(path, read_only=read_only, allow_damaged=allow_damaged)
    if session.damage:
        print(
            T["damaged_shown"].format(name=Path(path).name, what=join_names(session.damage)),
            file=sys.stderr,
        )
    return session


def cmd_new(args: argparse.Namespace) -> int:
    from .domain.assessment import Assessment, SystemProfile
    from .services.session import AssessmentSession

    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    try:
        a = Assessment(
            created_at=now,
            assessment_date=now.date(),
            default_target=args.default_target,
            profile=SystemProfile(name=args.name, organisation=args.organisation, owner=args.owner),
        )
    except ValueError as exc:
        from .services.errors import describe_validation_error

        raise CliError(describe_validation_error(exc)) from None
    with AssessmentSession.create(args.output, a, overwrite=args.force):
        pass
    print(T["created"].format(path=args.output))
    return 0


def _pct(frac: Fraction) -> str:
    return frac.percent()


def reconciliation_line(g: GroupScore) -> str:
    """The four-way split of the items in scope, which always adds up."""
    return (
        f"In scope: {g.in_scope} = {g.at_target.numerator} at target + {g.below_target} below "
        f"target + {g.not_assessed} not assessed + {g.not_applicable} N/A"
    )


def decision_lines(scores: Scores) -> list[str]:
    """The opinion with its reasons, remediation, evidence backing and the conditions."""

    d = scores.decision
    if d is None:
        return []
    op = d.opinion
    head = f"Overall opinion: {op.label} (rmf-app's rule, not a NIST rating)"
    if op.overridden:
        head += (
            f" — set by the reviewer, the rule gives {op.computed_label}: "
            f"{op.override_rationale}"
        )
    marks = {
        "ok": "met",
        "needs_improvement": "needs improvement",
        "unsatisfactory": "unsatisfactory",
        "not_formed": "no opinion",
    }
    lines = ["", head, *(f"  {marks[r.effect]}: {r.text}" for r in op.reasons)]
    ev = d.evidence_for("ALL")
    lines.append(
        f"Gaps without an action: {len(d.gaps_without_action)} of {len(scores.largest_gaps)}   "
        f"Overdue actions on gaps: {len(d.overdue_on_gaps)}   Evidence supports {ev.backed} of "
        f"{ev.rated} rated items ({len(d.at_target_without_evidence)} at target without)"
    )
    if d.conditions:
        states = ", ".join(
            f"{c.action_id} {c.state}" + (" (overdue at decision)" if c.overdue_at_decision else "")
            for c in d.conditions
        )
        lines.append(f"Deployment conditions: {states}")
    return lines


def format_info(session: AssessmentSession, scores: Scores) -> str:
    a = session.assessment
    o = scores.overall
    lines = [
        f"{a.profile.name}{' ' + a.profile.version if a.profile.version else ''} — "
        f"revision {a.revision}, {REVIEW_STATES[a.review.state].lower()}",
        f"Organization: {a.profile.organisation or '—'}   Assessment date: {a.assessment_date}",
        f"Completion: {_pct(o.completion)} ({o.completion.numerator} of {o.in_scope} in scope "
        "rated or N/A)"
        f"   At target: {_pct(o.at_target)} ({o.at_target.numerator} of {o.at_target.denominator})",
        reconciliation_line(o),
        f"Inherited: {o.inherited} ({o.inherited_without_level} without a level, counted as not "
        f"assessed)   Out of scope: {len(scores.out_of_scope)}",
        "",
        f"{'Function':<9} {'In scope':>8} {'At target':>9} {'Below':>6} {'Not assessed':>12} "
        f"{'N/A':>4} {'Complete':>8} {'Rate':>5} {'Mean cur. (rated)':>18} {'Mean tgt.':>9}",
    ]
    for g in scores.functions:
        mc = "—" if g.mean_current is None else f"{g.mean_current:.1f}"
        mt = "—" if g.mean_target is None else f"{g.mean_target:.1f}"
        mc += f" ({g.rated} of {g.applicable})"
        lines.append(
            f"{g.id:<9} {g.in_scope:>8} {g.at_target.numerator:>9} {g.below_target:>6} "
            f"{g.not_assessed:>12} {g.not_applicable:>4} {_pct(g.completion):>8} "
            f"{_pct(g.at_target):>5} {mc:>18} {mt:>9}"
        )
    above = [r for r in scores.risks if r.at_or_above_tolerance]
    unaccepted = [r.risk_id for r in above if not r.accepted]
    lines += [
        "",
        f"Risks: {len(scores.risks)} ({len(above)} at or above the tolerance "
        f"'{a.profile.risk_tolerance}'{', not accepted: ' + ', '.join(unaccepted) if unaccepted else ''})",
        f"Actions: {len(a.actions)} ({len(scores.overdue_actions)} overdue)   "
        f"Evidence: {len(a.evidence)}",
        f"Scoring method {scores.method_version} — rmf-app's own maturity method; "
        "AI RMF 1.0 itself defines no scores.",
    ]
    lines += _format_gai_coverage(session)
    lines += decision_lines(scores)
    if a.fingerprint:
        lines.append(f"Fingerprint (SHA-256 of the canonical JSON): {a.fingerprint}")
    for rec in session.store.revisions():
        if rec.revision != a.revision:
            lines.append(
                f"Earlier final revision {rec.revision} (final {rec.finalized_at}): "
                f"fingerprint {rec.fingerprint}"
            )
    return "\n".join(lines)


def _format_gai_coverage(session: AssessmentSession) -> list[str]:
    """The Generative AI Profile block of ``info``: action coverage per GAI risk."""
    sc = session.overlay_scores().get(GAI_OVERLAY)
    if sc is None:
        return []
    o = sc.overall
    lines = [
        "",
        f"Generative AI Profile (answers given against version {sc.answered_version} of the "
        f"profile): action coverage "
        f"{_pct(o.coverage)} ({o.done} of {o.coverage.denominator} done; {o.partly} partly, "
        f"{o.planned} planned, {o.not_done} not done, {o.na} N/A, {o.unanswered} unanswered)",
        f"{'#':>2}  {'GAI risk':<46} {'Actions':>7} {'Done':>5} {'Partly':>6} {'Planned':>7} "
        f"{'Not done':>8} {'Open':>5} {'Coverage':>9}",
    ]
    for r in sc.risks:
        c = r.counts
        high = "  (rated high)" if r.rated_high else ""
        lines.append(
            f"{r.number:>2}  {r.title[:46]:<46} {c.total:>7} {c.done:>5} {c.partly:>6} "
            f"{c.planned:>7} {c.not_done:>8} {c.unanswered:>5} {_pct(c.coverage):>9}{high}"
        )
    lines.append(
        "Action coverage: done ÷ (in-scope actions − N/A); rmf-app's own method, see docs/scoring.md."
    )
    return lines


def cmd_info(args: argparse.Namespace) -> int:
    with _open(args.file, allow_damaged=args.allow_damaged) as s:
        scores = s.scores(today=_today())
        if args.json:
            data = scores.model_dump(mode="json")
            genai = s.overlay_scores().get(GAI_OVERLAY)
            data["genai"] = None if genai is None else genai.model_dump(mode="json")
            print(json.dumps(data, indent=2, ensure_ascii=False))
        else:
            print(format_info(s, scores))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .domain import canonical
    from .services.errors import join_names
    from .services.session import AssessmentSession

    # every document and every attached file is checked: all damage is listed at once
    with AssessmentSession.open(args.file, read_only=True, allow_damaged=True) as s:
        if s.damage:
            name = Path(args.file).name
            raise CliError(T["damaged"].format(name=name, what=join_names(s.damage)))
        a = s.assessment
        print(
            T["valid"].format(
                name=Path(args.file).name,
                version=s.store.schema_version(),
                rev=a.revision,
                state=REVIEW_STATES[a.review.state].lower(),
            )
        )
        if a.fingerprint and canonical.fingerprint(a) != a.fingerprint:
            raise CliError(
                f"{Path(args.file).name}: the content no longer matches its recorded fingerprint; "
                "it was changed after it was finalized."
            )
        from .services.review import review_points

        points = review_points(a, s.scores(today=_today()))
        unanswered = [p for p in points if p.kind == "unanswered"]
        if unanswered:
            print(
                T["warn"].format(
                    text=f"{len(unanswered)} in-scope subcategories not assessed yet "
                    f"(first: {unanswered[0].key})"
                )
            )
        for point in points:
            if point.kind != "unanswered":
                print(T["warn"].format(text=point.text))
    return 0


def _format_of(args: argparse.Namespace) -> str:
    if args.canonical:
        return "json"
    if args.format:
        return str(args.format)
    ext = Path(args.output).suffix.lower().lstrip(".")
    if ext in ("json", "csv", "pdf", "html"):
        return ext
    if ext == "htm":
        return "html"
    raise CliError(T["unknown_format"].format(name=Path(args.output).name))


def cmd_export(args: argparse.Namespace) -> int:
    from .services import interchange

    fmt = _format_of(args)
    if fmt == "oscal":
        return _export_oscal(args)
    if fmt == "html":
        return _export_html(args)
    if args.revision is not None and not (fmt == "pdf" or (fmt == "json" and args.canonical)):
        raise CliError(T["revision_formats"])
    if fmt == "pdf":
        from .services.export import PdfExportOptions, export_pdf, previous_final
        from .services.revisions import final_revision

        with _open(args.file, allow_damaged=args.allow_damaged) as s:
            options = PdfExportOptions(
                executive=args.executive, include_guidance=not args.no_guidance
            )
            assessment = (
                s.assessment if args.revision is None else final_revision(s.store, args.revision)
            )
            previous = previous_final(s.store, assessment.revision)
            result = export_pdf(assessment, s.playbook, args.output, options, previous=previous)
        print(T["exported"].format(path=args.output))
        for field in result.uncovered:
            print(T["uncovered"].format(field=field), file=sys.stderr)
        return 0
    if args.executive or args.no_guidance:
        raise CliError(T["no_pdf"])
    with _open(args.file, allow_damaged=args.allow_damaged) as s:
        if fmt == "json":
            if args.revision is not None:
                from .services.revisions import write_final_revision_canonical

                write_final_revision_canonical(s.store, args.revision, args.output)
            elif args.canonical:
                interchange.export_canonical(s, args.output)
            else:
                interchange.export_json(s, args.output)
            print(T["exported"].format(path=args.output))
            return 0
        for target in interchange.export_csv(s, args.output, table=args.table, today=_today()):
            print(T["exported"].format(path=target))
    return 0


def _export_html(args: argparse.Namespace) -> int:
    """The accessible HTML report: the full report's content, for screen readers and pasting."""
    from .services.html_export import export_html
    from .services.revisions import final_revision

    if args.executive or args.canonical or args.table:
        raise CliError(T["html_options"])
    with _open(args.file, allow_damaged=args.allow_damaged) as s:
        assessment = (
            s.assessment if args.revision is None else final_revision(s.store, args.revision)
        )
        export_html(assessment, s.playbook, args.output, include_guidance=not args.no_guidance)
    print(T["exported"].format(path=args.output))
    return 0


def _export_oscal(args: argparse.Namespace) -> int:
    from .services.oscal import export_oscal
    from .services.revisions import final_revision

    if args.canonical or args.table or args.executive or args.no_guidance:
        raise CliError(T["oscal_options"])
    with _open(args.file, allow_damaged=args.allow_damaged) as s:
        assessment = (
            s.assessment if args.revision is None else final_revision(s.store, args.revision)
        )
        for target in export_oscal(assessment, args.file, args.output):
            print(T["exported"].format(path=target))
    return 0


def cmd_import_oscal(args: argparse.Namespace) -> int:
    from .services.oscal import import_oscal
    from .services.session import default_user

    import_oscal(args.file, args.output, default_user(), overwrite=args.force)
    print(T["imported"].format(src=args.file, path=args.output))
    return 0


def format_diff(d: AssessmentDiff) -> str:
    """The changes in plain text: the counts, the trend figures, then each change."""
    lines = [
        T["diff_head"].format(
            old=d.old_revision, old_state=d.old_state, new=d.new_revision, new_state=d.new_state
        ),
        "",
    ]
    counts = {k: n for k, n in d.counts().items() if n}
    lines.append(", ".join(f"{n} {k}" for k, n in counts.items()) if counts else T["diff_none"])
    for t in d.trends:
        lines.append(f"{t.name}: {t.old.percent()} → {t.new.percent()}")
    for c in d.subcategories:
        lines.append(f"{c.subcategory_id} {c.field}: {c.old} → {c.new}")
    for sc in d.scope:
        lines.append(f"Scope: {sc.item_id} {sc.change} ({sc.reason})")
    for kind, reg in (("Risk", d.risks), ("Action", d.actions), ("Evidence", d.evidence)):
        for ref in reg.added:
            lines.append(f"{kind} added: {ref.id} {ref.title}")
        for ref in reg.removed:
            lines.append(f"{kind} removed: {ref.id} {ref.title}")
        for what, items in (("closed", reg.closed), ("changed", reg.changed)):
            for item in items:
                detail = "; ".join(f"{f.field} {f.old} → {f.new}" for f in item.changes)
                lines.append(f"{kind} {what}: {item.id} {item.title}: {detail}")
    for f in d.decision:
        lines.append(f"Decision {f.field}: {f.old} → {f.new}")
    lines += [f"Sign-off added: {x}" for x in d.signoffs_added]
    lines += [f"Sign-off removed: {x}" for x in d.signoffs_removed]
    return "\n".join(lines)


def cmd_diff(args: argparse.Namespace) -> int:
    from .services.diff import diff_files, diff_revision

    if (args.new is None) == (args.revision is None):
        raise CliError(T["diff_usage"])
    if args.revision is not None:
        with _open(args.file) as s:
            d = diff_revision(s, args.revision, today=_today())
    else:
        d = diff_files(args.file, args.new, today=_today())
    if args.json:
        data = d.model_dump(mode="json") | {"counts": d.counts()}
        print(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        print(format_diff(d))
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .services.interchange import import_json
    from .services.session import default_user

    import_json(args.file, args.output, default_user(), overwrite=args.force)
    print(T["imported"].format(src=args.file, path=args.output))
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.demo import write_demo

    write_demo(args.output, overwrite=args.force, genai=args.genai)
    print(T["created"].format(path=args.output))
    return 0


def cmd_compact(args: argparse.Namespace) -> int:
    from .services.compact import compact_file

    result = compact_file(args.file)
    print(
        T["compacted_one" if result.removed_attachments == 1 else "compacted"].format(
            name=Path(args.file).name,
            n=result.removed_attachments,
            kib=(result.bytes_freed + 1023) // 1024,
        )
    )
    return 0


# An overlay action id ("GV-1.1-001"); domain.overlay validates them, this only routes.
_ACTION_ID_RE = re.compile(r"^[A-Z]{2}-\d+\.\d+-\d+$")


def cmd_playbook(args: argparse.Namespace) -> int:
    from .services import content

    if args.playbook_command == "import":
        pack, new = content.import_official_playbook(args.file)
        print(
            T["pack_imported" if new else "pack_again"].format(
                title=pack.title, version=pack.version, n=len(pack.entries)
            )
        )
        return 0
    if args.playbook_command == "packs":
        pack_id, versions, cur = content.official_packs()
        for version in versions:
            mark = " (current)" if cur and cur.version == version else ""
            print(f"{pack_id}\t{version}{mark}")
        if cur is None:
            print(T["not_official"], file=sys.stderr)
        return 0
    if args.playbook_command == "gai":
        print(format_gai(args.risk))
        return 0
    pb = content.playbook()
    if args.playbook_command == "list":
        for s in pb.subcategories:
            print(f"{s.id}\t{s.summary}")
        return 0
    sid = " ".join(args.id.upper().split())
    if _ACTION_ID_RE.match(sid) and not args.official:
        print(format_overlay_action(sid))
        return 0
    if not framework.is_subcategory_id(sid):
        raise CliError(
            f"{args.id!r} is not a subcategory of the AI RMF 1.0 core; "
            "'rmf-app playbook list' shows them all (e.g. \"GOVERN 1.1\")."
        )
    if args.official:
        print(format_official(sid))
        return 0
    print(format_subcategory(sid))
    return 0


def format_subcategory(sid: str) -> str:
    """A subcategory's bundled guidance, then the actions any bundled overlay adds to it."""
    from .services import content

    s = content.playbook().subcategory(sid)
    out = [f"{s.id} — {s.title}", "", s.summary, "", "Why it matters", s.why, "", "Questions"]
    out += [f"  {q.id}  {q.text}" for q in s.questions]
    out += ["", "Suggested actions"] + [f"  - {x}" for x in s.actions]
    out += ["", "Evidence a reviewer would accept"] + [f"  - {x}" for x in s.evidence]
    out += [
        "",
        f"AI actors: {', '.join(s.actors)}",
        f"Topics: {', '.join(s.topics)}",
        f"Trustworthiness characteristics: {', '.join(s.characteristics)}",
        "",
        "References",
    ]
    out += [f"  - {r.citation}" + (f" {r.url}" if r.url else "") for r in s.references]
    for overlay_id in content.available_overlays():
        ov = content.overlay(overlay_id)
        actions = ov.actions_for(sid)
        if actions:
            heading = T["overlay_actions"].format(title=ov.title, document=ov.source.document)
            out += ["", heading] + [f"  {a.id} — {a.title}" for a in actions]
    return "\n".join(out)


GAI_OVERLAY = "genai"


def format_gai(risk: str | None) -> str:
    """The GenAI Profile's risks with their action counts, or one risk in full."""
    from .services import content

    ov = content.overlay(GAI_OVERLAY)
    if risk is None:
        out = [
            T["gai_head"].format(
                title=ov.title,
                document=ov.source.document,
                version=ov.version,
                risks=len(ov.risks),
                actions=len(ov.actions),
                subs=len(ov.subcategories_with_actions()),
            ),
            "",
        ]
        out += [
            T["gai_row"].format(
                number=r.number, title=r.title, count=len(ov.actions_for_risk(r.id)), id=r.id
            )
            for r in ov.risks
        ]
        return "\n".join([*out, "", T["gai_more"]])
    key = risk.strip().lower()
    match = [r for r in ov.risks if key in (r.id, str(r.number))]
    if not match:
        raise CliError(T["unknown_risk"].format(value=risk, n=len(ov.risks), title=ov.title))
    r = match[0]
    actions = ov.actions_for_risk(r.id)
    out = [f"{r.number}. {r.title} ({r.id}) — {ov.source.document} section {r.section}", ""]
    out += [r.summary, "", T["in_practice"], r.in_product, ""]
    out += [T["characteristics"].format(names=", ".join(r.characteristics)), ""]
    out += [T["signals"]] + [f"  - {x}" for x in r.signals]
    out += ["", T["register"].format(title=r.register_title), r.register_description, ""]
    out += [
        f"{T['overlay_actions'].format(title=ov.title, document=ov.source.document)}"
        f" — {T['gai_count'].format(count=len(actions))}"
    ]
    out += [f"  {a.id} — {a.title}" for a in actions]
    return "\n".join(out)


def format_overlay_action(action_id: str) -> str:
    """One overlay action in full: its subcategory, risks, what to do and what to keep."""
    from .services import content

    for overlay_id in content.available_overlays():
        ov = content.overlay(overlay_id)
        try:
            a = ov.action(action_id)
        except KeyError:
            continue
        names = ", ".join(ov.risk(r).title for r in a.risks)
        out = [f"{a.id} — {a.title}", f"{ov.title} ({ov.source.document}), {a.subcategory}", ""]
        out += [T["how"], a.how, "", T["evidence"], a.evidence, "", T["risks"].format(names=names)]
        return "\n".join(out)
    title = content.overlay(GAI_OVERLAY).title
    raise CliError(T["unknown_action"].format(value=action_id, title=title))


def format_official(sid: str) -> str:
    from .services.content import official_pack

    pack = official_pack()
    if pack is None:
        raise CliError(T["not_official"])
    e = pack.entry(sid)

    def blocks(items: list[Block]) -> list[str]:
        return [("  " * b.level + "  - " if b.bullet else "") + b.text for b in items]

    out = [f"{e.id} — {pack.title}, version {pack.version}", "", e.statement, "", "About"]
    out += [*blocks(e.about), "", "Suggested actions", *blocks(e.actions)]
    out += ["", "Documentation questions"] + [f"  - {q}" for q in e.questions]
    out += ["", "Transparency resources"]
    out += [f"  - {r.citation}" + (f" {r.url}" if r.url else "") for r in e.transparency_resources]
    out += ["", "References"]
    out += [f"  - {r.citation}" + (f" {r.url}" if r.url else "") for r in e.references]
    out += ["", f"AI actors: {', '.join(e.actors) or '—'}", f"Topics: {', '.join(e.topics) or '—'}"]
    return "\n".join(out)


_listening = False


def _listen_for_leftovers() -> None:
    """Say on stderr when a writer removed temporaries that a killed run left behind."""
    global _listening
    if not _listening:
        from .services.files import on_leftovers_removed

        on_leftovers_removed(_say_leftovers_removed)
        _listening = True


def format_crosswalk(session: AssessmentSession, r: CrosswalkReadiness) -> str:
    """The readiness table as text: one line per reference, its statuses, the largest gaps."""
    from .domain.crosswalk_readiness import NOT_COVERED, STATUS_LABELS

    unit = "article" if r.crosswalk_id == "euaia" else "clause and control"
    mapping = T["xw_own"] if r.own_mapping else T["xw_published"]
    lines = [
        T["xw_head"].format(
            system=session.assessment.profile.name, title=r.title, unit=unit, mapping=mapping
        )
    ]
    if r.scope:
        lines.append(T["xw_scope"].format(scope=r.scope))
    lines.append(
        T["xw_overall"].format(
            pct=r.overall.percent(),
            n=r.overall.denominator,
            at=r.overall.numerator,
            full=r.refs_at_target,
            refs=len(r.refs),
        )
    )
    if r.not_applicable:
        items = "; ".join(f"{k} ({why})" for k, why in r.not_applicable.items())
        lines.append(T["xw_ruled_out"].format(items=items))
    lines += ["", T["xw_cols"].format(ref="Ref", pct="Cov.", frac="At/count", label="Label")]
    for ref in r.refs:
        if not ref.covered:
            lines.append(T["xw_row"].format(ref=ref.ref_id, pct="—", frac="", label=ref.label))
            lines.append(f"{'':<10}{NOT_COVERED}")
            continue
        frac = f"{ref.coverage.numerator} of {ref.coverage.denominator}"
        lines.append(
            T["xw_row"].format(
                ref=ref.ref_id, pct=ref.coverage.percent(), frac=frac, label=ref.label
            )
        )
        groups = []
        for status in ("below_target", "not_assessed", "not_applicable", "out_of_scope"):
            ids = [m.subcategory_id for m in ref.subcategories if m.status == status]
            if ids:
                groups.append(f"{STATUS_LABELS[status]}: {', '.join(ids)}")
        if groups:
            lines.append(f"{'':<10}" + "; ".join(groups))
        if ref.scope_note:
            lines.append(f"{'':<10}Note: {ref.scope_note}")
    if r.gaps:
        lines += ["", T["xw_gaps"].format(title=r.title)]
        for g in r.gaps[:10]:
            status = STATUS_LABELS[g.status]
            if g.gap is not None:
                status += f" by {g.gap}"
            lines.append(
                T["xw_gap"].format(sid=g.subcategory_id, status=status, refs=", ".join(g.refs))
            )
    lines += ["", T["xw_note"]]
    return "\n".join(lines)


def cmd_crosswalk(args: argparse.Namespace) -> int:
    from .services import crosswalks

    if args.output and not args.csv:
        if args.json:
            raise CliError(T["xw_no_csv"])
        args.csv = True
    with _open(args.file) as s:
        r = crosswalks.readiness_for(s, args.to, today=_today())
        if args.json:
            print(r.model_dump_json(indent=2))
        elif args.csv and args.output:
            crosswalks.write_readiness_csv(r, args.output)
            print(T["exported"].format(path=args.output))
        elif args.csv:
            import csv

            csv.writer(sys.stdout, lineterminator="\n").writerows(crosswalks.readiness_csv_rows(r))
        else:
            print(format_crosswalk(s, r))
    return 0


def cmd_verify(args: argparse.Namespace) -> int:
    from .services.verify import describe, verify_report

    result = verify_report(args.file, trust=args.trust)
    print(f"{Path(args.file).name}:")
    for line in describe(result):
        print("  " + line)
    if result.ok:
        return 0
    return 3 if result.intact else 1


def _passphrase(key: str) -> bytes | None:
    """Asked without echo on a terminal; else the first line of standard input."""
    if sys.stdin is not None and sys.stdin.isatty():
        import getpass

        text = getpass.getpass(T["passphrase"].format(name=Path(key).name))
    else:
        text = sys.stdin.readline().rstrip("\r\n") if sys.stdin is not None else ""
    return text.encode("utf-8") if text else None


def cmd_sign(args: argparse.Namespace) -> int:
    from .services.sign import DEFAULT_REASON, check_report, sign_report

    m = check_report(args.file)
    if m.state != "final":
        print(
            T["warn"].format(
                text=T["sign_not_final"].format(
                    revision=m.revision, state=REVIEW_STATES.get(m.state, m.state).lower()
                )
            ),
            file=sys.stderr,
        )
    passphrase = _passphrase(args.key)
    result = sign_report(
        args.file,
        args.key,
        passphrase,
        args.output,
        reason=DEFAULT_REASON if args.reason is None else args.reason,
        role=args.role,
    )
    print(T["signed"].format(path=result.path, signer=result.signer, field=result.field))
    return 0


def cmd_portfolio(args: argparse.Namespace) -> int:
    from .services import portfolio as pf

    if args.stale_months < 1:
        raise CliError("--stale-months must be 1 or more.")
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        raise CliError(f"{missing[0]} does not exist; name folders or .airmf files.")
    fmt = "json" if args.json else "csv" if args.csv else "text"
    if args.output:
        ext = Path(args.output).suffix.lower().lstrip(".")
        if ext in ("pdf", "csv", "json") and (fmt == "text" or fmt == ext):
            fmt = ext
        else:
            raise CliError(T["portfolio_output"].format(name=Path(args.output).name))
    p = pf.read_portfolio(args.paths, today=_today(), stale_months=args.stale_months)
    for u in p.unreadable:
        print(f"rmf-app: warning: {u.path}: {u.reason}", file=sys.stderr)
    if fmt == "pdf":
        pf.export_portfolio_pdf(p, args.output)
        print(T["exported"].format(path=args.output))
        return 0
    if fmt == "text":
        text = format_portfolio(p)
    elif fmt == "csv":
        text = pf.table_csv(p)
    else:
        text = json.dumps(p.to_json(), indent=2, ensure_ascii=False) + "\n"
    if args.output:
        from .services.files import save_bytes

        save_bytes(args.output, text.encode("utf-8"))
        print(T["exported"].format(path=args.output))
    else:
        sys.stdout.write(text)
    return 0


def format_portfolio(p: object) -> str:
    from .domain.decision import OPINION_RATINGS
    from .domain.labels import DEPLOYMENT_OUTCOMES
    from .services.portfolio import Portfolio

    assert isinstance(p, Portfolio)
    lines = [
        f"{'System':<28} {'Organization':<18} {'Rev':>3} {'State':<9} {'Done':>4} {'At tgt':>6} "
        f"{'Opinion':<17} {'Risks':>5} {'Unacc':>5} {'OvdA':>4} {'OvdC':>4} Decision"
    ]
    for r in p.rows:
        mark = "! " if r.needs_attention else "  "
        lines.append(
            f"{mark}{r.name[:26]:<26} {r.organisation[:18]:<18} {r.revision:>3} {r.state:<9} "
            f"{r.completion.percent():>4} {r.at_target.percent():>6} "
            f"{OPINION_RATINGS.get(r.opinion or '', '—').split(' — ')[0]:<17} "
            f"{r.risks_at_or_above_tolerance:>5} "
            f"{r.risks_without_acceptance:>5} {r.overdue_actions:>4} {r.overdue_conditions:>4} "
            f"{DEPLOYMENT_OUTCOMES.get(r.decision or '', '—')}"
        )
    attention = [r for r in p.rows if r.needs_attention]
    lines.append("")
    lines.append(f"{p.summary()}.")
    for r in attention:
        lines.append(f"  {r.name} ({Path(r.path).name}): {'; '.join(r.reasons)}")
    for u in p.unreadable:
        lines.append(f"  not read: {u.path}: {u.reason}")
    ru = p.rollups
    lines.append("")
    lines.append(
        "At target by function across systems: "
        + ", ".join(
            f"{k} {f.percent()} ({f.numerator}/{f.denominator})" for k, f in ru.functions.items()
        )
    )
    if ru.recurring_gaps:
        lines.append(
            "Subcategories most often below target: "
            + ", ".join(f"{g.subcategory_id} ({g.systems})" for g in ru.recurring_gaps)
        )
    return "\n".join(lines) + "\n"


COMMANDS = {
    "new": cmd_new,
    "info": cmd_info,
    "validate": cmd_validate,
    "export": cmd_export,
    "import": cmd_import,
    "import-oscal": cmd_import_oscal,
    "demo": cmd_demo,
    "compact": cmd_compact,
    "playbook": cmd_playbook,
    "crosswalk": cmd_crosswalk,
    "verify": cmd_verify,
    "sign": cmd_sign,
    "portfolio": cmd_portfolio,
    "diff": cmd_diff,
}


def start_gui(files: Sequence[str]) -> int:
    if files:  # the window-first start: no cycle collection until the workspace is ready
        from .gui.collector import pause_collector

        pause_collector()
    try:
        from .gui.launch import run
    except ImportError as exc:
        raise CliError(T["no_gui"].format(why=exc)) from None
    return int(run(list(files)))


def _looks_like_file(arg: str) -> bool:
    if arg in COMMANDS or arg.startswith("-"):
        return False
    return arg.lower().endswith((".airmf", ".json", ".pdf")) or os.path.exists(arg)


def _say_leftovers_removed(message: str) -> None:
    print(f"rmf-app: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    from .services.errors import DamagedFileError, StorageError

    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if not argv or _looks_like_file(argv[0]):
            return start_gui(argv)
        args = _parser().parse_args(argv)
        if args.command is None:
            return start_gui([])
        _listen_for_leftovers()
        return COMMANDS[args.command](args)
    except (CliError, StorageError) as exc:
        hint = T["damaged_hint"] if isinstance(exc, DamagedFileError) else ""
        print(f"rmf-app: error: {exc}{hint}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("rmf-app: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
