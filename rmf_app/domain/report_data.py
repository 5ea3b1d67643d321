"""What an exported PDF carries about itself (issue #14): the names of its embedded files and
the manifest that ties the pages to the data.

Every report embeds two files, both associated with the document (PDF/A-3 "associated files"):

- :data:`CANONICAL_NAME`: the assessment's canonical JSON (``domain.canonical``), byte for byte
  what the fingerprint hashes, so ``sha256sum`` of the extracted file is the fingerprint of a
  final revision. Attachments appear by name, size and SHA-256 only.
- :data:`MANIFEST_NAME`: a :class:`ReportManifest`, which records the SHA-256 of the canonical
  JSON, the fingerprint of a final revision, and one *page seal* per page: the SHA-256 of
  everything the page draws (its content streams and the fonts, images and graphics states they
  use), computed when the report was written. ``rmf-app verify`` recomputes all of it.

Pure data: no PDF library here (``services.report_data`` reads and writes the files).
"""


import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

#: the embedded canonical JSON
CANONICAL_NAME = "assessment.canonical.json"
#: the embedded manifest
MANIFEST_NAME = "rmf-app-report.json"
#: the manifest format written by this version
MANIFEST_FORMAT = "rmf-app report data"
MANIFEST_VERSION = 1

Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class ReportManifest(BaseModel):
    """The facts a report records about itself when it is written.

    Args:
        format, version: what this is (readers refuse other formats and newer versions).
        app_version: the rmf-app version that wrote the report.
        assessment_id, revision, state, system: which assessment it reports on, for messages.
        canonical_sha256: SHA-256 of the embedded canonical JSON.
        fingerprint: the recorded fingerprint of a final revision (equal to
            ``canonical_sha256``), or None for a draft or a revision in review.
        report: full or executive report; include_guidance: whether guidance was printed.
        generated_at: the report's moment (UTC).
        pages: one page seal per page, in page order.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    format: Literal["rmf-app report data"] = "rmf-app report data"
    version: Annotated[int, Field(ge=1)] = MANIFEST_VERSION
    app_version: str
    assessment_id: str
    revision: Annotated[int, Field(ge=1)]
    state: str
    system: str
    canonical_sha256: Sha256
    fingerprint: Sha256 | None = None
    report: Literal["full", "executive"]
    include_guidance: bool
    generated_at: dt.datetime
    pages: list[Sha256]
