"""The About dialog: version, what rmf-app is built on and its licenses, where data lives."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ..services import about


class AboutDialog(QDialog):
    """Shows facts from :mod:`rmf_app.services.about`; everything is plain text."""

    def __init__(self, settings_file: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("About rmf-app"))
        self.setAccessibleName(self.tr("About rmf-app"))
        f = about.facts()
        layout = QVBoxLayout(self)

        title = QLabel(self.tr("rmf-app {0}").format(f["version"]))
        title.setTextFormat(Qt.TextFormat.PlainText)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        title.setFont(font)
        icon = QLabel()
        icon.setPixmap(
            QIcon.fromTheme("io.github.rmf_app.RmfApp", self.windowIcon()).pixmap(64, 64)
        )
        layout.addWidget(icon)
        layout.addWidget(title)

        blurb = QLabel(
            self.tr(
                "Self-assessment of one AI system against the {0}. AI RMF 1.0 defines no maturity "
                "levels or scores: the scale and scoring method {1} are rmf-app's own, and the result "
                "is a voluntary self-assessment, not a certification. The bundled guidance is written "
                "by the rmf-app authors, not NIST. rmf-app works offline and never uses the network."
            ).format(f["framework"], f["scoring"])
        )
        blurb.setTextFormat(Qt.TextFormat.PlainText)
        blurb.setWordWrap(True)
        layout.addWidget(blurb)

        layout.addWidget(QLabel(self.tr("Built on")))
        comps = about.components()
        self.table = QTableWidget(len(comps), 4)
        self.table.setAccessibleName(self.tr("Components and licenses"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("License"), self.tr("Used for")]
        )
        for row, c in enumerate(comps):
            for col, text in enumerate((c.name, c.version, c.licence, c.use)):
                item = QTableWidgetItem(text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                self.table.setItem(row, col, item)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout.addWidget(self.table)

        self.where = QLabel(
            self.tr(
                "Where rmf-app keeps things:\n"
                "• each assessment: the .airmf file you chose (backups of upgraded files beside it)\n"
                "• settings (recent files, window layout, your name): {0}\n"
                "• imported NIST Playbook packs: {1}\n"
                "• temporary files (opened attachments): {2}\n"
                "Nothing else is written."
            ).format(settings_file, f["packs"], f["temp"])
        )
        self.where.setTextFormat(Qt.TextFormat.PlainText)
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.where)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(660, 640)
