"""The dashboard's charts, painted with QPainter in the palette's colors (light or dark).

Each chart is handed rows of figures already formatted from the scores (it computes nothing),
paints them, says them to screen readers (accessible description), and can be used from the
keyboard: Up / Down (or the arrows on the heat map) move, Enter or Space activates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ..common import colours
from ..common.widgets import plain_tooltip

#: the maturity scale's top (0..4)
SCALE_MAX = 4
_KEYBOARD_REASONS = (
    Qt.FocusReason.TabFocusReason,
    Qt.FocusReason.BacktabFocusReason,
    Qt.FocusReason.ShortcutFocusReason,
)


def _font(base: QFont, scale: float = 1.0, bold: bool = False) -> QFont:
    font = QFont(base)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(bold)
    return font


@dataclass(frozen=True)
class GroupRow:
    """One function or category, as the chart shows it.

    Attributes:
        key: the function or category id (what activating the row reports).
        label: its id and title.
        completion: completed share 0..1 (None: nothing in scope) and its text ("97%").
        current, target: mean levels 0..4 (None: nothing rated) and their texts ("2.8").
        at_target: the at-target text ("64%").
        describe: the whole row in words (tooltip and screen readers).
        rated_text: what the means rest on ("9 of 19 rated").
        provisional: too few items rated to compare the means: the current bar is drawn as a
            dashed outline.
    """

    key: str
    label: str
    completion: float | None
    completion_text: str
    current: float | None
    current_text: str
    target: float | None
    target_text: str
    at_target_text: str
    describe: str
    heading: bool = False
    rated_text: str = ""
    provisional: bool = False


class _PointableChart(QWidget):
    """A chart the user can point at and walk with the keyboard: mouse tracking, Tab focus, and
    a focus mark drawn only when the keyboard brought the focus (``_keyboard``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._keyboard = False
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._keyboard = event.reason() in _KEYBOARD_REASONS
        self.update()
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)


