"""The report's charts, drawn with reportlab.graphics from the scoring result.

Every chart is labeled and readable in grayscale: current and target differ in lightness and
outline, risk bands run from light to dark, and the tolerance is a heavy outline, not a color.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Polygon, Rect, String
from reportlab.lib import colors

from ..domain.assessment import RiskBands
from ..domain.labels import IMPACT_SCALE, LIKELIHOOD_SCALE
from ..domain.scoring import PROVISIONAL_BELOW, CharacteristicCoverage, GroupScore
from . import text as T
from .fonts import SANS, SANS_BOLD
from .styles import (
    ACCENT,
    ACCENT_LIGHT,
    INK,
    MIN_TYPE,
    MUTED,
    RULE,
    band_fill,
    grey_value,
    is_dark,
)

MAX_LEVEL = 4


def _s(
    x: float,
    y: float,
    txt: str,
    size: float = 7,
    *,
    anchor: str = "start",
    bold: bool = False,
    color: colors.Color = INK,
) -> String:
    return String(
        x,
        y,
        txt,
        fontName=SANS_BOLD if bold else SANS,
        fontSize=size,
        fillColor=color,
        textAnchor=anchor,
    )


def _drawing(width: float, height: float) -> Drawing:
    """A drawing whose initial font is ours (the default would add a non-embedded Helvetica)."""
    d = Drawing(width, height)
    d.initialFontName = SANS
    d.initialFontSize = 7
    return d


def _fmt(v: float | None) -> str:
    return T.NONE if v is None else f"{v:.1f}"


#: a mean as the charts print it (the HTML report's chart tables use the same)
fmt_mean = _fmt


def _legend(d: Drawing, x: float, y: float, provisional: bool = False) -> None:
    """Current / target legend, left to right from (x, y); the provisional outline when a group
    is drawn so."""
    d.add(Rect(x, y, 9, 7, fillColor=ACCENT, strokeColor=ACCENT, strokeWidth=0.6))
    d.add(_s(x + 13, y + 0.8, T.CH_MEAN_CURRENT))
    x2 = x + 110
    d.add(Rect(x2, y, 9, 7, fillColor=ACCENT_LIGHT, strokeColor=ACCENT, strokeWidth=0.6))
    d.add(_s(x2 + 13, y + 0.8, T.CH_MEAN_TARGET))
    if provisional:
        x3 = x2 + 100
        d.add(_bar(x3, y, 9, 7, ACCENT, provisional=True))
        d.add(_s(x3 + 13, y + 0.8, T.CH_PROVISIONAL_LEGEND.format(pct=_threshold())))


def _threshold() -> int:
    return round(PROVISIONAL_BELOW * 100)


def _bar(x: float, y: float, w: float, h: float, fill: colors.Color, *, provisional: bool) -> Rect:
    """A bar. A provisional one has a dashed outline, and the current mean (``ACCENT``) loses its
    solid fill, so it cannot be read as firm; the target keeps its light fill to tell them apart."""
    if provisional:
        return Rect(
            x,
            y,
            w,
            h,
            fillColor=colors.white if fill == ACCENT else fill,
            strokeColor=ACCENT,
            strokeWidth=0.9,
            strokeDashArray=[2, 1.5],
        )
    return Rect(x, y, w, h, fillColor=fill, strokeColor=ACCENT, strokeWidth=0.6)


def rated_text(g: GroupScore) -> str:
    """What a group's means rest on: "n rated of m" (m: its applicable items)."""
    return T.CH_RATED.format(n=g.rated, m=g.applicable)


