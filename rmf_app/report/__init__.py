"""The PDF risk profile (SPEC §6), built with reportlab from domain objects and scores. No Qt.

Use :func:`build_report` with an assessment, the one :func:`rmf_app.domain.scoring.score`
result for it and the playbook it was scored with; ``rmf_app.services.export`` wraps it for the
GUI and the command line (deep copy, progress, cancel, atomic write).
"""

from .builder import ReportCancelled, ReportOptions, ReportResult, build_report

__all__ = ["ReportCancelled", "ReportOptions", "ReportResult", "build_report"]
