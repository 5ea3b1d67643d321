"""Colors shared by the tables and the charts, chosen to read well in light and dark palettes.

Risk bands use the report's fills (light to dark, so they stay apart in grayscale); text on a
fill is black or white, whichever contrasts more. Everything else comes from the palette.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication

#: the report's risk band fills, lowest band first (rmf_app/report/styles.py)
BAND_FILLS = ("#E3EFDC", "#EBC04A", "#D9782F", "#9E2B22")


def band_colour(rank: int, count: int) -> QColor:
    """Fill of the band at ``rank`` (0 = lowest) of ``count`` bands."""
    if count == len(BAND_FILLS):
        return QColor(BAND_FILLS[rank])
    if count <= 1:
        return QColor(BAND_FILLS[-1])
    pos = rank * (len(BAND_FILLS) - 1) / (count - 1)
    lo = int(pos)
    hi = min(lo + 1, len(BAND_FILLS) - 1)
    a, b, t = QColor(BAND_FILLS[lo]), QColor(BAND_FILLS[hi]), pos - lo
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def lightness(colour: QColor) -> float:
    """Gray value of a color (0 black, 1 white)."""
    return 0.299 * colour.redF() + 0.587 * colour.greenF() + 0.114 * colour.blueF()


def ink_on(fill: QColor) -> QColor:
    """Black or white text, whichever reads better on ``fill``."""
    return QColor("#111111") if lightness(fill) > 0.5 else QColor("#FFFFFF")


def dark_palette(palette: QPalette | None = None) -> bool:
    pal = palette or QApplication.palette()
    return lightness(pal.color(QPalette.ColorRole.Base)) < 0.5


def warning_colour(palette: QPalette | None = None) -> QColor:
    """Text color for what needs attention (overdue actions, missing acceptance)."""
    return QColor("#FF8A80") if dark_palette(palette) else QColor("#B3261E")


def good_colour(palette: QPalette | None = None) -> QColor:
    """Text and mark color for what is in order (at target)."""
    return QColor("#81C995") if dark_palette(palette) else QColor("#1E7B34")


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved towards ``b`` by ``t`` (0..1)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


@cache
def swatch(colour: str, size: int = 12) -> QIcon:
    """A small square of one color with a thin dark edge (band markers in tables)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setPen(QColor(0, 0, 0, 110))
    painter.setBrush(QColor(colour))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pixmap)


@cache
def dot(colour: str, size: int = 12) -> QIcon:
    """A small filled circle of one color (open points, attention marks)."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(colour))
    painter.drawEllipse(2, 2, size - 4, size - 4)
    painter.end()
    return QIcon(pixmap)
