"""The data a PDF report carries about itself (issue #14): embedding it when the report is
written, reading it back to verify or reopen the report.

The report layer (reportlab) lays out the pages; :func:`embed_report_data` then rewrites the
PDF with pikepdf, adding XMP metadata and the canonical JSON and the manifest
(``domain.report_data``) as
embedded files associated with the document: each a file specification with
``/AFRelationship`` (``/Data`` for the canonical JSON), listed in the catalog's ``/AF`` array
and in the ``/EmbeddedFiles`` name tree, so PDF readers show them as attachments and PDF/A-3
tools see them as the document's source data.

pikepdf (qpdf) rewrites the whole file deterministically: with ``deterministic_id`` the
document id is derived from the content, and it leaves the document information (dates,
producer) as reportlab wrote it, so ``SOURCE_DATE_EPOCH`` still gives a byte-identical PDF.
pikepdf is imported only when a report is written or read, so start-up does not pay for it.

Page seals: :func:`page_seals` hashes, for each page, everything reachable from the page
dictionary except its parent and its annotations — the content streams (decoded), and the
fonts, images, forms and graphics states they use — in a canonical walk that does not depend
on object numbers or on how the streams are compressed. The same walk after a rewrite gives
the same seal; any change to what a page draws gives another one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import warnings
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..domain import canonical
from ..domain.assessment import Assessment
from ..domain.report_data import CANONICAL_NAME, MANIFEST_NAME, ReportManifest

if TYPE_CHECKING:
    import pikepdf


@dataclass(frozen=True)
class ReportKind:
    """Args:
    executive: the executive report (else the full one).
    include_guidance: guidance text printed in the detailed responses.
    """

    executive: bool
    include_guidance: bool


def embed_report_data(
    pdf_bytes: bytes,
    assessment: Assessment,
    kind: ReportKind,
    generated_at: dt.datetime,
) -> bytes:
    """The PDF ``pdf_bytes`` with the assessment's canonical JSON and the manifest embedded.

    ``assessment`` is the one the report was made from; for a final revision its recorded
    fingerprint goes into the manifest and the file descriptions.
    """
    import pikepdf

    data = canonical.canonical_bytes(assessment)
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        manifest = ReportManifest(
            app_version=__version__,
            assessment_id=assessment.id,
            revision=assessment.revision,
            state=assessment.review.state,
            system=assessment.profile.name,
            canonical_sha256=hashlib.sha256(data).hexdigest(),
            fingerprint=assessment.fingerprint if assessment.is_final else None,
            report="executive" if kind.executive else "full",
            include_guidance=kind.include_guidance,
            generated_at=generated_at,
            pages=page_seals(pdf),
        )
        what = f"revision {assessment.revision} of the assessment"
        if manifest.fingerprint:
            what += f" (fingerprint SHA-256 {manifest.fingerprint})"
        specs = [
            pikepdf.AttachedFileSpec(
                pdf,
                data,
                description=f"Canonical JSON of {what}, written by rmf-app",
                filename=CANONICAL_NAME,
                mime_type="application/json",
                relationship=pikepdf.Name.Data,
            ),
            pikepdf.AttachedFileSpec(
                pdf,
                (manifest.model_dump_json(indent=1) + "\n").encode("utf-8"),
                description="rmf-app report data: page seals and the SHA-256 of the "
                "canonical JSON, for 'rmf-app verify'",
                filename=MANIFEST_NAME,
                mime_type="application/json",
                relationship=pikepdf.Name.Supplement,
            ),
        ]
        for spec in specs:
            pdf.attachments[spec.filename] = spec
        pdf.Root.AF = pdf.make_indirect(
            pikepdf.Array([pdf.attachments[s.filename].obj for s in specs])
        )
        _add_xmp(pdf)
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _add_xmp(pdf: pikepdf.Pdf) -> None:
    """XMP metadata (title, author, subject, keywords, producer, creator tool, dates) copied
    from the document information reportlab wrote, which it cannot write itself. Nothing
    depends on the clock (no metadata date, pikepdf not named as editor), so a fixed
    ``SOURCE_DATE_EPOCH`` still gives identical bytes."""
    with (
        pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta,
        warnings.catch_warnings(),
    ):
        # /Trapped has no XMP counterpart; pikepdf warns that it leaves it out
        warnings.simplefilter("ignore", UserWarning)
        meta.load_from_docinfo(pdf.docinfo)


# -- page seals ---------------------------------------------------------------------------------

#: page dictionary keys a seal leaves out: the tree above the page, annotations (links, and the
#: widgets of signatures added later; other annotations are checked on their own), structure
#: and thumbnail bookkeeping
_SKIP_KEYS = frozenset({"/Parent", "/Annots", "/StructParents", "/Thumb", "/B", "/PieceInfo"})
#: stream keys that only describe the encoding
_ENCODING_KEYS = frozenset({"/Length", "/Filter", "/DecodeParms", "/DL"})


class PageUnreadable(Exception):
    """A page's content cannot be decoded (the stream is damaged)."""