def function_bars(functions: Sequence[GroupScore], width: float) -> Drawing:
    """Grouped vertical bars: mean current and mean target per function, at-target rate below."""
    h = 200.0
    d = _drawing(width, h)
    x0, x1, y0, y1 = 42.0, width - 8, 48.0, h - 26
    _legend(d, x0, h - 12, any(fn.provisional for fn in functions))
    scale = (y1 - y0) / MAX_LEVEL
    for lvl in range(MAX_LEVEL + 1):
        y = y0 + lvl * scale
        d.add(Line(x0, y, x1, y, strokeColor=RULE if lvl else MUTED, strokeWidth=0.5))
        d.add(_s(x0 - 5, y - 2.5, str(lvl), anchor="end", color=MUTED))
    axis = _s(0, 0, T.CH_AXIS_MATURITY, color=MUTED, anchor="middle")
    g = Group(axis)
    g.translate(12, (y0 + y1) / 2)
    g.rotate(90)
    d.add(g)
    slot = (x1 - x0) / max(len(functions), 1)
    bar = min(34.0, slot / 4)
    for i, fn in enumerate(functions):
        cx = x0 + slot * (i + 0.5)
        for j, (value, fill) in enumerate(
            ((fn.mean_current, ACCENT), (fn.mean_target, ACCENT_LIGHT))
        ):
            bx = cx - bar - 2 + j * (bar + 4)
            if value is not None and value > 0:
                d.add(_bar(bx, y0, bar, value * scale, fill, provisional=fn.provisional))
            top = y0 + (value or 0) * scale
            d.add(_s(bx + bar / 2, top + 3, _fmt(value), anchor="middle", bold=j == 0))
        d.add(_s(cx, y0 - 12, fn.id, anchor="middle", bold=True))
        d.add(
            _s(
                cx,
                y0 - 22,
                f"{fn.at_target.percent()} {T.TH_AT_TARGET.lower()}",
                anchor="middle",
                color=MUTED,
            )
        )
        rests_on = rated_text(fn)
        if fn.provisional:
            rests_on += " " + T.CH_PROVISIONAL_MARK
        d.add(_s(cx, y0 - 32, rests_on, anchor="middle", color=MUTED))
    return d


def category_bars(categories: Sequence[GroupScore], width: float) -> Drawing:
    """Horizontal bars per category, in framework order from the top."""
    row = 16.5
    top_pad, bottom_pad = 22.0, 22.0
    h = top_pad + bottom_pad + row * len(categories)
    d = _drawing(width, h)
    x0, x1 = 74.0, width - 96
    y_top = h - top_pad
    scale = (x1 - x0) / MAX_LEVEL
    _legend(d, x0, h - 12, any(c.provisional for c in categories))
    y_bottom = y_top - row * len(categories)
    for lvl in range(MAX_LEVEL + 1):
        x = x0 + lvl * scale
        d.add(Line(x, y_bottom, x, y_top, strokeColor=RULE if lvl else MUTED, strokeWidth=0.5))
        d.add(_s(x, y_bottom - 10, str(lvl), anchor="middle", color=MUTED))
    d.add(_s((x0 + x1) / 2, y_bottom - 20, T.CH_AXIS_MATURITY, anchor="middle", color=MUTED))
    thick = 5.6
    rated_x, at_x = x1 + 50, x1 + 94
    for i, cat in enumerate(categories):
        yc = y_top - row * (i + 0.5)
        if i and cat.id.split()[0] != categories[i - 1].id.split()[0]:
            # a rule between functions, across the labels and the bars
            d.add(Line(4, yc + row / 2, at_x, yc + row / 2, strokeColor=MUTED, strokeWidth=0.5))
        d.add(_s(x0 - 6, yc - 2.5, cat.id, anchor="end"))
        if cat.in_scope:
            d.add(_s(rated_x, yc - 2.5, f"{cat.rated}/{cat.applicable}", anchor="end", color=MUTED))
        if cat.in_scope == 0 or cat.mean_current is None:
            note = T.CH_OUT_OF_SCOPE if cat.in_scope == 0 else T.CH_NOT_RATED
            d.add(_s(x0 + 4, yc - 2.5, note, color=MUTED))
            if cat.in_scope:
                d.add(_s(at_x, yc - 2.5, cat.at_target.percent(), anchor="end", color=MUTED))
            continue
        for j, (value, fill) in enumerate(
            ((cat.mean_current, ACCENT), (cat.mean_target, ACCENT_LIGHT))
        ):
            by = yc + 0.5 if j == 0 else yc - thick - 0.5
            v = value or 0.0
            if v > 0:
                d.add(_bar(x0, by, v * scale, thick, fill, provisional=cat.provisional))
            d.add(_s(x0 + v * scale + 3, by + 0.6, _fmt(value), size=MIN_TYPE, bold=j == 0))
        d.add(_s(at_x, yc - 2.5, cat.at_target.percent(), anchor="end", color=MUTED))
    d.add(_s(rated_x, h - 11.2, T.CH_RATED_HEAD, anchor="end", color=MUTED))
    d.add(_s(at_x, h - 11.2, T.TH_AT_TARGET, anchor="end", color=MUTED))
    return d


