"""The trust flows of the main window: verify a report, open its data read-only, save that
data as an .airmf, sign a report. Verifying and signing run on the thread pool.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal

from ...services.errors import StorageError
from ...services.session import AssessmentSession, safe_filename
from ..common.interaction import AIRMF_FILTER, ANY_FILTER, PDF_FILTER
from ..common.interaction import tr as itr
from .dialogs import SignDialog, VerifyDialog

if TYPE_CHECKING:
    from ...services.verify import Verification
    from ..common.workers import CallJob
    from ..main_window import MainWindow


class TrustFlows(QObject):
    """Verify, open, save a copy of, and sign PDF reports for one main window.

    Signals:
        verified(object): a report was verified (the
            :class:`~rmf_app.services.verify.Verification`).
        signed(str): a signed copy was written (its path).
        failed(str): verifying or signing failed; the message was shown.
    """

    verified = Signal(object)
    signed = Signal(str)
    failed = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.job: CallJob | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.sign_dialog: SignDialog | None = None
        self._trust: list[str] = []

    # -- verify and open ------------------------------------------------------------------------
    def choose_and_verify(self) -> None:
        path = self.window.interaction.open_file_name(
            self.tr("Verify a report"), self.window.settings.last_folder(), [itr(PDF_FILTER)]
        )
        if path:
            self.verify(Path(path))

    def verify(self, path: Path, *, open_after: bool = False) -> None:
        """Verify ``path`` on the thread pool; show what was found (and open it if asked and
        its data checks)."""
        from ...services.verify import verify_report
        from ..common.workers import CallJob

        if self.job is not None:
            return
        trust = list(self._trust)
        job = CallJob(lambda: verify_report(path, trust=trust), self.tr("Verifying"))
        self.job = job
        job.signals.succeeded.connect(lambda result: self._verified(result, open_after))
        job.signals.failed.connect(lambda message: self._failed(path, message))
        self.window.statusBar().showMessage(self.tr("Verifying {0}…").format(path.name))
        self.window.ctx.pool.start(job)

    def _failed(self, path: Path, message: str) -> None:
        self.job = None
        self.window.statusBar().clearMessage()
        self.window.interaction.error(self.tr("Cannot verify {0}").format(path.name), message)
        self.failed.emit(message)

    def _verified(self, result: Verification, open_after: bool) -> None:
        self.job = None
        self.window.statusBar().clearMessage()
        if open_after and result.can_open:
            self.open_verified(result)
            if not result.ok:
                self.show_result(result)
        else:
            self.show_result(result)
        self.verified.emit(result)

    def show_result(self, result: Verification) -> None:
        if self.verify_dialog is None:
            self.verify_dialog = VerifyDialog(self.window)
            self.verify_dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.verify_dialog.openRequested.connect(self._open_from_dialog)
            self.verify_dialog.trustRequested.connect(self._add_trust)
        self.verify_dialog.show_result(result)
        self.verify_dialog.open()

    def _open_from_dialog(self) -> None:
        if self.verify_dialog is not None and self.verify_dialog.result is not None:
            self.open_verified(self.verify_dialog.result)

    def _add_trust(self) -> None:
        dialog = self.verify_dialog
        if dialog is None or dialog.result is None:
            return
        chosen = self.window.interaction.open_file_name(
            self.tr("Trust a root certificate"),
            self.window.settings.last_folder(),
            [self.tr("Certificates (*.pem *.crt *.cer *.der)"), itr(ANY_FILTER)],
        )
        if chosen:
            self._trust.append(chosen)  # for this window's session only; never saved
            dialog.close()
            self.verify(dialog.result.path)

    def open_verified(self, result: Verification) -> None:
        """Show the verified data as a read-only revision (no file behind it)."""
        assert result.assessment is not None
        session = AssessmentSession.from_assessment(
            result.assessment, source=result.path, user=self.window.user_name()
        )
        self.window.set_session(session)
        self.window.statusBar().showMessage(
            self.tr(
                "Opened the data of {0} read-only (revision {1}). File ▸ Save as .airmf… makes an editable copy."
            ).format(result.path.name, result.assessment.revision),
            10000,
        )

    def save_copy(self) -> Path | None:
        """Save the open report's data as a new .airmf and open that."""
        from ...services.report_copy import save_report_copy

        s = self.window.session
        if s is None or not s.from_report:
            return None
        name = safe_filename(s.assessment.profile.name) or s.path.stem
        folder = Path(self.window.settings.last_folder() or s.path.parent)
        chosen = self.window.interaction.save_file_name(
            self.tr("Save as .airmf"),
            str(folder / f"{name}-rev{s.assessment.revision}.airmf"),
            [itr(AIRMF_FILTER)],
            new_file=True,
        )
        if not chosen:
            return None
        out = Path(chosen)
        if out.suffix.lower() == ".pdf":
            out = out.with_suffix(".airmf")
        elif out.suffix.lower() != ".airmf":
            out = out.with_name(out.name + ".airmf")
        try:
            save_report_copy(s.assessment, out, self.window.user_name(), overwrite=out.exists())
        except StorageError as exc:
            self.window.interaction.error(self.tr("Cannot save {0}").format(out.name), str(exc))
            return None
        if self.window.open_path(out):
            note = self.tr("Saved {0}.").format(out.name)
            if any(e.attachment is not None for e in s.assessment.evidence):
                note += " " + self.tr(
                    "The attached files themselves are not in a PDF report (only their SHA-256); ask the assessor for them."
                )
            self.window.statusBar().showMessage(note, 12000)
        return out

    # -- sign ------------------------------------------------------------------------------------
    def choose_and_sign(self, report: str | None = None) -> None:
        if self.sign_dialog is None:
            self.sign_dialog = SignDialog(
                self.window.interaction, self.window.settings.last_folder(), self.window
            )
            self.sign_dialog.setWindowModality(Qt.WindowModality.WindowModal)
            self.sign_dialog.signRequested.connect(self._sign)
        if report:
            self.sign_dialog.set_report(report)
        self.sign_dialog.open()

    def _sign(self) -> None:
        from ...services.sign import check_report, sign_report
        from ..common.workers import CallJob

        dialog = self.sign_dialog
        if dialog is None or self.job is not None:
            return
        src, key, out = (
            dialog.report.text().strip(),
            dialog.key.text().strip(),
            dialog.output.text().strip(),
        )
        reason, role = dialog.reason.text().strip(), dialog.role.text().strip() or None
        passphrase = dialog.take_passphrase()

        def work() -> Any:
            manifest = check_report(src)
            result = sign_report(src, key, passphrase, out, reason=reason, role=role)
            return manifest, result

        job = CallJob(work, self.tr("Signing"))
        self.job = job
        dialog.busy(True)
        job.signals.succeeded.connect(self._signed)
        job.signals.failed.connect(self._sign_failed)
        self.window.ctx.pool.start(job)

    def _signed(self, value: object) -> None:
        self.job = None
        manifest, result = value  # type: ignore[misc]
        if self.sign_dialog is not None:
            self.sign_dialog.busy(False)
            self.sign_dialog.accept()
        text = self.tr("Wrote {0}, signed by {1}.").format(result.path.name, result.signer)
        if manifest.state != "final":
            text += " " + self.tr(
                "Note: the report is of revision {0}, which is not final; a signature says you accept what it shows."
            ).format(manifest.revision)
        self.window.interaction.information(self.tr("Report signed"), text)
        self.signed.emit(str(result.path))

    def _sign_failed(self, message: str) -> None:
        self.job = None
        if self.sign_dialog is not None:
            self.sign_dialog.busy(False)
        self.window.interaction.error(self.tr("The report was not signed"), message)
        self.failed.emit(message)