def page_seals(pdf: pikepdf.Pdf) -> list[str]:
    """One SHA-256 per page of everything the page draws.

    Raises:
        PageUnreadable: a stream cannot be decoded (``args[0]`` is the page number, from 1).
    """
    memo: dict[tuple[int, int], bytes] = {}
    out = []
    for number, page in enumerate(pdf.pages, 1):
        try:
            out.append(_digest(page.obj, memo, set(), top=True).hex())
        except PageUnreadable:
            raise PageUnreadable(number) from None
    return out


def _digest(
    obj: Any, memo: dict[tuple[int, int], bytes], busy: set[tuple[int, int]], *, top: bool = False
) -> bytes:
    import pikepdf

    key = obj.objgen if isinstance(obj, pikepdf.Object) and obj.is_indirect else None
    if key is not None and not top:
        if key in memo:
            return memo[key]
        if key in busy:
            return b"cycle"
        busy.add(key)
    h = hashlib.sha256()
    if isinstance(obj, pikepdf.Stream):
        h.update(b"S")
        _feed_dict(h, obj, memo, busy, skip=_ENCODING_KEYS)
        try:
            data = obj.read_bytes()
        except Exception as exc:  # qpdf reports damaged streams with several error types
            raise PageUnreadable() from exc
        h.update(len(data).to_bytes(8, "big") + data)
    elif isinstance(obj, pikepdf.Dictionary):
        h.update(b"D")
        _feed_dict(h, obj, memo, busy, skip=_SKIP_KEYS if top else frozenset())
    elif isinstance(obj, pikepdf.Array):
        h.update(b"A")
        for item in obj:
            h.update(_digest(item, memo, busy))
    else:
        h.update(_scalar(obj))
    value = h.digest()
    if key is not None and not top:
        busy.discard(key)
        memo[key] = value
    return value


def _feed_dict(
    h: Any,
    obj: Any,
    memo: dict[tuple[int, int], bytes],
    busy: set[tuple[int, int]],
    *,
    skip: frozenset[str],
) -> None:
    for name in sorted(k for k in obj.keys() if k not in skip):
        h.update(name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(_digest(obj.get(name), memo, busy))


def _scalar(obj: Any) -> bytes:
    import pikepdf

    if isinstance(obj, pikepdf.Name):
        return b"N" + str(obj).encode("utf-8", "surrogateescape")
    if isinstance(obj, pikepdf.String):
        return b"T" + bytes(obj)
    if isinstance(obj, bool):
        return b"B1" if obj else b"B0"
    if isinstance(obj, int):
        return b"I" + str(obj).encode()
    if isinstance(obj, Decimal | float):
        return b"R" + format(Decimal(obj).normalize(), "f").encode()
    if obj is None:
        return b"0"
    return b"?" + repr(obj).encode("utf-8", "backslashreplace")


# -- reading -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedFile:
    """One embedded file: its bytes and its ``/AFRelationship`` (None when not associated)."""

    data: bytes
    relationship: str | None
    associated: bool


def embedded_files(pdf: pikepdf.Pdf) -> dict[str, EmbeddedFile]:
    """The document's embedded files by name; ``associated`` says whether the catalog's
    ``/AF`` array lists the file.

    Raises:
        PageUnreadable: never; a damaged embedded stream raises ``ValueError``.
    """
    import pikepdf

    af = pdf.Root.get("/AF")
    listed = (
        {x.objgen for x in af if isinstance(x, pikepdf.Object) and x.is_indirect}
        if isinstance(af, pikepdf.Array)
        else set()
    )
    out = {}
    for name, spec in pdf.attachments.items():
        try:
            data = spec.get_file().read_bytes()
        except Exception as exc:  # damaged stream: qpdf raises several types
            raise ValueError(f"the embedded file {name} cannot be read ({exc})") from None
        rel = spec.obj.get("/AFRelationship")
        out[name] = EmbeddedFile(
            data,
            str(rel) if rel is not None else None,
            spec.obj.is_indirect and spec.obj.objgen in listed,
        )
    return out
