"""Application start-up. A first main window: the full workspace arrives with the GUI issue."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox, QVBoxLayout, QWidget

from .. import __version__
from ..services.session import AssessmentSession
from ..storage.errors import StorageError


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class MainWindow(QMainWindow):
    """Shows the open assessment's name and completion, or a welcome line."""

    def __init__(self, session: AssessmentSession | None = None) -> None:
        super().__init__()
        self.session = session
        self.setWindowTitle(tr("rmf-app"))
        body = QWidget()
        layout = QVBoxLayout(body)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.summary.setAccessibleName(tr("Assessment summary"))
        layout.addWidget(self.summary)
        self.setCentralWidget(body)
        self.resize(900, 600)
        if session is None:
            self.summary.setText(
                tr("rmf-app {0}: open an assessment with 'rmf-app FILE.airmf'.").format(__version__)
            )
        else:
            self.setWindowFilePath(str(session.path))
            o = session.scores().overall
            self.summary.setText(
                tr("{0}\nCompletion {1} · at target {2}").format(
                    session.assessment.profile.name, o.completion.percent(), o.at_target.percent()
                )
            )


def run(files: list[str]) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("rmf-app")
    app.setOrganizationName("rmf-app")
    session = None
    if files:
        try:
            session = AssessmentSession.open(files[0])
        except StorageError as exc:
            QMessageBox.warning(None, tr("Cannot open file"), str(exc))
    window = MainWindow(session)
    window.show()
    code = app.exec()
    if session is not None:
        session.close()
    return int(code)
