"""Sign a PDF report with the user's own certificate (issue #14, point 3): ``rmf-app sign`` and
the GUI's "Sign the PDF…".

A PAdES baseline B-B signature (``ETSI.CAdES.detached``) made with pyHanko from a PKCS#12
file (.p12 / .pfx) the user already has. The signature is appended as an incremental update,
so a report signed by the assessor and then by the risk manager keeps both signatures valid.
The reason ("Reviewed and accepted" unless the user says otherwise) goes into the signature
dictionary; the signer's role is a claimed signer attribute of the signature (CAdES
``signer-attributes-v2``), which validators such as pyHanko and Adobe Reader show.

No certificate is made or kept by rmf-app, and the passphrase is used for this one signature
and never stored. pyHanko is imported only when signing.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.report_data import MANIFEST_NAME, ReportManifest
from ..storage.atomic import atomic_output
from ..storage.errors import StorageError

#: the reason recorded when the user gives none
DEFAULT_REASON = "Reviewed and accepted"


class SignError(StorageError):
    """The report could not be signed; the message says why and what to do."""


@dataclass(frozen=True)
class SignResult:
    """Args:
    path: the signed PDF written.
    field: the new signature field's name.
    signer: the signer's name from the certificate.
    manifest: what the report says about itself (None for a PDF without rmf-app data).
    """

    path: Path
    field: str
    signer: str
    manifest: ReportManifest | None

    @property
    def final(self) -> bool:
        """The report is of a final revision (the one state meant for signing)."""
        return self.manifest is not None and self.manifest.state == "final"


def report_manifest(data: bytes) -> ReportManifest | None:
    """What an rmf-app report records about itself, or None (not one, or unreadable)."""
    import pikepdf

    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            spec = pdf.attachments.get(MANIFEST_NAME)
            if spec is None:
                return None
            return ReportManifest.model_validate_json(spec.get_file().read_bytes())
    except Exception:  # not a PDF, damaged, or not our data: the caller says so
        return None


def read_report(path: str | os.PathLike[str]) -> tuple[bytes, ReportManifest | None]:
    """The PDF's bytes and its manifest.

    Raises:
        SignError: the file cannot be read or is not a PDF.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SignError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if b"%PDF-" not in data[:1024]:
        raise SignError(f"{path.name} is not a PDF file; choose the report's .pdf file.")
    return data, report_manifest(data)


def check_report(path: str | os.PathLike[str]) -> ReportManifest:
    """Verify a report before it is signed: a signature vouches for what it shows.

    Returns:
        What the report records about itself (its revision and state).

    Raises:
        SignError: the report is not an rmf-app report, or it does not check (the message
            says what changed), or an earlier signature on it is broken.
        StorageError: the file cannot be read at all.
    """
    from .verify import describe_signature, verify_report

    checked = verify_report(path)
    if checked.manifest is None or not checked.intact:
        bad = [describe_signature(x) for x in checked.signatures if not x.ok]
        why = " ".join(checked.problems + bad) or "It carries no rmf-app report data."
        raise SignError(
            f"{Path(path).name} was not signed: {why} Sign only a report exported by rmf-app "
            "and unchanged since."
        )
    return checked.manifest


def load_signer(key_file: str | os.PathLike[str], passphrase: bytes | None) -> Any:
    """A pyHanko signer from a PKCS#12 file.

    Raises:
        SignError: the file cannot be read, or the passphrase is wrong, or it holds no key.
    """
    from pyhanko.sign.signers import SimpleSigner

    from .verify import quiet_pyhanko

    quiet_pyhanko()
    key_file = Path(key_file)
    try:
        blob = key_file.read_bytes()
    except OSError as exc:
        raise SignError(f"Cannot read {key_file}: {exc.strerror or exc}.") from None
    try:
        signer = SimpleSigner.load_pkcs12_data(blob, other_certs=(), passphrase=passphrase)
    except (ValueError, TypeError) as exc:
        raise SignError(
            f"Cannot open {key_file.name}: the passphrase is wrong, or it is not a PKCS#12 "
            "file (.p12 or .pfx) holding a certificate and its private key. "
            f"({exc.__cause__ or exc})"
        ) from None
    if signer.signing_cert is None or signer.signing_key is None:
        raise SignError(
            f"{key_file.name} holds no certificate with its private key; export your "
            "signing certificate with its key as a .p12 file."
        )
    return signer


def signer_name(signer: Any) -> str:
    subject = signer.signing_cert.subject
    return str(subject.native.get("common_name") or subject.human_friendly)


def sign_report(
    src: str | os.PathLike[str],
    key_file: str | os.PathLike[str],
    passphrase: bytes | None,
    out: str | os.PathLike[str],
    *,
    reason: str = DEFAULT_REASON,
    role: str | None = None,
) -> SignResult:
    """Sign the PDF ``src`` and write the signed copy to ``out`` (complete or not at all;
    ``out`` may be ``src``).

    Raises:
        SignError: the report, the key file or the output cannot be used (the message says
            why and what to do).
    """
    data, manifest = read_report(src)
    signer = load_signer(key_file, passphrase)
    signed, field = _sign_bytes(data, signer, reason=reason, role=role)
    try:
        with atomic_output(out) as fh:
            fh.write(signed)
    except OSError as exc:
        raise SignError(f"Cannot write {out}: {exc.strerror or exc}.") from None
    return SignResult(Path(out), field, signer_name(signer), manifest)


def _sign_bytes(data: bytes, signer: Any, *, reason: str, role: str | None) -> tuple[bytes, str]:
    from asn1crypto import cms, x509
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko.sign.ades.api import CAdESSignedAttrSpec, SignerAttrSpec

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        taken = {str(name) for name, _, _ in fields.enumerate_sig_fields(writer)}
    except Exception as exc:  # pyHanko raises its own and generic errors on damaged files
        raise SignError(f"The PDF cannot be read for signing ({exc}). It may be damaged.") from None
    n = 1
    while f"Signature{n}" in taken:
        n += 1
    name = f"Signature{n}"
    spec = None
    if role:
        claimed = cms.AttCertAttribute(
            {
                "type": "role",
                "values": [
                    cms.RoleSyntax(
                        {
                            "role_name": x509.GeneralName(
                                name="directory_name",
                                value=x509.Name.build({"common_name": role}),
                            )
                        }
                    )
                ],
            }
        )
        spec = CAdESSignedAttrSpec(
            signer_attributes=SignerAttrSpec(claimed_attrs=[claimed], certified_attrs=[])
        )
    meta = signers.PdfSignatureMetadata(
        field_name=name,
        reason=reason or None,
        name=signer_name(signer),
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        cades_signed_attr_spec=spec,
    )
    out = io.BytesIO()
    try:
        signers.sign_pdf(
            writer,
            meta,
            signer=signer,
            new_field_spec=fields.SigFieldSpec(sig_field_name=name),
            output=out,
        )
    except Exception as exc:
        raise SignError(f"The PDF could not be signed: {exc}.") from None
    return out.getvalue(), name
