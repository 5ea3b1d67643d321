"""The dialogs of the trust flows: what verifying a report found, and signing a report."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.sign import DEFAULT_REASON
from ...services.verify import Verification, describe
from ..common.interaction import ANY_FILTER, PDF_FILTER, Interaction
from ..common.interaction import tr as itr
from ..common.widgets import plain_label


class VerifyDialog(QDialog):
    """What verifying one PDF report found, in plain sentences.

    Signals:
        openRequested(): the user wants the verified data opened read-only.
        trustRequested(): the user wants to trust a root certificate and verify again.
    """

    openRequested = Signal()
    trustRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Verify a report"))
        self.resize(640, 420)
        lay = QVBoxLayout(self)
        self.verdict = plain_label("")
        self.verdict.setAccessibleName(self.tr("Verdict"))
        font = self.verdict.font()
        font.setBold(True)
        self.verdict.setFont(font)
        lay.addWidget(self.verdict)
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName(self.tr("What was checked"))
        lay.addWidget(self.details, 1)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(self.tr("&Open read-only"))
        self.open_button.setAccessibleName(self.tr("Open the report's data read-only"))
        self.trust_button = QPushButton(self.tr("&Trust a root certificate…"))
        self.trust_button.setAccessibleName(self.tr("Trust a root certificate and verify again"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.trust_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(self._open)
        self.trust_button.clicked.connect(self.trustRequested)
        lay.addWidget(buttons)
        self.result: Verification | None = None

    def show_result(self, result: Verification) -> None:
        self.result = result
        name = result.path.name
        if result.ok:
            verdict = self.tr("{0}: everything checks.").format(name)
        elif result.intact:
            verdict = self.tr("{0} is unchanged, but a signer is not confirmed.").format(name)
        else:
            verdict = self.tr("{0} does NOT check: do not rely on it.").format(name)
        self.verdict.setText(verdict)
        lines = describe(result, trust_hint=self.tr('Use "Trust a root certificate…" to trust it.'))
        self.details.setPlainText("\n\n".join(lines))
        self.open_button.setEnabled(result.can_open)
        self.trust_button.setVisible(bool(result.signatures))

    def _open(self) -> None:
        self.accept()
        self.openRequested.emit()


class SignDialog(QDialog):
    """Sign a PDF report: the report, the user's PKCS#12 file and its passphrase, the reason,
    the role and where the signed copy goes. The passphrase is handed to the signing call
    and cleared; it is never stored.

    Signals:
        signRequested(): the user asked to sign with the values entered.
    """

    signRequested = Signal()

    def __init__(
        self, interaction: Interaction, folder: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.folder = folder
        self.setWindowTitle(self.tr("Sign a report"))
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        intro = plain_label(
            self.tr(
                "Adds a PAdES digital signature made with your own certificate (a .p12 or .pfx file). Earlier signatures stay valid. rmf-app does not keep the passphrase or the certificate."
            )
        )
        lay.addWidget(intro)
        form = QFormLayout()
        self.report = QLineEdit()
        self.report.setAccessibleName(self.tr("Report to sign"))
        self.key = QLineEdit()
        self.key.setAccessibleName(self.tr("Your certificate file (.p12 or .pfx)"))
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase of the certificate file"))
        self.reason = QLineEdit(DEFAULT_REASON)
        self.reason.setAccessibleName(self.tr("Reason"))
        self.role = QLineEdit()
        self.role.setAccessibleName(self.tr("Your role"))
        self.role.setPlaceholderText(self.tr("e.g. Risk manager"))
        self.output = QLineEdit()
        self.output.setAccessibleName(self.tr("Signed copy to write"))
        self._row(form, self.tr("&Report:"), self.report, self._pick_report)
        self._row(form, self.tr("&Certificate:"), self.key, self._pick_key)
        self._row(form, self.tr("&Passphrase:"), self.passphrase)
        self._row(form, self.tr("R&eason:"), self.reason)
        self._row(form, self.tr("Ro&le:"), self.role)
        self._row(form, self.tr("&Save as:"), self.output, self._pick_output)
        lay.addLayout(form)
        self.note = plain_label("")
        self.note.setAccessibleName(self.tr("Note"))
        lay.addWidget(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = QPushButton(self.tr("Si&gn"))
        buttons.addButton(self.sign_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.rejected.connect(self.reject)
        self.sign_button.clicked.connect(self._sign)
        lay.addWidget(buttons)
        self.report.textChanged.connect(self._report_changed)

    def _row(
        self, form: QFormLayout, text: str, edit: QLineEdit, pick: Callable[[], None] | None = None
    ) -> None:
        label = QLabel(text)
        label.setBuddy(edit)
        if pick is None:
            form.addRow(label, edit)
            return
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(edit, 1)
        button = QPushButton(self.tr("Browse…"))
        button.setAccessibleName(self.tr("Browse for {0}").format(edit.accessibleName()))
        button.clicked.connect(pick)
        h.addWidget(button)
        form.addRow(label, row)

    def _pick_report(self) -> None:
        chosen = self.interaction.open_file_name(
            self.tr("Report to sign"), self.folder, [itr(PDF_FILTER)]
        )
        if chosen:
            self.report.setText(chosen)

    def _pick_key(self) -> None:
        chosen = self.interaction.open_file_name(
            self.tr("Your certificate file"),
            self.folder,
            [self.tr("PKCS#12 certificate (*.p12 *.pfx)"), itr(ANY_FILTER)],
        )
        if chosen:
            self.key.setText(chosen)

    def _pick_output(self) -> None:
        chosen = self.interaction.save_file_name(
            self.tr("Save the signed report as"), self.output.text(), [itr(PDF_FILTER)]
        )
        if chosen:
            self.output.setText(chosen)

    def _report_changed(self, text: str) -> None:
        if not text.strip():
            return
        p = Path(text.strip())
        self.output.setText(str(p.with_name(f"{p.stem}-signed.pdf")))

    def set_report(self, path: str) -> None:
        self.report.setText(path)

    def take_passphrase(self) -> bytes | None:
        """The passphrase typed, as bytes; the field is cleared (nothing keeps it)."""
        text = self.passphrase.text()
        self.passphrase.clear()
        return text.encode("utf-8") if text else None

    def _sign(self) -> None:
        missing = [
            name
            for name, edit in (
                (self.tr("the report"), self.report),
                (self.tr("your certificate file"), self.key),
                (self.tr("where to save the signed copy"), self.output),
            )
            if not edit.text().strip()
        ]
        if missing:
            self.note.setText(self.tr("Choose {0}.").format(", ".join(missing)))
            return
        self.signRequested.emit()

    def busy(self, busy: bool) -> None:
        self.sign_button.setEnabled(not busy)
        self.note.setText(self.tr("Signing…") if busy else "")
