"""Verify a PDF report on its own (issue #14): ``rmf-app verify REPORT.pdf`` and the GUI's
File ▸ Verify a report….

What is checked, in order (docs/verifying-and-signing.md explains why each check is sound):

1. the PDF carries rmf-app's embedded data (the canonical JSON and the manifest);
2. the canonical JSON is the one the report was written with (its SHA-256 is the one the
   manifest records), a valid assessment, and in canonical form;
3. for a final revision, its fingerprint — recomputed from the data — equals the one recorded
   in the manifest and the one *printed* on the report's cover or provenance page (read with
   pypdf), so the data belongs to the printed report;
4. every page is as rmf-app wrote it: the page count, and each page's seal (the SHA-256 of
   everything it draws, ``services.report_data.page_seals``) equal the recorded ones, and no
   annotation other than links and signature fields was added;
5. every digital signature (pyHanko): intact, cryptographically valid, whether the signer's
   certificate chains to a trusted root (only roots the user names are trusted: nothing is
   fetched over the network), and whether the document was changed after signing beyond
   adding further signatures.

The PDF libraries are imported here, when a report is verified, never at start-up.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..domain import canonical
from ..domain.assessment import Assessment
from ..domain.labels import REVIEW_STATES
from ..domain.report_data import (
    CANONICAL_NAME,
    MANIFEST_NAME,
    MANIFEST_VERSION,
    ReportManifest,
)
from ..storage.errors import StorageError, describe_validation_error

#: a PDF is read whole; more than this is not an rmf-app report
MAX_PDF_BYTES = 512 * 1024 * 1024


class VerifyError(StorageError):
    """The file cannot be checked at all (not readable, not a PDF); the message says why."""


@dataclass(frozen=True)
class SignatureCheck:
    """One digital signature as found and validated.

    Args:
        field: the signature field's name.
        signer: the signer's name from the certificate (its common name, or the whole subject).
        issuer: who issued the certificate.
        signed_at: the signing time the signer's software recorded (not a trusted timestamp).
        reason, role: what the signer stated (None when not stated).
        intact: the signed bytes are unchanged.
        valid: the cryptographic signature checks out (intact and made with the certificate's key).
        trusted: the certificate chains to a trusted root given by the user.
        self_signed: the certificate was issued by its own key (nobody vouches for it).
        changed_after: the document was changed after this signature beyond later signatures.
        problem: why the signature could not be checked at all, if so.
    """

    field: str
    signer: str = ""
    issuer: str = ""
    signed_at: dt.datetime | None = None
    reason: str | None = None
    role: str | None = None
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    self_signed: bool = False
    changed_after: bool = False
    problem: str | None = None

    @property
    def ok(self) -> bool:
        """Intact, valid and not changed after signing (trust is reported separately)."""
        return self.problem is None and self.intact and self.valid and not self.changed_after


@dataclass
class Verification:
    """What verifying one PDF found.

    Args:
        path: the PDF.
        manifest: the report's recorded facts (None when missing or unreadable).
        assessment: the embedded assessment when its data checks (with its fingerprint set for
            a final revision), else None.
        problems: what does not check, one plain sentence each (empty when all is well).
        pages: the number of pages.
        printed_fingerprint: whether the recomputed fingerprint is printed in the report.
        signatures: every digital signature, in signing order.
    """

    path: Path
    manifest: ReportManifest | None = None
    assessment: Assessment | None = None
    problems: list[str] = field(default_factory=list)
    pages: int = 0
    printed_fingerprint: bool = False
    signatures: list[SignatureCheck] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        """The data and the pages check and every signature is intact, valid and unchanged."""
        return not self.problems and all(s.ok for s in self.signatures)

    @property
    def trusted(self) -> bool:
        """Every signature's certificate chains to a trusted root (true when unsigned)."""
        return all(s.trusted for s in self.signatures)

    @property
    def ok(self) -> bool:
        """Everything checks: ``rmf-app verify`` exits 0 only then."""
        return self.intact and self.trusted

    @property
    def can_open(self) -> bool:
        """The data and the pages check, so the assessment can be opened read-only."""
        return self.assessment is not None and not self.problems


def verify_report(
    path: str | os.PathLike[str], trust: list[str | os.PathLike[str]] | None = None
) -> Verification:
    """Check the PDF at ``path`` (see the module docstring).

    Args:
        trust: PEM or DER files of root certificates to trust for signatures.

    Raises:
        VerifyError: the file cannot be read, is not a PDF, or a trust file cannot be read.
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_PDF_BYTES:
            raise VerifyError(
                f"{path.name} is {size // 2**20} MiB, larger than any rmf-app report; "
                "it was not checked."
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise VerifyError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    roots = _load_trust(trust or [])
    if b"%PDF-" not in raw[:1024]:
        raise VerifyError(f"{path.name} is not a PDF file; choose the report's .pdf file.")
    result = Verification(path)
    import pikepdf

    try:
        pdf = pikepdf.open(io.BytesIO(raw))
    except Exception as exc:  # qpdf raises several types for damaged files
        raise VerifyError(
            f"{path.name} cannot be read as a PDF ({exc}). It is damaged or not a PDF."
        ) from None
    with pdf:
        result.pages = len(pdf.pages)
        _check_data(pdf, result)
        if result.manifest is not None:
            _check_pages(pdf, result)
    if result.assessment is not None and result.assessment.fingerprint:
        _check_printed(raw, result)
    if b"/ByteRange" in raw:
        result.signatures = _check_signatures(raw, roots)
    return result


# -- the data -------------------------------------------------------------------------------------


def _check_data(pdf: Any, result: Verification) -> None:
    from .report_data import embedded_files

    name = result.path.name
    try:
        files = embedded_files(pdf)
    except ValueError as exc:
        result.problems.append(f"The report's embedded data is damaged: {exc}.")
        return
    except Exception as exc:  # a damaged name tree
        result.problems.append(f"The report's list of embedded files is damaged ({exc}).")
        return
    if MANIFEST_NAME not in files or CANONICAL_NAME not in files:
        result.problems.append(
            f"{name} carries no rmf-app report data, so it cannot be verified: it was not "
            "exported by rmf-app (or by a version before report data was embedded), or the "
            "data was removed."
        )
        return
    try:
        manifest = ReportManifest.model_validate_json(files[MANIFEST_NAME].data)
    except ValidationError as exc:
        newer = b'"version"' in files[MANIFEST_NAME].data and _newer(files[MANIFEST_NAME].data)
        if newer:
            result.problems.append(
                f"{name} was written by a newer rmf-app; update rmf-app to verify it."
            )
        else:
            result.problems.append(
                "The report's embedded record of its pages is damaged or was edited "
                f"({describe_validation_error(exc)})."
            )
        return
    result.manifest = manifest
    data = files[CANONICAL_NAME].data
    actual = hashlib.sha256(data).hexdigest()
    if actual != manifest.canonical_sha256:
        result.problems.append(
            "The embedded assessment data was changed after the report was written: its "
            f"SHA-256 is {actual}, the report recorded {manifest.canonical_sha256}."
        )
        return
    try:
        a = Assessment.model_validate_json(data)
    except ValidationError as exc:
        result.problems.append(
            f"The embedded assessment data is not a valid assessment: "
            f"{describe_validation_error(exc)}."
        )
        return
    if canonical.canonical_bytes(a) != data:
        result.problems.append(
            "The embedded assessment data is not in canonical form, so it was not written by "
            "rmf-app as it is."
        )
        return
    if (a.id, a.revision, a.review.state) != (
        manifest.assessment_id,
        manifest.revision,
        manifest.state,
    ):
        result.problems.append(
            "The embedded assessment data does not match the report's record of it "
            f"(revision {a.revision}, {a.review.state}; recorded: revision {manifest.revision}, "
            f"{manifest.state})."
        )
        return
    if a.is_final or manifest.fingerprint is not None:
        if not a.is_final:
            result.problems.append(
                "The report records a fingerprint, but the embedded assessment is not final."
            )
            return
        if manifest.fingerprint != actual:
            result.problems.append(
                "The fingerprint recomputed from the embedded data "
                f"({actual}) differs from the one recorded ({manifest.fingerprint})."
            )
            return
        a = a.model_copy(update={"fingerprint": actual})
    result.assessment = a


def _newer(data: bytes) -> bool:
    import json

    try:
        version = json.loads(data).get("version")
    except (ValueError, AttributeError):
        return False
    return isinstance(version, int) and version > MANIFEST_VERSION


# -- the pages ------------------------------------------------------------------------------------


def _check_pages(pdf: Any, result: Verification) -> None:
    from .report_data import PageUnreadable, page_seals

    manifest = result.manifest
    assert manifest is not None
    recorded = len(manifest.pages)
    try:
        seals = page_seals(pdf)
    except PageUnreadable as exc:
        seals = None
        unreadable = exc.args[0]
    if result.pages != recorded:
        missing = ""
        if seals is not None:
            gone = [str(n) for n, seal in enumerate(manifest.pages, 1) if seal not in seals]
            if gone:
                missing = f" (missing: page {', '.join(gone)} of the original)"
        result.problems.append(
            f"The report has {result.pages} pages, but it had {recorded} when rmf-app wrote "
            f"it: pages were removed or added{missing}."
        )
    if seals is None:
        result.problems.append(
            f"Page {unreadable} cannot be read: its content is damaged or was edited."
        )
        return
    if result.pages == recorded:
        changed = [
            str(n) for n, (a, b) in enumerate(zip(seals, manifest.pages, strict=True), 1) if a != b
        ]
        if changed:
            which = "Page " if len(changed) == 1 else "Pages "
            result.problems.append(
                which + ", ".join(changed) + " differ from what rmf-app wrote: the visible "
                "report was changed after it was exported."
            )
    added = _added_annotations(pdf)
    if added:
        result.problems.append(
            "Marks were added to the pages after export ("
            + ", ".join(f"page {n}: {kind}" for n, kind in added)
            + ")."
        )


def _added_annotations(pdf: Any) -> list[tuple[int, str]]:
    """Annotations other than links and signature fields, by page (reportlab writes only
    links; signing adds signature widgets)."""
    out = []
    for number, page in enumerate(pdf.pages, 1):
        annots = page.obj.get("/Annots")
        if annots is None:
            continue
        for annot in annots:
            try:
                subtype = str(annot.get("/Subtype"))
                if subtype == "/Link":
                    continue
                if subtype == "/Widget":
                    ft = annot.get("/FT")
                    if ft is None and annot.get("/Parent") is not None:
                        ft = annot.Parent.get("/FT")
                    if str(ft) == "/Sig":
                        continue
                out.append((number, subtype.lstrip("/") + " annotation"))
            except Exception:
                out.append((number, "an unreadable annotation"))
    return out


# -- the printed fingerprint ----------------------------------------------------------------------

_HEX64 = re.compile(r"[0-9a-f]{64}")


def _check_printed(raw: bytes, result: Verification) -> None:
    """The fingerprint must be printed on the cover or the last pages (provenance)."""
    from pypdf import PdfReader

    a = result.assessment
    assert a is not None and a.fingerprint is not None
    try:
        reader = PdfReader(io.BytesIO(raw))
        n = len(reader.pages)
        wanted = sorted({0, *range(max(n - 3, 0), n)})
        text = "".join("".join(reader.pages[i].extract_text().split()) for i in wanted)
    except Exception as exc:  # pypdf raises many types on damaged files
        result.problems.append(f"The report's text cannot be read ({exc}).")
        return
    if a.fingerprint in text:
        result.printed_fingerprint = True
        return
    shown = sorted(set(_HEX64.findall(text)))
    result.problems.append(
        "The fingerprint printed in the report "
        + (f"({', '.join(shown)}) " if shown else "")
        + f"does not match the one recomputed from its data ({a.fingerprint})."
    )


# -- signatures -----------------------------------------------------------------------------------


def _load_trust(files: list[str | os.PathLike[str]]) -> list[Any]:
    if not files:
        return []
    from pyhanko.keys import load_certs_from_pemder

    try:
        return list(load_certs_from_pemder([str(f) for f in files]))  # type: ignore[no-untyped-call]
    except OSError as exc:
        raise VerifyError(
            f"Cannot read the trusted certificate {exc.filename}: {exc.strerror}."
        ) from None
    except Exception as exc:
        raise VerifyError(
            f"Cannot read the trusted certificates ({exc}); give PEM or DER certificate files."
        ) from None


def quiet_pyhanko() -> None:
    """pyHanko logs validation failures with tracebacks; rmf-app says what failed itself."""
    for name in ("pyhanko", "pyhanko_certvalidator"):
        log = logging.getLogger(name)
        if not any(isinstance(h, logging.NullHandler) for h in log.handlers):
            log.addHandler(logging.NullHandler())
        log.propagate = False


def _check_signatures(raw: bytes, roots: list[Any]) -> list[SignatureCheck]:
    quiet_pyhanko()
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(raw), strict=False)
        sigs = list(reader.embedded_signatures)
    except Exception as exc:
        return [SignatureCheck(field="?", problem=f"the signatures cannot be read ({exc})")]
    out = []
    for sig in sigs:
        context = ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        out.append(_check_one(sig, context))
    return out


def _check_one(sig: Any, context: Any) -> SignatureCheck:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    name = str(sig.field_name)
    try:
        status = validate_pdf_signature(sig, signer_validation_context=context)
    except Exception as exc:  # a malformed signature: say so, do not crash
        return SignatureCheck(field=name, problem=f"it cannot be validated ({exc})")
    cert = status.signing_cert
    subject = cert.subject.native
    issuer = cert.issuer.native
    level = status.modification_level
    changed = status.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
        level is None or level > ModificationLevel.FORM_FILLING or status.docmdp_ok is False
    )
    reason = sig.sig_object.get("/Reason")
    return SignatureCheck(
        field=name,
        signer=str(subject.get("common_name") or cert.subject.human_friendly),
        issuer=str(issuer.get("common_name") or cert.issuer.human_friendly),
        signed_at=status.signer_reported_dt,
        reason=str(reason) if reason is not None else None,
        role=_claimed_role(status),
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        self_signed=cert.self_signed in ("yes", "maybe"),
        changed_after=changed,
    )


def _claimed_role(status: Any) -> str | None:
    attrs = getattr(status, "cades_signer_attrs", None)
    if attrs is None:
        return None
    try:
        info = attrs.claimed_attrs["role"]
    except KeyError:
        return None
    roles = []
    for value in info.attr_values:
        role = value["role_name"]
        native = role.native
        if isinstance(native, dict):  # a directory name: its common name
            native = native.get("common_name", "")
        roles.append(str(native))
    return ", ".join(r for r in roles if r) or None


# -- in plain words -------------------------------------------------------------------------------


def _when(moment: dt.datetime | None) -> str:
    if moment is None:
        return "an unrecorded date"
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


#: how to trust a certificate, as the command line says it
CLI_TRUST_HINT = "Pass the authority's root certificate with --trust."


def describe(v: Verification, trust_hint: str = CLI_TRUST_HINT) -> list[str]:
    """What verifying found, in plain sentences: the verdict first, then each check.

    Args:
        trust_hint: how the user can trust a certificate where this is shown.
    """
    lines = []
    m, a = v.manifest, v.assessment
    if m is not None:
        state = REVIEW_STATES.get(m.state, m.state).lower()
        head = f'This report is revision {m.revision} of "{m.system}", {state}'
        if a is not None and a.fingerprint:
            head += ", fingerprint matches"
            if v.printed_fingerprint:
                head += " (recorded and printed)"
        elif a is not None:
            head += " (not final, so it has no fingerprint)"
        lines.append(head + ".")
    for p in v.problems:
        lines.append("NOT OK: " + p)
    if m is not None and not v.problems:
        lines.append(
            f"The embedded data is intact and all {v.pages} pages are as rmf-app "
            f"{m.app_version} wrote them on {_when(m.generated_at)}."
        )
    if not v.signatures:
        lines.append("The report is not digitally signed.")
    for s in v.signatures:
        lines.append(describe_signature(s, trust_hint))
    if v.ok:
        lines.append("Result: everything checks.")
    elif v.intact:
        lines.append(
            "Result: the report is unchanged, but a signer's certificate is not trusted "
            "(see above)."
        )
    else:
        lines.append("Result: this report does NOT check; do not rely on it.")
    return lines


def describe_signature(s: SignatureCheck, trust_hint: str = CLI_TRUST_HINT) -> str:
    if s.problem is not None:
        return f"Signature {s.field}: NOT OK, {s.problem}."
    who = s.signer + (f" ({s.role})" if s.role else "")
    text = f"Signed by {who} on {_when(s.signed_at)}"
    if s.reason:
        text += f', "{s.reason}"'
    if not s.intact:
        return text + ": signature INVALID, the signed content was changed."
    if not s.valid:
        return text + ": signature INVALID, it was not made with the certificate's key."
    if s.changed_after:
        return text + ": signature valid, but the document was CHANGED AFTER SIGNING."
    text += ": signature valid"
    if s.trusted:
        return text + f"; certificate issued by {s.issuer}, trusted."
    if s.self_signed:
        return text + (
            "; but the certificate is self-signed: anyone can make one in any name, so the "
            "signature proves the report is unchanged since signing, not who signed it. "
            "Check the certificate with the signer before you trust it. " + trust_hint
        )
    return text + (
        f"; but the certificate (issued by {s.issuer}) does not lead to an authority you "
        "trust, so who signed is not confirmed. " + trust_hint
    )
