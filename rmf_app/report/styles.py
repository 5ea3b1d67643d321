"""Colors, paragraph and table styles of the report.

User text is only ever set in upright styles (regular or bold): the italic face of the main
font lacks some scripts (DejaVu Sans Oblique has no Arabic), so italic is for report text only.

The palette is chosen for grayscale print: every pair of colors that must be told apart
(current vs target, one risk band from the next) differs clearly in lightness, not only in hue.
"""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from .fonts import MONO, SANS, SANS_BOLD, SANS_ITALIC

PAGE = A4
MARGIN_X = 20 * mm
MARGIN_TOP = 24 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE[0] - 2 * MARGIN_X
#: the smallest type the report prints (points), chart labels included
MIN_TYPE = 6.5

INK = colors.HexColor("#1B2631")
MUTED = colors.HexColor("#5D6D7E")
ACCENT = colors.HexColor("#1F3A5F")
ACCENT_LIGHT = colors.HexColor("#C5D2E2")
RULE = colors.HexColor("#B8C2CC")
ZEBRA = colors.HexColor("#F3F5F8")
PANEL = colors.HexColor("#EEF2F6")
WARN = colors.HexColor("#8E1B12")
WHITE = colors.white
WATERMARK = colors.Color(0.55, 0.58, 0.62, alpha=0.16)

#: risk band fills from lowest to highest: light to dark, so they stay apart in greyscale
BAND_FILLS = (
    colors.HexColor("#E3EFDC"),  # grey value about 0.92
    colors.HexColor("#EBC04A"),  # 0.75
    colors.HexColor("#D9782F"),  # 0.55
    colors.HexColor("#9E2B22"),  # 0.30
)


def band_fill(rank: int, count: int) -> colors.Color:
    """Fill color of the band at ``rank`` (0 = lowest) of ``count`` bands."""
    if count == len(BAND_FILLS):
        return BAND_FILLS[rank]
    if count <= 1:
        return BAND_FILLS[-1]
    pos = rank * (len(BAND_FILLS) - 1) / (count - 1)
    lo = int(pos)
    hi = min(lo + 1, len(BAND_FILLS) - 1)
    return colors.linearlyInterpolatedColor(BAND_FILLS[lo], BAND_FILLS[hi], 0, 1, pos - lo)


def grey_value(c: colors.Color) -> float:
    """Lightness of a color as grayscale print shows it (0 black, 1 white)."""
    return float(0.299 * c.red + 0.587 * c.green + 0.114 * c.blue)


def is_dark(c: colors.Color) -> bool:
    return grey_value(c) < 0.5


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    body_small: ParagraphStyle
    muted: ParagraphStyle
    note: ParagraphStyle
    guidance: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    h4: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_right: ParagraphStyle
    cell_center: ParagraphStyle
    cell_head: ParagraphStyle
    cell_head_right: ParagraphStyle
    mono: ParagraphStyle
    mono_small: ParagraphStyle
    cover_kicker: ParagraphStyle
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_note: ParagraphStyle
    toc0: ParagraphStyle
    toc1: ParagraphStyle
    toc2: ParagraphStyle
    header: ParagraphStyle
    callout: ParagraphStyle
    warn: ParagraphStyle


def make_styles() -> Styles:
    base = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=9,
        leading=12.6,
        textColor=INK,
        spaceAfter=4.5,
        allowWidows=0,
        allowOrphans=0,
        splitLongWords=1,
    )

    def ps(name: str, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=base, **kw)

    cell = ps("cell", fontSize=8, leading=10.2, spaceAfter=0)
    return Styles(
        body=base,
        body_small=ps("body_small", fontSize=8, leading=11, spaceBefore=3),
        muted=ps("muted", textColor=MUTED, fontSize=8, leading=11),
        note=ps("note", fontName=SANS_ITALIC, textColor=MUTED, fontSize=7.5, leading=10),
        guidance=ps("guidance", textColor=MUTED, fontSize=8, leading=11, spaceAfter=3),
        h1=ps(
            "h1",
            fontName=SANS_BOLD,
            fontSize=16,
            leading=20,
            textColor=ACCENT,
            spaceBefore=16,
            spaceAfter=10,
            keepWithNext=1,
        ),
        h2=ps(
            "h2",
            fontName=SANS_BOLD,
            fontSize=12.5,
            leading=16,
            textColor=ACCENT,
            spaceBefore=12,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h3=ps(
            "h3",
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=13.5,
            textColor=ACCENT,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        h4=ps(
            "h4",
            fontName=SANS_BOLD,
            fontSize=9.5,
            leading=12.5,
            textColor=INK,
            spaceBefore=8,
            spaceAfter=3,
            keepWithNext=1,
        ),
        label=ps(
            "label", fontName=SANS_BOLD, fontSize=8, leading=10.5, spaceAfter=1, keepWithNext=1
        ),
        cell=cell,
        cell_bold=ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        cell_right=ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT),
        cell_center=ParagraphStyle("cell_center", parent=cell, alignment=TA_CENTER),
        cell_head=ParagraphStyle("cell_head", parent=cell, fontName=SANS_BOLD, textColor=WHITE),
        cell_head_right=ParagraphStyle(
            "cell_head_right", parent=cell, fontName=SANS_BOLD, textColor=WHITE, alignment=TA_RIGHT
        ),
        mono=ps("mono", fontName=MONO, fontSize=8, leading=11),
        mono_small=ps("mono_small", fontName=MONO, fontSize=7, leading=9, spaceAfter=0),
        cover_kicker=ps(
            "cover_kicker", fontName=SANS_BOLD, fontSize=10, leading=14, textColor=MUTED
        ),
        cover_title=ps(
            "cover_title",
            fontName=SANS_BOLD,
            fontSize=26,
            leading=31,
            textColor=ACCENT,
            spaceAfter=6,
        ),
        cover_subtitle=ps("cover_subtitle", fontSize=12, leading=16, textColor=MUTED),
        cover_note=ps("cover_note", fontSize=8, leading=11, textColor=MUTED),
        toc0=ps("toc0", fontName=SANS_BOLD, fontSize=9.5, leading=12, spaceBefore=5, spaceAfter=0),
        toc1=ps("toc1", fontSize=8.5, leading=10.5, leftIndent=14, spaceAfter=0),
        toc2=ps("toc2", fontSize=8, leading=10, leftIndent=28, textColor=MUTED, spaceAfter=0),
        header=ps("header", fontSize=7.5, leading=9, textColor=MUTED, spaceAfter=0),
        callout=ps("callout", fontSize=9, leading=12.6, spaceAfter=0),
        warn=ps("warn", fontName=SANS_BOLD, textColor=WARN, fontSize=8.5, leading=11.5),
    )


def grid_table_style(header_rows: int = 1, *, zebra: bool = True) -> TableStyle:
    """The house table: dark header row, thin rules, light zebra stripes."""
    cmds: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
    ]
    if header_rows:
        cmds += [
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), ACCENT),
            ("VALIGN", (0, 0), (-1, header_rows - 1), "BOTTOM"),
        ]
    if zebra:
        cmds.append(("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [WHITE, ZEBRA]))
    return TableStyle(cmds)


def kv_table_style() -> TableStyle:
    """Label / value pairs: no header, labels in a light panel."""
    return TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ("BACKGROUND", (0, 0), (0, -1), PANEL),
            ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
            ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
        ]
    )


ALIGN_LEFT = TA_LEFT
