"""The start page: new, open, import, the demo, and the recent files."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize, Qt, Signal, SignalInstance
from PySide6.QtGui import (
    QFont,
    QFontMetrics,
    QKeySequence,
    QPainter,
    QPalette,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCommandLinkButton,
    QHBoxLayout,
    QLabel,
    QListView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from .. import __version__
from .common.widgets import heading, muted, plain_label, plain_tooltip

PATH_ROLE = Qt.ItemDataRole.UserRole + 1
NAME_ROLE = Qt.ItemDataRole.UserRole + 2
FOLDER_ROLE = Qt.ItemDataRole.UserRole + 3
EXISTS_ROLE = Qt.ItemDataRole.UserRole + 4


class _RecentDelegate(QStyledItemDelegate):
    """File name on the first line, its folder (smaller) on the second."""

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        fm = option.fontMetrics
        return QSize(option.rect.width(), fm.height() * 2 + fm.height() // 2 + 12)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        exists = bool(index.data(EXISTS_ROLE))
        group = QPalette.ColorGroup.Active if exists else QPalette.ColorGroup.Disabled
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(8, 6, -8, -6)
        painter.save()
        painter.setPen(option.palette.color(group, role))
        bold = QFont(option.font)
        bold.setBold(True)
        painter.setFont(bold)
        fm = QFontMetrics(bold)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            fm.elidedText(index.data(NAME_ROLE), Qt.TextElideMode.ElideRight, rect.width()),
        )
        small = QFont(option.font)
        if small.pointSizeF() > 0:
            small.setPointSizeF(small.pointSizeF() * 0.9)
        painter.setFont(small)
        fm2 = QFontMetrics(small)
        painter.drawText(
            rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
            fm2.elidedText(index.data(FOLDER_ROLE), Qt.TextElideMode.ElideMiddle, rect.width()),
        )
        painter.restore()


class RecentList(QListView):
    """Recent files; Enter opens, Delete forgets the selected one.

    Signals:
        openRequested(str): the user chose a file.
        forgetRequested(str): the user asked to remove a file from the list.
    """

    openRequested = Signal(str)
    forgetRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = QStandardItemModel(self)
        self.setModel(self.model_)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setItemDelegate(_RecentDelegate(self))
        self.setAccessibleName(self.tr("Recent files"))
        self.setAccessibleDescription(
            self.tr("Enter opens the selected file; Delete removes it from the list")
        )
        self.activated.connect(self._activated)

    def set_files(self, files: list[str]) -> None:
        self.model_.clear()
        for f in files:
            p = Path(f)
            exists = p.exists()
            folder = str(p.parent) if exists else self.tr("{0} (not found)").format(p.parent)
            item = QStandardItem(p.name)
            item.setData(f, PATH_ROLE)
            item.setData(p.name, NAME_ROLE)
            item.setData(folder, FOLDER_ROLE)
            item.setData(exists, EXISTS_ROLE)
            item.setData(f"{p.name}, {folder}", Qt.ItemDataRole.AccessibleTextRole)
            item.setToolTip(plain_tooltip(f))
            self.model_.appendRow(item)
        if files:
            self.setCurrentIndex(self.model_.index(0, 0))

    def _activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.openRequested.emit(index.data(PATH_ROLE))

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and (
            event.matches(QKeySequence.StandardKey.Delete) or event.key() == Qt.Key.Key_Backspace
        ):
            index = self.currentIndex()
            if index.isValid():
                self.forgetRequested.emit(index.data(PATH_ROLE))
                return
        super().keyPressEvent(event)  # type: ignore[arg-type]


class StartPage(QWidget):
    """What the window shows when no assessment is open.

    Signals:
        newRequested(), openRequested(), importRequested(), demoRequested(): the buttons.
        recentRequested(str): a recent file was chosen.
        forgetRequested(str): a recent file should leave the list.
    """

    newRequested = Signal()
    openRequested = Signal()
    importRequested = Signal()
    demoRequested = Signal()
    recentRequested = Signal(str)
    forgetRequested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        column = QVBoxLayout()
        outer.addLayout(column, 4)
        outer.addStretch(1)
        column.addStretch(1)
        title = heading(self.tr("rmf-app"), scale=2.0)
        column.addWidget(title)
        column.addWidget(
            plain_label(
                self.tr(
                    "Self-assess one AI system against the NIST AI Risk Management Framework 1.0, subcategory by subcategory, with guidance on screen."
                )
            )
        )
        column.addSpacing(16)
        body = QHBoxLayout()
        column.addLayout(body)
        actions = QVBoxLayout()
        body.addLayout(actions, 1)
        self.new_button = self._button(
            self.tr("&New assessment…"),
            self.tr("Describe the system, choose the scope and where to save it"),
            self.newRequested,
        )
        self.open_button = self._button(
            self.tr("&Open…"), self.tr("Continue an assessment (.airmf file)"), self.openRequested
        )
        self.import_button = self._button(
            self.tr("&Import JSON…"),
            self.tr("Create an assessment from a JSON export"),
            self.importRequested,
        )
        self.demo_button = self._button(
            self.tr("Open the &demo"),
            self.tr("A fully worked example: a bank's model that triages consumer loan applications"),
            self.demoRequested,
        )
        for b in (self.new_button, self.open_button, self.import_button, self.demo_button):
            actions.addWidget(b)
        actions.addStretch(1)
        recent_box = QVBoxLayout()
        body.addLayout(recent_box, 1)
        recent_label = QLabel(self.tr("&Recent files"))
        font = recent_label.font()
        font.setBold(True)
        recent_label.setFont(font)
        self.recent = RecentList()
        recent_label.setBuddy(self.recent)
        self.no_recent = muted(plain_label(self.tr("Assessments you open appear here.")))
        recent_box.addWidget(recent_label)
        recent_box.addWidget(self.recent, 1)
        recent_box.addWidget(self.no_recent)
        column.addSpacing(16)
        hint = plain_label(
            self.tr(
                "You can also drop an .airmf or .json file on this window. AI RMF 1.0 defines no scores: the maturity scale is rmf-app's own method, and the result is a voluntary self-assessment, not a certification. rmf-app {0} works offline and never uses the network."
            ).format(__version__)
        )
        muted(hint)
        column.addWidget(hint)
        column.addStretch(2)
        self.recent.openRequested.connect(self.recentRequested)
        self.recent.forgetRequested.connect(self.forgetRequested)

    def _button(self, text: str, description: str, signal: SignalInstance) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.setAccessibleDescription(description)
        button.clicked.connect(signal)
        return button

    def set_recent(self, files: list[str]) -> None:
        self.recent.set_files(files)
        self.recent.setVisible(bool(files))
        self.no_recent.setVisible(not files)
