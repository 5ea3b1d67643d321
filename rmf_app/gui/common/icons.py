"""Progress and toolbar icons, painted on demand so they stay sharp at any scale and follow the
palette."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QIcon,
    QIconEngine,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication

#: leaf states (the icon of a subcategory)
NOT_ASSESSED, ANSWERED, NOT_APPLICABLE, INHERITED, OUT_OF_SCOPE = (
    "not_assessed",
    "answered",
    "not_applicable",
    "inherited",
    "out_of_scope",
)


_PIXMAPS: dict[tuple[object, ...], QPixmap] = {}


class _PaintedEngine(QIconEngine):
    """An icon drawn by :meth:`_render` from its constructor's arguments, painted once per
    size, scale, mode and palette (views ask for it on every paint)."""

    def __init__(self, *args: object) -> None:
        super().__init__()
        self._args = args

    def clone(self) -> QIconEngine:
        return type(self)(*self._args)

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        key = (
            type(self),
            self._args,
            size.width(),
            size.height(),
            int(mode.value),
            scale,
            QApplication.palette().cacheKey(),
        )
        cached = _PIXMAPS.get(key)
        if cached is None:
            cached = QPixmap(size * scale)
            cached.setDevicePixelRatio(scale)
            cached.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cached)
            self._render(painter, QRect(0, 0, size.width(), size.height()), mode)
            painter.end()
            _PIXMAPS[key] = cached
        return cached

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        device = painter.device()
        scale = device.devicePixelRatioF() if device is not None else 1.0
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def _render(self, painter: QPainter, rect: QRect, mode: QIcon.Mode) -> None:
        raise NotImplementedError


class _ProgressEngine(_PaintedEngine):
    """A circle: filled in proportion to ``fraction`` (a pie), or marked by ``state``."""

    def __init__(self, fraction: float | None, state: str | None) -> None:
        super().__init__(fraction, state)
        self.fraction = fraction
        self.state = state

    def _render(self, painter: QPainter, rect: QRect, mode: QIcon.Mode) -> None:
        pal = QApplication.palette()
        group = (
            QPalette.ColorGroup.Disabled
            if mode == QIcon.Mode.Disabled or self.state == OUT_OF_SCOPE
            else QPalette.ColorGroup.Active
        )
        ink = pal.color(group, QPalette.ColorRole.Text)
        fill = pal.color(group, QPalette.ColorRole.Highlight)
        if mode == QIcon.Mode.Selected:
            ink = fill = pal.color(group, QPalette.ColorRole.HighlightedText)
        side = min(rect.width(), rect.height())
        pen_w = max(1.0, side / 12)
        r = QRectF(rect.x(), rect.y(), side, side).adjusted(
            side * 0.15, side * 0.15, -side * 0.15, -side * 0.15
        )
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self.state == OUT_OF_SCOPE:
            pen = QPen(ink, pen_w, Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(r)
        elif self.state == NOT_APPLICABLE:
            painter.setPen(QPen(ink, pen_w))
            painter.drawEllipse(r)
            c = r.center()
            painter.drawLine(
                QPointF(r.left() + pen_w * 2, c.y()), QPointF(r.right() - pen_w * 2, c.y())
            )
        else:
            fraction = 1.0 if self.state in (ANSWERED, INHERITED) else (self.fraction or 0.0)
            painter.setPen(QPen(ink, pen_w))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(r)
            if fraction > 0:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                inner = r.adjusted(pen_w, pen_w, -pen_w, -pen_w)
                if fraction >= 1:
                    painter.drawEllipse(inner)
                else:
                    painter.drawPie(inner, 90 * 16, -int(360 * 16 * fraction))
            if self.state == INHERITED:
                painter.setPen(QPen(pal.color(group, QPalette.ColorRole.Base), pen_w))
                c = r.center()
                painter.drawLine(
                    QPointF(c.x(), r.top() + pen_w * 2), QPointF(c.x(), r.bottom() - pen_w * 2)
                )
        painter.restore()


@cache
def leaf_icon(state: str) -> QIcon:
    return QIcon(_ProgressEngine(None, state))


@cache
def _pie_icon(eighths: int) -> QIcon:
    return QIcon(_ProgressEngine(eighths / 8, None))


def progress_icon(done: int, total: int) -> QIcon:
    """A pie filled to done/total, in eighths (never full until everything is done)."""
    if total <= 0:
        return leaf_icon(OUT_OF_SCOPE)
    eighths = 8 if done >= total else min(7, round(8 * done / total))
    if done > 0 and eighths == 0:
        eighths = 1
    return _pie_icon(eighths)


#: the toolbar's glyphs, drawn on a 24 x 24 grid as (kind, points) strokes: "line" joins its
#: points, "arc" is (x, y, w, h, start, sweep) of an ellipse's arc from the last point, in
#: degrees anticlockwise from three o'clock (QPainterPath.arcTo); "mirror" glyphs are their
#: partner's drawn right to left
_GLYPHS: dict[str, tuple[tuple[str, tuple[float, ...]], ...]] = {
    # a page with its corner folded
    "new": (
        ("line", (6, 3, 14, 3, 19, 8, 19, 21, 6, 21, 6, 3)),
        ("line", (14, 3, 14, 8, 19, 8)),
    ),
    # a folder
    "open": (("line", (3, 6, 9, 6, 11, 8, 21, 8, 21, 19, 3, 19, 3, 6)), ("line", (3, 11, 21, 11))),
    # an arrow leaving a tray
    "export": (
        ("line", (4, 14, 4, 20, 20, 20, 20, 14)),
        ("line", (12, 15, 12, 4)),
        ("line", (8, 8, 12, 4, 16, 8)),
    ),
    # an arrow turning back
    "undo": (
        ("line", (9, 4, 5, 8, 9, 12)),
        ("line", (5, 8, 14, 8)),
        ("arc", (9, 8, 10, 10, 90, -180)),
        ("line", (14, 18, 8, 18)),
    ),
    # two chevrons
    "previous": (("line", (12, 6, 6, 12, 12, 18)), ("line", (18, 6, 12, 12, 18, 18))),
}
_MIRRORED = {"redo": "undo", "next": "previous"}
#: the glyphs :func:`toolbar_icon` draws
GLYPHS = (*_GLYPHS, *_MIRRORED)


class _GlyphEngine(_PaintedEngine):
    """One of :data:`GLYPHS`, stroked in the palette's text color (grayed when disabled)."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name

    def _render(self, painter: QPainter, rect: QRect, mode: QIcon.Mode) -> None:
        side = min(rect.width(), rect.height())
        disabled = mode == QIcon.Mode.Disabled
        group = QPalette.ColorGroup.Disabled if disabled else QPalette.ColorGroup.Active
        ink = QApplication.palette().color(group, QPalette.ColorRole.WindowText)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        unit = side / 24
        painter.scale(unit, unit)
        name = self.name
        if name in _MIRRORED:
            name = _MIRRORED[name]
            painter.translate(24, 0)
            painter.scale(-1, 1)
        pen = QPen(ink, max(1.0, side / 14) / unit)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        path = QPainterPath()
        for kind, values in _GLYPHS[name]:
            if kind == "arc":
                path.arcTo(QRectF(*values[:4]), values[4], values[5])
                continue
            path.moveTo(values[0], values[1])
            for i in range(2, len(values), 2):
                path.lineTo(values[i], values[i + 1])
        painter.drawPath(path)


@cache
def toolbar_icon(name: str) -> QIcon:
    """The toolbar's icon ``name`` (one of :data:`GLYPHS`)."""
    if name not in GLYPHS:
        raise ValueError(f"no toolbar icon {name!r}")
    return QIcon(_GlyphEngine(name))