def radar(coverage: Sequence[CharacteristicCoverage], width: float) -> Drawing:
    """Radar of the at-target rate per trustworthiness characteristic (0 to 100%)."""
    h = 236.0
    d = _drawing(width, h)
    cx, cy, r = width / 2, h / 2 - 4, 84.0
    n = len(coverage)

    def pt(i: int, frac: float) -> tuple[float, float]:
        a = math.pi / 2 - 2 * math.pi * i / n
        return cx + r * frac * math.cos(a), cy + r * frac * math.sin(a)

    for ring in (0.25, 0.5, 0.75, 1.0):
        pts: list[float] = []
        for i in range(n):
            pts.extend(pt(i, ring))
        d.add(
            Polygon(
                pts,
                fillColor=None,
                strokeColor=MUTED if ring == 1.0 else RULE,
                strokeWidth=0.7 if ring == 1.0 else 0.45,
            )
        )
        # ring labels sit halfway between the first two spokes, clear of the axis labels
        a = math.pi / 2 - math.pi / n
        lx, ly = cx + r * ring * math.cos(a), cy + r * ring * math.sin(a)
        d.add(_s(lx + 2, ly - 2, f"{int(ring * 100)}%", size=MIN_TYPE, color=MUTED))
    for i in range(n):
        x, y = pt(i, 1.0)
        d.add(Line(cx, cy, x, y, strokeColor=RULE, strokeWidth=0.45))
    values = [c.at_target.rate for c in coverage]
    poly: list[float] = []
    for i, v in enumerate(values):
        poly.extend(pt(i, v or 0.0))
    d.add(
        Polygon(
            poly,
            fillColor=colors.Color(ACCENT.red, ACCENT.green, ACCENT.blue, alpha=0.22),
            strokeColor=ACCENT,
            strokeWidth=1.6,
        )
    )
    for i, v in enumerate(values):
        x, y = pt(i, v or 0.0)
        d.add(Circle(x, y, 2.2, fillColor=ACCENT, strokeColor=colors.white, strokeWidth=0.6))
    for i, c in enumerate(coverage):
        x, y = pt(i, 1.13)
        dx = x - cx
        anchor = "middle" if abs(dx) < 8 else ("start" if dx > 0 else "end")
        yo = 4 if y > cy + r * 0.9 else (-6 if y < cy - r * 0.9 else 0)
        d.add(_s(x, y + yo, c.characteristic, size=7, anchor=anchor, bold=True))
        d.add(_s(x, y + yo - 9, c.at_target.percent(), size=7, anchor=anchor, color=MUTED))
    return d


