"""A read-only window listing what changed since an earlier final revision: the counts and the
headline figures at the top, then a table per kind of change."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...domain.diff import AssessmentDiff, RegisterDiff


class ChangesDialog(QDialog):
    """The changes from ``diff.old_revision`` to the current state (``diff`` is computed by
    ``services.diff``); one tab per kind, each a read-only table."""

    def __init__(self, diff: AssessmentDiff, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diff = diff
        self.setWindowTitle(self.tr("Changes since revision {0}").format(diff.old_revision))
        self.resize(820, 560)
        lay = QVBoxLayout(self)
        self.heading = QLabel(
            self.tr("From final revision {0} ({1}) to revision {2} ({3})").format(
                diff.old_revision, diff.old_state, diff.new_revision, diff.new_state
            )
        )
        self.heading.setWordWrap(True)
        lay.addWidget(self.heading)
        counts = [f"{n} {k}" for k, n in diff.counts().items() if n]
        self.counts = QLabel(", ".join(counts) if counts else self.tr("No changes."))
        self.counts.setAccessibleName(self.tr("Changes by kind"))
        self.counts.setWordWrap(True)
        lay.addWidget(self.counts)
        self.trends = QLabel(
            "   ".join(f"{t.name}: {t.old.percent()} → {t.new.percent()}" for t in diff.trends)
        )
        self.trends.setAccessibleName(self.tr("Headline figures then and now"))
        lay.addWidget(self.trends)
        self.tabs = QTabWidget()
        self.tables: dict[str, QTableWidget] = {}
        item, change, before, after = (
            self.tr("Item"),
            self.tr("Change"),
            self.tr("Before"),
            self.tr("After"),
        )
        self._add(
            "subcategories",
            self.tr("Maturity and target"),
            [item, change, before, after],
            [[c.subcategory_id, c.field, c.old, c.new] for c in diff.subcategories],
        )
        self._add(
            "scope",
            self.tr("Scope"),
            [item, change, self.tr("Reason")],
            [[s.item_id, s.change, s.reason] for s in diff.scope],
        )
        for key, title, reg in (
            ("risks", self.tr("Risks"), diff.risks),
            ("actions", self.tr("Actions"), diff.actions),
            ("evidence", self.tr("Evidence"), diff.evidence),
        ):
            self._add(
                key,
                title,
                [self.tr("ID"), self.tr("Title"), change, self.tr("What changed")],
                _register_rows(reg),
            )
        self._add(
            "decision",
            self.tr("Decision"),
            [item, before, after],
            [[f.field, f.old, f.new] for f in diff.decision],
        )
        self._add(
            "signoffs",
            self.tr("Sign-offs"),
            [change, self.tr("Sign-off")],
            [["added", x] for x in diff.signoffs_added]
            + [["removed", x] for x in diff.signoffs_removed],
        )
        lay.addWidget(self.tabs, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)

    def _add(self, key: str, title: str, headers: list[str], rows: list[list[str]]) -> None:
        table = QTableWidget(len(rows), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setWordWrap(True)
        table.verticalHeader().setVisible(False)
        table.setAccessibleName(title)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                table.setItem(r, c, cell)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()
        self.tables[key] = table
        index = self.tabs.addTab(table, f"{title} ({len(rows)})")
        self.tabs.setTabEnabled(index, bool(rows))

    def rows(self, key: str) -> list[list[str]]:
        """The text of table ``key``, row by row (what a reader sees)."""
        t = self.tables[key]
        return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def _register_rows(reg: RegisterDiff) -> list[list[str]]:
    rows = [[r.id, r.title, "added", ""] for r in reg.added]
    rows += [[r.id, r.title, "removed", ""] for r in reg.removed]
    for word, items in (("closed", reg.closed), ("changed", reg.changed)):
        for i in items:
            detail = "; ".join(f"{f.field}: {f.old} → {f.new}" for f in i.changes)
            rows.append([i.id, i.title, word, detail])
    return rows