class _RowChart(_PointableChart):
    """Rows the user can point at, click, or walk with the keyboard.

    Signals:
        activated(str): a row was clicked or chosen with Enter / Space; its key.
    """

    activated = Signal(str)

    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row_height = row_height
        self.header_height = 0
        self._keys: list[str] = []
        self._hover = -1
        self._focus_row = 0

    def row_at(self, y: float) -> int:
        if y < self.header_height:
            return -1
        row = int((y - self.header_height) // self.row_height)
        return row if 0 <= row < len(self._keys) else -1

    def row_rect(self, row: int) -> QRect:
        return QRect(0, self.header_height + row * self.row_height, self.width(), self.row_height)

    def describe(self, row: int) -> str:
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row != self._hover:
            self._hover = row
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if row >= 0 else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = -1
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and row >= 0:
            self._focus_row = row
            self.update()
            self.activated.emit(self._keys[row])

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        self._keyboard = True
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._keys:
            step = -1 if key == Qt.Key.Key_Up else 1
            self._focus_row = max(0, min(len(self._keys) - 1, self._focus_row + step))
            self.setAccessibleDescription(self.describe(self._focus_row))
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space) and self._keys:
            self.activated.emit(self._keys[min(self._focus_row, len(self._keys) - 1)])
            return
        super().keyPressEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            row = self.row_at(e.pos().y())
            if row >= 0:
                QToolTip.showText(e.globalPos(), plain_tooltip(self.describe(row)), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)

    def _paint_row_state(self, painter: QPainter, row: int) -> None:
        pal = self.palette()
        rect = self.row_rect(row)
        if row == self._hover:
            painter.fillRect(
                rect,
                colours.mix(
                    pal.color(QPalette.ColorRole.Base),
                    pal.color(QPalette.ColorRole.Highlight),
                    0.10,
                ),
            )
        if self.hasFocus() and self._keyboard and row == self._focus_row:
            pen = QPen(pal.color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(QRectF(rect).adjusted(1, 1, -1, -1))


class GroupChart(_RowChart):
    """Completion and mean current vs target maturity per function or category.

    Columns: the group; completion (a bar and its percentage); current vs target on the 0–4
    scale (a bar to the mean current, a marker at the mean target); the at-target rate.
    """

    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(row_height, parent)
        self.rows: list[GroupRow] = []
        fm = self.fontMetrics()
        self.header_height = fm.height() + 10
        self.captions = (
            self.tr("Complete"),
            self.tr("Current ▬ vs target ▲ (mean, 0–4)"),
            self.tr("At target"),
        )

    def set_rows(self, rows: Sequence[GroupRow]) -> None:
        self.rows = list(rows)
        self._keys = [r.key for r in self.rows]
        self.setFixedHeight(self.header_height + len(self.rows) * self.row_height + 4)
        self.setAccessibleDescription("; ".join(r.describe for r in self.rows))
        self.update()

    def describe(self, row: int) -> str:
        return self.rows[row].describe

    def sizeHint(self) -> QSize:
        return QSize(620, self.header_height + len(self.rows) * self.row_height + 4)

    def _columns(self) -> tuple[int, int, int, int, int]:
        fm = self.fontMetrics()
        w = self.width()
        pct_w = fm.horizontalAdvance("100%") + 12
        complete_w = 56 + pct_w
        at_w = fm.horizontalAdvance(self.captions[2]) + 12
        # the label gives way first, so the values and what they rest on stay readable
        spare = w - complete_w - 14 - at_w - self._values_width() - 100
        label_w = max(150, min(int(w * 0.42), fm.horizontalAdvance("M") * 30, spare))
        track_x = label_w + complete_w + 14
        track_w = max(80, w - track_x - at_w - self._values_width())
        return label_w, complete_w, track_x, track_w, at_w

    def _values_width(self) -> int:
        """Room right of the track for "2.8 / 3.0 · 9 of 19 rated"."""
        fm = self.fontMetrics()
        widest = max((fm.horizontalAdvance(self._values(r)) for r in self.rows), default=60)
        return min(widest + 12, max(78, self.width() // 3))

    def _values(self, row: GroupRow) -> str:
        values = (
            f"{row.current_text} / {row.target_text}"
            if row.current is not None
            else self.tr("not rated")
        )
        return f"{values} · {row.rated_text}" if row.rated_text else values

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        faint = colours.mix(base, text, 0.10)
        grid = colours.mix(base, text, 0.22)
        muted = colours.mix(base, text, 0.62)
        fm = self.fontMetrics()
        label_w, complete_w, track_x, track_w, at_w = self._columns()
        small = _font(self.font(), 0.9)
        # header
        painter.setFont(small)
        painter.setPen(muted)
        hh = self.header_height
        painter.drawText(
            QRect(label_w, 0, complete_w, hh), Qt.AlignmentFlag.AlignVCenter, self.captions[0]
        )
        room = self.width() - at_w - track_x - 4
        caption = QFontMetrics(small).elidedText(
            self.captions[1], Qt.TextElideMode.ElideRight, room
        )
        painter.drawText(QRect(track_x, 0, room, hh), Qt.AlignmentFlag.AlignVCenter, caption)
        painter.drawText(
            QRect(self.width() - at_w, 0, at_w - 4, hh),
            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
            self.captions[2],
        )
        for level in range(SCALE_MAX + 1):
            x = track_x + track_w * level / SCALE_MAX
            painter.setPen(
                QPen(
                    grid, 1, Qt.PenStyle.DotLine if 0 < level < SCALE_MAX else Qt.PenStyle.SolidLine
                )
            )
            painter.drawLine(QPointF(x, hh - 2), QPointF(x, hh + len(self.rows) * self.row_height))
        painter.setFont(self.font())
        for i, row in enumerate(self.rows):
            rect = self.row_rect(i)
            self._paint_row_state(painter, i)
            cy = rect.center().y()
            bold = _font(self.font(), 1.0, row.heading)
            painter.setFont(bold)
            painter.setPen(text)
            label = QFontMetrics(bold).elidedText(
                row.label, Qt.TextElideMode.ElideRight, label_w - 10
            )
            painter.drawText(
                QRect(6, rect.y(), label_w - 8, rect.height()), Qt.AlignmentFlag.AlignVCenter, label
            )
            painter.setFont(self.font())
            # completion
            bar = QRectF(label_w, cy - 4, 50, 8)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint)
            painter.drawRoundedRect(bar, 4, 4)
            if row.completion:
                painter.setBrush(colours.good_colour(pal))
                painter.drawRoundedRect(
                    QRectF(bar.x(), bar.y(), bar.width() * row.completion, bar.height()), 4, 4
                )
            painter.setPen(text)
            painter.drawText(
                QRect(label_w + 56, rect.y(), complete_w - 56, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                row.completion_text,
            )
            # current vs target
            h = max(8, int(self.row_height * 0.42))
            track = QRectF(track_x, cy - h / 2, track_w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint)
            painter.drawRect(track)
            if row.current is not None:
                bar_rect = QRectF(track.x(), track.y(), track_w * row.current / SCALE_MAX, h)
                if row.provisional:
                    # too few items rated: an outline, not a firm bar
                    painter.setPen(QPen(accent, 1.5, Qt.PenStyle.DashLine))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRect(bar_rect.adjusted(0.75, 0.75, -0.75, -0.75))
                    painter.setPen(Qt.PenStyle.NoPen)
                else:
                    painter.setBrush(accent)
                    painter.drawRect(bar_rect)
            if row.target is not None:
                tx = track_x + track_w * row.target / SCALE_MAX
                painter.setPen(QPen(text, 2))
                painter.drawLine(QPointF(tx, track.top() - 3), QPointF(tx, track.bottom() + 1))
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(text)
                painter.drawPolygon(
                    QPolygonF(
                        [
                            QPointF(tx, track.bottom() + 1),
                            QPointF(tx - 4, track.bottom() + 6),
                            QPointF(tx + 4, track.bottom() + 6),
                        ]
                    )
                )
            painter.setPen(text)
            vx = int(track_x + track_w + 8)
            room = max(0, self.width() - at_w - vx - 4)
            painter.drawText(
                QRect(vx, rect.y(), room, rect.height()),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(self._values(row), Qt.TextElideMode.ElideRight, room),
            )
            painter.drawText(
                QRect(self.width() - at_w, rect.y(), at_w - 4, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                row.at_target_text,
            )
        painter.end()


@dataclass(frozen=True)
class BarRow:
    key: str
    label: str
    value: float | None
    text: str
    describe: str


class CoverageChart(_RowChart):
    """A horizontal bar per trustworthiness characteristic: its at-target rate (0–100 %)."""

    def __init__(self, row_height: int, parent: QWidget | None = None) -> None:
        super().__init__(row_height, parent)
        self.rows: list[BarRow] = []

    def set_rows(self, rows: Sequence[BarRow]) -> None:
        self.rows = list(rows)
        self._keys = [r.key for r in self.rows]
        self.setFixedHeight(len(self.rows) * self.row_height + 4)
        self.setAccessibleDescription("; ".join(r.describe for r in self.rows))
        self.update()

    def describe(self, row: int) -> str:
        return self.rows[row].describe

    def sizeHint(self) -> QSize:
        return QSize(420, len(self.rows) * self.row_height + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        accent = pal.color(QPalette.ColorRole.Highlight)
        faint = colours.mix(base, text, 0.10)
        fm = self.fontMetrics()
        label_w = (
            min(int(self.width() * 0.5), max(fm.horizontalAdvance(r.label) for r in self.rows) + 16)
            if self.rows
            else 0
        )
        pct_w = fm.horizontalAdvance("100%") + 10
        bar_w = max(40, self.width() - label_w - pct_w - 8)
        for i, row in enumerate(self.rows):
            rect = self.row_rect(i)
            self._paint_row_state(painter, i)
            painter.setPen(text)
            label = fm.elidedText(row.label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(
                QRect(6, rect.y(), label_w - 8, rect.height()), Qt.AlignmentFlag.AlignVCenter, label
            )
            h = max(8, int(self.row_height * 0.45))
            bar = QRectF(label_w, rect.center().y() - h / 2, bar_w, h)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(faint)
            painter.drawRect(bar)
            if row.value:
                painter.setBrush(accent)
                painter.drawRect(QRectF(bar.x(), bar.y(), bar_w * row.value, h))
            painter.setPen(text)
            painter.drawText(
                QRect(label_w + bar_w, rect.y(), pct_w, rect.height()),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                row.text,
            )
        painter.end()


class HeatMap(_PointableChart):
    """A 5 × 5 likelihood × impact grid: the number of risks in each cell, band colors, and a
    heavy outline around the cells at or above the risk tolerance.

    Signals:
        cellActivated(int, int): a cell was clicked or chosen (likelihood, impact).
    """

    cellActivated = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.counts = [[0] * 5 for _ in range(5)]
        self.bands: list[list[tuple[str, bool]]] = [[("", False)] * 5 for _ in range(5)]
        self.band_colours: dict[str, QColor] = {}
        self.likelihood_names: list[str] = [""] * 5
        self.impact_names: list[str] = [""] * 5
        self.cell_tips: list[list[str]] = [[""] * 5 for _ in range(5)]
        self.selected: tuple[int, int] | None = None
        self._focus = (3, 3)
        self._hover: tuple[int, int] | None = None
        self.axis_titles = (self.tr("Likelihood"), self.tr("Impact"))
        self.setFixedHeight(self._height())

    def set_data(
        self,
        counts: list[list[int]],
        bands: list[list[tuple[str, bool]]],
        band_colours: dict[str, QColor],
        likelihood_names: list[str],
        impact_names: list[str],
        cell_tips: list[list[str]],
        describe: str,
    ) -> None:
        self.counts = counts
        self.bands = bands
        self.band_colours = band_colours
        self.likelihood_names = likelihood_names
        self.impact_names = impact_names
        self.cell_tips = cell_tips
        self.setAccessibleDescription(describe)
        self.update()

    def count(self, likelihood: int, impact: int) -> int:
        return self.counts[likelihood - 1][impact - 1]

    # -- geometry ------------------------------------------------------------------------------
    def _small(self) -> QFont:
        return _font(self.font(), 0.85)

    def _height(self) -> int:
        fm = self.fontMetrics()
        return 5 * self._cell_h() + 2 * QFontMetrics(self._small()).height() + fm.height() + 18

    def _cell_h(self) -> int:
        return max(34, self.fontMetrics().height() * 2 + 8)

    def _left(self) -> int:
        fm = QFontMetrics(self._small())
        names = max((fm.horizontalAdvance(n) for n in self.likelihood_names), default=40)
        return max(70, names + fm.height() + 22)

    def _grid(self) -> QRect:
        left = self._left()
        cell_w = max(40, min(92, (self.width() - left - 8) // 5))
        return QRect(left, 4, cell_w * 5, self._cell_h() * 5)

    def cell_rect(self, likelihood: int, impact: int) -> QRect:
        g = self._grid()
        w, h = g.width() // 5, g.height() // 5
        return QRect(g.x() + (impact - 1) * w, g.y() + (5 - likelihood) * h, w, h)

    def cell_at(self, x: float, y: float) -> tuple[int, int] | None:
        g = self._grid()
        if not g.contains(int(x), int(y)):
            return None
        w, h = g.width() / 5, g.height() / 5
        impact = int((x - g.x()) // w) + 1
        likelihood = 5 - int((y - g.y()) // h)
        if 1 <= impact <= 5 and 1 <= likelihood <= 5:
            return likelihood, impact
        return None

    def sizeHint(self) -> QSize:
        return QSize(self._left() + 5 * 64 + 8, self._height())

    # -- painting ------------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        base = pal.color(QPalette.ColorRole.Base)
        edge = colours.mix(base, text, 0.35)
        big = _font(self.font(), 1.35, True)
        small = self._small()
        g = self._grid()
        for lk in range(1, 6):
            for im in range(1, 6):
                rect = self.cell_rect(lk, im)
                band, _above = self.bands[lk - 1][im - 1]
                fill = self.band_colours.get(band, base)
                if colours.dark_palette(pal):  # a little softer on a dark window
                    fill = colours.mix(fill, base, 0.15)
                if self._hover == (lk, im):
                    fill = colours.mix(
                        fill,
                        QColor("#ffffff") if colours.lightness(fill) < 0.5 else QColor("#000000"),
                        0.12,
                    )
                painter.fillRect(rect, fill)
                ink = colours.ink_on(fill)
                painter.setPen(QPen(edge, 1))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(rect)
                painter.setFont(small)
                faded = QColor(ink)
                faded.setAlphaF(0.55)
                painter.setPen(faded)
                painter.drawText(
                    rect.adjusted(4, 2, -4, -2),
                    Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft,
                    str(lk * im),
                )
                n = self.counts[lk - 1][im - 1]
                if n:
                    painter.setFont(big)
                    painter.setPen(ink)
                    painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(n))
        # the tolerance: a heavy outline on the edges between cells at or above it and the rest
        painter.setPen(QPen(text, 3, Qt.PenStyle.SolidLine, Qt.PenCapStyle.SquareCap))
        for lk in range(1, 6):
            for im in range(1, 6):
                if not self.bands[lk - 1][im - 1][1]:
                    continue
                r = self.cell_rect(lk, im)

                def above(a: int, b: int) -> bool:
                    return 1 <= a <= 5 and 1 <= b <= 5 and self.bands[a - 1][b - 1][1]

                if not above(lk + 1, im):
                    painter.drawLine(r.topLeft(), r.topRight())
                if not above(lk - 1, im):
                    painter.drawLine(r.bottomLeft(), r.bottomRight())
                if not above(lk, im - 1):
                    painter.drawLine(r.topLeft(), r.bottomLeft())
                if not above(lk, im + 1):
                    painter.drawLine(r.topRight(), r.bottomRight())
        # the selected cell (the register's filter) and the keyboard focus
        accent = pal.color(QPalette.ColorRole.Highlight)
        if self.selected is not None:
            painter.setPen(QPen(accent, 3))
            painter.drawRect(QRectF(self.cell_rect(*self.selected)).adjusted(3, 3, -3, -3))
        if self.hasFocus() and self._keyboard:
            painter.setPen(QPen(accent, 1.5, Qt.PenStyle.DashLine))
            painter.drawRect(QRectF(self.cell_rect(*self._focus)).adjusted(6, 6, -6, -6))
        # axes
        sfm = QFontMetrics(small)
        painter.setFont(small)
        painter.setPen(text)
        for lk in range(1, 6):
            r = self.cell_rect(lk, 1)
            label_rect = QRect(sfm.height() + 6, r.y(), g.x() - sfm.height() - 12, r.height())
            painter.drawText(
                label_rect,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{lk} {self.likelihood_names[lk - 1]}",
            )
        for im in range(1, 6):
            r = self.cell_rect(1, im)
            painter.drawText(
                QRect(r.x(), g.bottom() + 4, r.width(), sfm.height()),
                Qt.AlignmentFlag.AlignHCenter,
                str(im),
            )
            name = sfm.elidedText(
                self.impact_names[im - 1], Qt.TextElideMode.ElideRight, r.width() - 2
            )
            painter.drawText(
                QRect(r.x(), g.bottom() + 4 + sfm.height(), r.width(), sfm.height()),
                Qt.AlignmentFlag.AlignHCenter,
                name,
            )
        bold_small = _font(small, 1.0, True)
        painter.setFont(bold_small)
        painter.drawText(
            QRect(g.x(), g.bottom() + 6 + 2 * sfm.height(), g.width(), sfm.height() + 4),
            Qt.AlignmentFlag.AlignHCenter,
            self.axis_titles[1] + " →",
        )
        painter.save()
        painter.translate(sfm.height(), g.center().y())
        painter.rotate(-90)
        painter.drawText(
            QRect(-g.height() // 2, -sfm.height(), g.height(), sfm.height() + 4),
            Qt.AlignmentFlag.AlignHCenter,
            self.axis_titles[0] + " →",
        )
        painter.restore()
        painter.end()

    # -- interaction ---------------------------------------------------------------------------
    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().x(), event.position().y())
        if cell != self._hover:
            self._hover = cell
            self.setCursor(
                Qt.CursorShape.PointingHandCursor if cell else Qt.CursorShape.ArrowCursor
            )
            self.update()

    def leaveEvent(self, event: QEvent) -> None:
        self._hover = None
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position().x(), event.position().y())
        if event.button() == Qt.MouseButton.LeftButton and cell is not None:
            self._focus = cell
            self.cellActivated.emit(*cell)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self._keyboard = True
        lk, im = self._focus
        moves = {
            Qt.Key.Key_Up: (1, 0),
            Qt.Key.Key_Down: (-1, 0),
            Qt.Key.Key_Left: (0, -1),
            Qt.Key.Key_Right: (0, 1),
        }
        key = Qt.Key(event.key())
        if key in moves:
            dl, di = moves[key]
            self._focus = (max(1, min(5, lk + dl)), max(1, min(5, im + di)))
            self.setAccessibleDescription(self.cell_tips[self._focus[0] - 1][self._focus[1] - 1])
            self.update()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.cellActivated.emit(*self._focus)
            return
        super().keyPressEvent(event)

    def event(self, e: QEvent) -> bool:
        if e.type() == QEvent.Type.ToolTip and isinstance(e, QHelpEvent):
            cell = self.cell_at(e.pos().x(), e.pos().y())
            if cell is not None:
                tip = self.cell_tips[cell[0] - 1][cell[1] - 1]
                QToolTip.showText(e.globalPos(), plain_tooltip(tip), self)
            else:
                QToolTip.hideText()
            return True
        return super().event(e)


class Legend(QWidget):
    """The band swatches on one line, the tolerance outline on the next."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: list[tuple[str, QColor]] = []
        self.tolerance_text = ""
        line = QFontMetrics(_font(self.font(), 0.85)).height() + 6
        self.setFixedHeight(2 * line + 2)

    def set_entries(self, entries: list[tuple[str, QColor]], tolerance_text: str) -> None:
        self.entries = entries
        self.tolerance_text = tolerance_text
        self.setAccessibleDescription(", ".join(t for t, _c in entries) + ". " + tolerance_text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        small = _font(self.font(), 0.85)
        painter.setFont(small)
        fm = QFontMetrics(small)
        text = self.palette().color(QPalette.ColorRole.Text)
        line = fm.height() + 6
        x = 2
        for label, colour in self.entries:
            painter.setPen(QPen(colours.mix(colour, text, 0.4), 1))
            painter.setBrush(colour)
            painter.drawRect(QRect(x, line // 2 - 5, 10, 10))
            painter.setPen(text)
            width = fm.horizontalAdvance(label)
            painter.drawText(
                QRect(x + 14, 0, width + 4, line), Qt.AlignmentFlag.AlignVCenter, label
            )
            x += 14 + width + 16
        y = line + line // 2
        painter.setPen(QPen(text, 3))
        painter.drawLine(2, y, 20, y)
        painter.drawText(
            QRect(26, line, self.width() - 26, line),
            Qt.AlignmentFlag.AlignVCenter,
            self.tolerance_text,
        )
        painter.end()