def heatmap(
    grid: Sequence[Sequence[int]],
    title: str,
    bands: RiskBands,
    tolerance: str,
    width: float,
) -> Drawing:
    """A 5 × 5 likelihood × impact grid: counts in cells, band fills, tolerance outlined."""
    cell = 33.0
    left, bottom = 62.0, 44.0
    h = bottom + 5 * cell + 24
    d = _drawing(width, h)
    d.add(_s(left + 2.5 * cell, h - 11, title, size=8.5, anchor="middle", bold=True))
    names = bands.names()
    tol_rank = bands.rank(tolerance)

    def above(lk: int, im: int) -> bool:
        return bands.rank(bands.band_for(lk * im)) >= tol_rank

    for lk in range(1, 6):
        for im in range(1, 6):
            x = left + (im - 1) * cell
            y = bottom + (lk - 1) * cell
            rank = names.index(bands.band_for(lk * im))
            fill = band_fill(rank, len(names))
            d.add(Rect(x, y, cell, cell, fillColor=fill, strokeColor=colors.white, strokeWidth=1))
            dark = is_dark(fill)
            d.add(
                _s(
                    x + cell - 2.5,
                    y + cell - 8,
                    str(lk * im),
                    size=MIN_TYPE,
                    anchor="end",
                    color=colors.white if grey_value(fill) < 0.65 else MUTED,
                )
            )
            n = grid[lk - 1][im - 1]
            if n:
                d.add(
                    _s(
                        x + cell / 2,
                        y + cell / 2 - 5,
                        str(n),
                        size=13,
                        anchor="middle",
                        bold=True,
                        color=colors.white if dark else INK,
                    )
                )
    # tolerance: a heavy outline around every cell at or above it
    for lk in range(1, 6):
        for im in range(1, 6):
            if not above(lk, im):
                continue
            x = left + (im - 1) * cell
            y = bottom + (lk - 1) * cell
            edges = (
                (lk == 1 or not above(lk - 1, im), (x, y, x + cell, y)),
                (lk == 5 or not above(lk + 1, im), (x, y + cell, x + cell, y + cell)),
                (im == 1 or not above(lk, im - 1), (x, y, x, y + cell)),
                (im == 5 or not above(lk, im + 1), (x + cell, y, x + cell, y + cell)),
            )
            for draw, (ax, ay, bx, by) in edges:
                if draw:
                    d.add(Line(ax, ay, bx, by, strokeColor=INK, strokeWidth=2.2, strokeLineCap=2))
    for k in range(1, 6):
        y = bottom + (k - 0.5) * cell
        d.add(_s(left - 4, y + 0.5, str(k), size=7, anchor="end", bold=True))
        d.add(_s(left - 4, y - 7.5, LIKELIHOOD_SCALE[k], size=MIN_TYPE, anchor="end", color=MUTED))
        x = left + (k - 0.5) * cell
        d.add(_s(x, bottom - 9, str(k), size=7, anchor="middle", bold=True))
        d.add(_s(x, bottom - 17, IMPACT_SCALE[k], size=MIN_TYPE, anchor="middle", color=MUTED))
    d.add(_s(left + 2.5 * cell, bottom - 30, T.CH_IMPACT + " →", size=7.5, anchor="middle"))
    g = Group(_s(0, 0, T.CH_LIKELIHOOD + " →", size=7.5, anchor="middle"))
    g.translate(9, bottom + 2.5 * cell)
    g.rotate(90)
    d.add(g)
    return d


def band_legend(bands: RiskBands, tolerance: str, width: float) -> Drawing:
    """Swatches of the risk bands and the tolerance outline, on one line."""
    d = _drawing(width, 30)
    names = bands.names()
    x = 0.0
    for rank, b in enumerate(bands.bands):
        fill = band_fill(rank, len(names))
        d.add(Rect(x, 17, 11, 9, fillColor=fill, strokeColor=MUTED, strokeWidth=0.4))
        label = f"{b.name} ({T.BAND_RANGE.format(lo=b.min_score, hi=b.max_score)})"
        d.add(_s(x + 15, 18.5, label, size=7))
        x += 16 + len(label) * 3.9 + 12
    d.add(Line(0, 6, 16, 6, strokeColor=INK, strokeWidth=2.2))
    d.add(_s(21, 3.5, T.CH_TOLERANCE.format(band=tolerance), size=7))
    return d
