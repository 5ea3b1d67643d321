"""The PDF risk profile (SPEC §6), built with reportlab from domain objects and scores. No Qt.

Use :func:`build_report` with an assessment, the one :func:`rmf_app.domain.scoring.score`
result for it and the playbook it was scored with; ``rmf_app.services.export`` wraps it for the
GUI and the command line (deep copy, progress, cancel, atomic write).

The modules, in the order a report reads:

- ``builder``: the orchestrator; lists the sections, numbers them, builds the story.
- ``context``: :class:`~rmf_app.report.context.ReportContext`, what every section reads.
- ``parts``: paragraph, cell and table builders and text formatters the sections share.
- ``cover``: the cover page and the contents.
- ``summary``: 1. the executive summary, its figures and generated findings
  (``sentences``: the findings' sentence templates).
- ``profile``: the system as profiled (full report).
- ``charts_section``: the results in charts (``charts``: the drawings).
- ``gaps``: the gap analysis, or the largest gaps.
- ``risks``: the risk register, or the top risks.
- ``actions``: the action plan (full report).
- ``answers``: the detailed responses (full report).
- ``appendices``: appendices A–D: scope, methodology, evidence index, sign-off.
- ``provenance``: appendix E, provenance and fingerprint; the executive report's closing note.

Beneath them: ``document`` (page templates, headings, contents, cancel), ``styles``, ``fonts``,
``text`` (every label and line of prose, for translation).
"""

from .builder import ReportCancelled, ReportOptions, ReportResult, build_report

__all__ = ["ReportCancelled", "ReportOptions", "ReportResult", "build_report"]
