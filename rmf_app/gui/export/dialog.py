"""The export dialog: the PDF risk profile (full or executive, with or without the guidance),
the JSON export or the CSV tables, written on a worker with progress and cancel.

The export itself is the services' (``PdfExportJob``, ``JsonExportJob``, ``CsvExportJob``): each
takes its snapshot here, on the GUI thread, and runs on the thread pool; every file appears
complete or not at all, so a cancelled export leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QThreadPool, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ...domain.assessment import Assessment
from ...services.export import (
    CsvExportJob,
    JsonExportJob,
    PdfExportJob,
    PdfExportOptions,
    PdfExportResult,
    csv_targets,
    previous_final,
)
from ...services.html_export import HtmlExportJob
from ...services.session import AssessmentSession
from ..common.interaction import CSV_FILTER, HTML_FILTER, JSON_FILTER, PDF_FILTER, Interaction
from ..common.interaction import tr as itr
from ..common.widgets import heading, muted, plain_label
from ..common.workers import ProgressJob

FORMATS = ("pdf", "json", "csv", "html")


class ExportDialog(QDialog):
    """Choose what to export and where; the export runs on the thread pool.

    Args:
        session: the open assessment (snapshotted when the export starts).
        interaction: file pickers, questions and opening the PDF.
        pool: the thread pool.
        today: the date against which actions are overdue in the CSV tables.

    Signals:
        exported(str): the export finished; the file written (the first, for CSV).
    """

    exported = Signal(str)

    def __init__(
        self,
        session: AssessmentSession,
        interaction: Interaction,
        pool: QThreadPool,
        today: Any,
        parent: QWidget | None = None,
        *,
        revision: Assessment | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.tr("Export"))
        self.session = session
        #: an earlier final revision to report on instead of the open assessment (PDF only)
        self.revision = revision
        self.interaction = interaction
        self.pool = pool
        self.today = today
        self.job: ProgressJob | None = None
        self._format = "pdf"
        layout = QVBoxLayout(self)
        a = revision if revision is not None else session.assessment
        title = heading(self.tr("Export {0}").format(a.profile.name), scale=1.2)
        layout.addWidget(title)
        if revision is not None:
            state = self.tr(
                "Earlier revision {0}, as it was signed off: the report carries its fingerprint. "
                "(The JSON export and the CSV tables are of the open revision only.)"
            )
        elif a.is_final:
            state = self.tr("Revision {0}, final: the report carries its fingerprint.")
        else:
            state = self.tr(
                "Revision {0}, not final yet: the report is marked DRAFT on every page."
            )
        self.subtitle = muted(plain_label(state.format(a.revision)))
        self.subtitle.setAccessibleName(self.tr("About this export"))
        layout.addWidget(self.subtitle)
        layout.addSpacing(8)

        what = QGroupBox(self.tr("What to export"))
        wl = QGridLayout(what)
        wl.setColumnStretch(1, 1)
        wl.setHorizontalSpacing(16)
        self.formats = QButtonGroup(self)
        for i, (key, text, note) in enumerate(
            (
                (
                    "pdf",
                    self.tr("&PDF risk profile"),
                    self.tr("The report a risk manager reads and signs off"),
                ),
                (
                    "json",
                    self.tr("&JSON export"),
                    self.tr("The whole assessment with its files and history, for other tools"),
                ),
                (
                    "csv",
                    self.tr("&CSV tables"),
                    self.tr("Responses, risks and actions for spreadsheets (three files)"),
                ),
                (
                    "html",
                    self.tr("&HTML report"),
                    self.tr("The full report as an accessible web page, for screen readers"),
                ),
            )
        ):
            button = QRadioButton(text)
            button.setObjectName(f"format_{key}")
            button.setAccessibleName(text.replace("&", ""))
            button.setAccessibleDescription(note)
            self.formats.addButton(button, i)
            wl.addWidget(button, i, 0)
            wl.addWidget(muted(plain_label(note, wrap=False)), i, 1)
        self.formats.button(0).setChecked(True)
        if revision is not None:
            for i in (1, 2):
                self.formats.button(i).setEnabled(False)
        layout.addWidget(what)

        self.pdf_box = QGroupBox(self.tr("Report"))
        pl = QVBoxLayout(self.pdf_box)
        self.kind = QButtonGroup(self)
        self.full = QRadioButton(self.tr("&Full report"))
        self.full.setAccessibleName(self.tr("Full report"))
        self.full.setAccessibleDescription(
            self.tr("Summary, charts, gaps, registers, every answer and the appendices")
        )
        self.executive = QRadioButton(self.tr("E&xecutive summary only"))
        self.executive.setAccessibleName(self.tr("Executive summary only"))
        self.executive.setAccessibleDescription(
            self.tr("Summary, charts, largest gaps and top risks: a few pages")
        )
        self.kind.addButton(self.full, 0)
        self.kind.addButton(self.executive, 1)
        self.full.setChecked(True)
        row = QHBoxLayout()
        row.addWidget(self.full)
        row.addWidget(self.executive)
        row.addStretch(1)
        pl.addLayout(row)
        self.guidance = QCheckBox(self.tr("Include the &guidance text with each answer"))
        self.guidance.setAccessibleName(self.tr("Include the guidance text"))
        self.guidance.setChecked(True)
        pl.addWidget(self.guidance)
        # the executive summary prints no answers, so no guidance with them: say so by greying
        self.executive.toggled.connect(lambda on: self.guidance.setEnabled(not on))
        layout.addWidget(self.pdf_box)

        where = QGroupBox(self.tr("Where"))
        gl = QVBoxLayout(where)
        row2 = QHBoxLayout()
        path_label = QLabel(self.tr("&Save as:"))
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File to write"))
        path_label.setBuddy(self.path)
        self.browse = QPushButton(self.tr("&Browse…"))
        self.browse.setAccessibleName(self.tr("Choose where to save"))
        row2.addWidget(path_label)
        row2.addWidget(self.path, 1)
        row2.addWidget(self.browse)
        gl.addLayout(row2)
        self.note = muted(plain_label(""))
        self.note.setAccessibleName(self.tr("What will be written"))
        gl.addWidget(self.note)
        layout.addWidget(where)

        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.setTextVisible(False)
        self.progress.hide()  # shown while an export runs
        self.status = plain_label("")
        self.status.setAccessibleName(self.tr("Export status"))
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            self.tr("&Export"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.export_button.setAccessibleName(self.tr("Export"))
        self.export_button.setDefault(True)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.close_button.setAccessibleName(self.tr("Close"))
        layout.addWidget(self.buttons)

        self.formats.idToggled.connect(self._format_toggled)
        self.kind.idToggled.connect(lambda _i, on: on and self._suggest_path())
        self.path.textChanged.connect(self._update_note)
        self.browse.clicked.connect(self.choose_path)
        self.export_button.clicked.connect(self.export)
        self.close_button.clicked.connect(self._close_or_cancel)
        self._suggest_path()
        self.resize(620, 0)

    # -- choices -------------------------------------------------------------------------------
    @property
    def format(self) -> str:
        return FORMATS[max(0, self.formats.checkedId())]

    def _format_toggled(self, _id: int, on: bool) -> None:
        if on:
            self.pdf_box.setEnabled(self.format == "pdf")
            self._suggest_path()

    def _default_name(self) -> str:
        stem = self.session.path.stem
        if self.revision is not None:
            stem += f"-rev{self.revision.revision}"
        if self.format == "pdf":
            return f"{stem}-executive.pdf" if self.executive.isChecked() else f"{stem}.pdf"
        return f"{stem}.{self.format}"

    def _suggest_path(self) -> None:
        current = Path(self.path.text()) if self.path.text().strip() else None
        folder = current.parent if current is not None else self.session.path.parent
        self.path.setText(str(folder / self._default_name()))
        self._update_note()

    def _update_note(self) -> None:
        self.note.setVisible(bool(self._note_text()))
        self.note.setText(self._note_text())

    def _note_text(self) -> str:
        text = self.path.text().strip()
        if not text:
            self.note.setText(self.tr("Give a file name."))
        elif self.format == "csv":
            self.note.setText(
                self.tr("Writes {0}.").format(
                    ", ".join(
                        p.name
                        for name, p in csv_targets(text).items()
                        if name != "genai-actions" or self.session.assessment.overlays
                    )
                )
            )
        else:
            self.note.setText(self.tr("Replaces the existing file.") if Path(text).exists() else "")

    def choose_path(self) -> None:
        filters = {
            "pdf": PDF_FILTER,
            "json": JSON_FILTER,
            "csv": CSV_FILTER,
            "html": HTML_FILTER,
        }
        chosen = self.interaction.save_file_name(
            self.tr("Export to"), self.path.text(), [itr(filters[self.format])]
        )
        if chosen:
            self.path.setText(chosen)

    def target(self) -> Path | None:
        text = self.path.text().strip()
        if not text:
            return None
        path = Path(text).expanduser()
        if path.suffix.lower() != f".{self.format}":
            path = path.with_name(path.name + f".{self.format}")
        return path

    # -- running -------------------------------------------------------------------------------
    def export(self) -> bool:
        """Start the export on the thread pool (the session's typing must be flushed first)."""
        if self.job is not None:
            return False
        target = self.target()
        if target is None:
            self.status.setText(self.tr("Give a file name."))
            self.path.setFocus()
            return False
        fmt = self.format
        work: Any
        try:
            if fmt == "pdf":
                options = PdfExportOptions(
                    executive=self.executive.isChecked(),
                    include_guidance=self.guidance.isChecked(),
                )
                if self.revision is not None:
                    pdf = PdfExportJob(
                        self.revision,
                        self.session.playbook,
                        target,
                        options,
                        previous=previous_final(self.session.store, self.revision.revision),
                    )
                else:
                    pdf = PdfExportJob.from_session(self.session, target, options)
                work = pdf.run
            elif fmt == "html":
                source = self.session.assessment if self.revision is None else self.revision
                work = HtmlExportJob(source, self.session.playbook, target).run
            elif fmt == "json":
                work = JsonExportJob(self.session, target).run
            else:
                work = CsvExportJob(self.session, target, self.today).run
        except Exception as exc:  # a snapshot that cannot be taken: say so
            self.status.setText(self.tr("Cannot export: {0}").format(exc))
            return False
        job = ProgressJob(work, self.tr("The export"))
        self.job = job
        job.signals.progress.connect(self._progress)
        job.signals.succeeded.connect(self._succeeded)
        job.signals.failed.connect(self._failed)
        job.signals.cancelled.connect(self._cancelled)
        self._running(True)
        self.status.setText(self.tr("Exporting to {0}…").format(target.name))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.pool.start(job)
        return True

    def _running(self, running: bool) -> None:
        for w in (self.export_button, self.browse, self.path, self.pdf_box):
            w.setEnabled(not running and (w is not self.pdf_box or self.format == "pdf"))
        for b in self.formats.buttons():
            b.setEnabled(not running)
        self.close_button.setText(self.tr("Cancel") if running else self.tr("Close"))
        self.close_button.setAccessibleName(
            self.tr("Cancel the export") if running else self.tr("Close")
        )

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel()
            self.status.setText(self.tr("Cancelling…"))
            self.close_button.setEnabled(False)

    def _close_or_cancel(self) -> None:
        if self.job is not None:
            self.cancel()
        else:
            self.reject()

    def shutdown(self) -> None:
        """Cancel a running export and wait for it (the window is closing)."""
        job = self.job
        if job is not None:
            job.cancel()
            job.done.wait(60)
            self._finish()

    def _progress(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, 1000)
            self.progress.setValue(done * 1000 // total)

    def _finish(self) -> None:
        job = self.job
        if job is not None:
            for signal, slot in (
                (job.signals.progress, self._progress),
                (job.signals.succeeded, self._succeeded),
                (job.signals.failed, self._failed),
                (job.signals.cancelled, self._cancelled),
            ):
                signal.disconnect(slot)
        self.job = None
        self.close_button.setEnabled(True)
        self._running(False)

    def _succeeded(self, result: object) -> None:
        late_cancel = self.job is not None and self.job.is_cancelled
        self._finish()
        self.progress.setRange(0, 1000)
        self.progress.setValue(1000)
        if isinstance(result, PdfExportResult):
            path = result.path
            self.status.setText(
                self.tr("Wrote {0} ({1} pages).").format(path, result.pages)
                + (self.tr(" It was finished before the cancel arrived.") if late_cancel else "")
                + "".join(
                    "\n"
                    + self.tr(
                        "No font on this system prints some characters of {0}; the PDF shows "
                        '"\ufffd" for them.'
                    ).format(field)
                    for field in result.uncovered[:5]
                )
                + (
                    "\n" + self.tr("… and {0} more fields.").format(len(result.uncovered) - 5)
                    if len(result.uncovered) > 5
                    else ""
                )
            )
            self.exported.emit(str(path))
            if self.interaction.confirm(
                self.tr("Export finished"),
                self.tr("{0} is ready ({1} pages). Open it now?").format(path.name, result.pages),
                self.tr("Open"),
            ):
                self.interaction.open_local_file(str(path))
            return
        if isinstance(result, Path) and result.suffix.lower() == ".html":
            self.status.setText(self.tr("Wrote {0}.").format(result))
            self.exported.emit(str(result))
            if self.interaction.confirm(
                self.tr("Export finished"),
                self.tr("{0} is ready. Open it in your web browser now?").format(result.name),
                self.tr("Open"),
            ):
                self.interaction.open_local_file(str(result))
            return
        paths = result if isinstance(result, list) else [result]
        self.status.setText(self.tr("Wrote {0}.").format(", ".join(str(p) for p in paths)))
        if paths:
            self.exported.emit(str(paths[0]))

    def _failed(self, message: str) -> None:
        self._finish()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status.setText(message)
        self.interaction.error(self.tr("Cannot export"), message)

    def _cancelled(self) -> None:
        self._finish()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.status.setText(self.tr("Cancelled: nothing was written."))

    # -- closing -------------------------------------------------------------------------------
    def reject(self) -> None:
        if self.job is not None:  # Esc while exporting cancels the export, not the dialog
            self.cancel()
            return
        super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.job is None:
            self.export()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.job is not None:
            self.cancel()
            event.ignore()
            return
        super().closeEvent(event)
