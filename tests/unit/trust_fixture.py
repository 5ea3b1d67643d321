"""Reports to verify and sign: a finalised demo assessment exported to PDF, and a throw-away
certificate authority with signers (made with ``cryptography``; nothing is kept)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from rmf_app.domain.assessment import Assessment
from rmf_app.services.demo import write_demo
from rmf_app.services.export import PdfExportJob, PdfExportOptions
from rmf_app.services.session import AssessmentSession
from rmf_app.storage.content import bundled_playbook

WHEN = dt.datetime(2026, 10, 14, 12, 0, tzinfo=dt.UTC)


def final_demo(folder: Path) -> tuple[Path, Assessment]:
    """The demo assessment, finalised, in ``folder/final.airmf``."""
    path = write_demo(folder / "final.airmf", overwrite=True)
    with AssessmentSession.open(path) as s:
        s.finalise()
        return path, s.assessment


def draft_demo(folder: Path) -> tuple[Path, Assessment]:
    path = write_demo(folder / "draft.airmf", overwrite=True)
    with AssessmentSession.open(path, read_only=True) as s:
        return path, s.assessment


def export(a: Assessment, out: Path, *, executive: bool = True) -> Path:
    PdfExportJob(
        a,
        bundled_playbook(),
        out,
        PdfExportOptions(executive=executive),
        now=WHEN,
        reproducible=True,
    ).run()
    return out


@dataclass(frozen=True)
class Pki:
    """A test CA and two signers, as files: ``ca.pem`` and ``NAME.p12`` (passphrase PASS)."""

    folder: Path
    ca_pem: Path

    def p12(self, name: str) -> Path:
        return self.folder / f"{name}.p12"


PASS = "correct horse"


def make_pki(folder: Path, names: tuple[str, ...] = ("Ada Assessor", "Rita Risk")) -> Pki:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "rmf-app test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_pem = folder / "ca.pem"
    ca_pem.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    for name in names:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)]))
            .issuer_name(ca_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=30))
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=True,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
            )
            .sign(ca_key, hashes.SHA256())
        )
        data = pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            cert,
            [ca],
            serialization.BestAvailableEncryption(PASS.encode()),
        )
        (folder / f"{name}.p12").write_bytes(data)
    return Pki(folder, ca_pem)


def self_signed_p12(folder: Path, name: str = "Sam Selfsigned") -> Path:
    """A PKCS#12 whose certificate signed itself (no authority vouches for it)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    out = folder / "self.p12"
    out.write_bytes(
        pkcs12.serialize_key_and_certificates(
            name.encode(),
            key,
            cert,
            None,
            serialization.BestAvailableEncryption(PASS.encode()),
        )
    )
    return out
