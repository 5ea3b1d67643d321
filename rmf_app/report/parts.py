"""The building blocks every section of the report is made of.

Small text formatters (dates, ids that never break, clipped titles, singular or plural words)
and :class:`Parts`, the paragraph, cell, table and callout builders in the report's styles.
:class:`~rmf_app.report.context.ReportContext` is a :class:`Parts`, so a section writes
``ctx.p(...)``, ``ctx.table(...)``. User text always goes through
:func:`~rmf_app.report.fonts.markup` (escaped, script runs in fonts that have them).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from ..domain.labels import MATURITY_LEVELS
from . import sentences as S
from . import text as T
from .fonts import SANS, clean, fonts, markup
from .styles import ACCENT, FRAME_WIDTH, PANEL, WARN, Styles, grid_table_style, kv_table_style

#: characters of a name or title a cross-reference cell prints (the gap analysis' actions,
#: the decision's conditions); the register that lists the item prints it whole
NAME_IN_CELL = 150

#: a cell with more markup than this might not fit on a page: its table may split inside rows
LONG_CELL = 1500


def has_long_cell(rows: list[list[Any]]) -> bool:
    """Whether a table needs rows split across pages (otherwise rows move to the next page
    whole, which reads better)."""
    return any(len(getattr(c, "text", "") or "") > LONG_CELL for row in rows for c in row)


def signed(gap: int) -> str:
    """A gap as printed in words: "2 below target", "at target", "1 above target"."""
    if gap > 0:
        return T.GAP_CELL.format(gap=gap)
    if gap < 0:
        return T.GAP_ABOVE_CELL.format(gap=-gap)
    return T.GAP_AT_CELL


def some_ids(ids: Sequence[str], limit: int) -> list[str]:
    """Up to ``limit`` ids that never break, then "n more" — never "1 more": an id that fits
    in the room "1 more" would take is named instead."""
    if len(ids) <= limit + 1:
        return [nb(x) for x in ids]
    return [*(nb(x) for x in ids[:limit]), T.SUM_MORE.format(n=len(ids) - limit)]


def clip(s: str, n: int) -> str:
    return s if len(s) <= n else s[: n - 1].rstrip() + "…"


def date(d: dt.date | None) -> str:
    return T.NONE if d is None else d.isoformat()


def datetime(d: dt.datetime | None) -> str:
    if d is None:
        return T.NONE
    if d.tzinfo is not None:
        d = d.astimezone(dt.UTC)
    return d.strftime("%Y-%m-%d %H:%M") + " UTC"


def nb(sid: str) -> str:
    """A framework id that never breaks across lines."""
    return sid.replace(" ", "\u00a0")


#: the kinds of item a reference can point at, and the prefix of their anchors' names
ANCHOR_PREFIX = {
    "risk": "r",
    "action": "a",
    "evidence": "e",
    "sub": "sc",
    "appendix": "app",
    "section": "sec",
}

_UNSAFE = re.compile(r"[^A-Za-z0-9.\-]")
#: "Appendix A" and "section 4" in report text (after escaping)
_TEXT_REF = re.compile(r"\b(?:Appendix ([A-Z])|section (\d+))\b")
_APPENDIX_TITLE = re.compile(r"Appendix ([A-Z])\.")


def anchor_name(kind: str, item_id: str) -> str:
    """The PDF destination name of an item ("risk", "R-001" → "r-R-001"); characters other
    than letters, digits, "." and "-" are spelled as "_<hex>", so any id makes a safe name."""
    safe = _UNSAFE.sub(lambda m: f"_{ord(m[0]):x}", item_id)
    return f"{ANCHOR_PREFIX[kind]}-{safe}"


def appendix_anchor(title: str) -> str | None:
    """The anchor of a heading titled "Appendix X. …", None for any other title."""
    m = _APPENDIX_TITLE.match(title)
    return anchor_name("appendix", m[1]) if m else None


#: a URL may break after these (never inside a run of other characters, unless a run is
#: wider than a whole line)
URL_BREAKS = frozenset("/?&=#-_~;,+")


def url_lines(url: str, first: float, width: float, font: str, size: float) -> list[str]:
    """``url`` cut into lines that fit ``first`` points (the first line), then ``width``,
    each cut right after a "/", "?", "&", "-" or the like. reportlab's own ``uriWasteReduce``
    cuts a URL only once (what follows has no scheme, and overflows the line), so the lines
    are made here and joined with line breaks; the link over them keeps the whole URL."""
    if stringWidth(url, font, size) <= first:
        return [url]
    pieces: list[str] = []
    start = 0
    for i, ch in enumerate(url):
        if ch in URL_BREAKS:
            pieces.append(url[start : i + 1])
            start = i + 1
    if start < len(url):
        pieces.append(url[start:])
    lines: list[str] = []
    line, used, room = "", 0.0, first * 0.98  # a margin for fallback fonts' widths
    for piece in pieces:
        w = stringWidth(piece, font, size)
        if line and used + w > room:
            lines.append(line)
            line, used, room = "", 0.0, width * 0.98
        line += piece
        used += w
    lines.append(line)
    return lines


def word(key: str, n: int) -> str:
    one, many = S.WORDS[key]
    return one if n == 1 else many


def join(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {S.AND} " + items[-1]


def size(n: int) -> str:
    if n < 1024:
        return T.SIZE_BYTES.format(n=n)
    if n < 1024 * 1024:
        return T.SIZE_KIB.format(n=n / 1024)
    return T.SIZE_MIB.format(n=n / 1024 / 1024)


def level_text(level: int | None) -> str:
    if level is None:
        return T.R_NOT_ASSESSED
    return T.LEVEL_CELL.format(level=level, name=MATURITY_LEVELS[level][0])


@dataclass(eq=False)
class Parts:
    """Paragraphs, cells and tables in ``styles``, sized to the page's frame."""

    styles: Styles
    #: the anchors this report has (register rows, answers, appendices, numbered sections):
    #: only these are linked to, as a link to a missing destination breaks the PDF
    targets: set[str] = field(default_factory=set, init=False)
    #: the anchors made and the destinations linked to so far (the builder checks that the
    #: second is within the first)
    anchored: set[str] = field(default_factory=set, init=False)
    linked_to: set[str] = field(default_factory=set, init=False)

    def ref(self, kind: str, item_id: str, label: str | None = None) -> str:
        """Markup for a reference to an item: the id (or ``label``, markup), unbreakable, as
        an internal link to where the report lists the item in full, if it does."""
        text = markup(nb(item_id)) if label is None else label
        name = anchor_name(kind, item_id)
        if name not in self.targets:
            return text
        self.linked_to.add(name)
        return f'<a href="#{name}">{text}</a>'

    def refs(self, kind: str, ids: Iterable[str], sep: str = ", ") -> str:
        return sep.join(self.ref(kind, x) for x in ids)

    def anchor(self, kind: str, item_id: str) -> str:
        """Markup that makes the place it is drawn at the destination of :meth:`ref`."""
        name = anchor_name(kind, item_id)
        self.anchored.add(name)
        return f'<a name="{name}"/>'

    def linked(self, text: str) -> str:
        """Escaped report text with each "Appendix X" and "section N" it names as a link to
        that appendix or section, where this report has it."""
        if "Appendix" not in text and "section" not in text:
            return text

        def link(m: re.Match[str]) -> str:
            kind, key = ("appendix", m[1]) if m[1] else ("section", m[2])
            return self.ref(kind, key, m[0])

        return _TEXT_REF.sub(link, text)

    def p_links(self, text: str, style: Any = None) -> Paragraph:
        """A paragraph of report text whose "Appendix X" and "section N" become links; never
        for user text, which may name another document's appendix."""
        return self.pm(self.linked(markup(text)), style)

    def cell_links(self, text: str, style: Any = None) -> Paragraph:
        """A cell of report text whose "Appendix X" and "section N" become links."""
        return self.pm(self.linked(markup(text)), style or self.styles.cell)

    def p(self, text: str, style: Any = None) -> Paragraph:
        """A paragraph of plain text (user or report text): always escaped."""
        return Paragraph(markup(text), style or self.styles.body)

    def pm(self, markup_text: str, style: Any = None) -> Paragraph:
        """A paragraph of markup built here from escaped parts."""
        return Paragraph(markup_text, style or self.styles.body)

    def blocks(self, text: str, style: Any = None) -> list[Flowable]:
        """Long user text: one paragraph per blank-line-separated block."""
        parts = [b.strip("\n") for b in clean(text).split("\n\n")]
        return [self.p(b, style) for b in parts if b.strip()]

    def cell(self, text: str, style: Any = None) -> Paragraph:
        return Paragraph(markup(text), style or self.styles.cell)

    def label(self, text: str, style: Any) -> str | Paragraph:
        """A short fixed label: a plain table string when the main font prints every character."""
        cover = fonts().main_cover
        if all(ord(c) in cover for c in text):
            return text
        return Paragraph(markup(text), style)

    def head(self, *labels: str, right: Iterable[int] = ()) -> list[Paragraph]:
        r = set(right)
        return [
            Paragraph(markup(x), self.styles.cell_head_right if i in r else self.styles.cell_head)
            for i, x in enumerate(labels)
        ]

    def table(
        self,
        rows: list[list[Any]],
        widths: Sequence[float],
        *,
        header: bool = True,
        extra: Sequence[tuple[Any, ...]] = (),
        style: TableStyle | None = None,
    ) -> Table:
        total = sum(widths)
        cols = [w * FRAME_WIDTH / total for w in widths]
        t = Table(
            rows,
            colWidths=cols,
            repeatRows=1 if header else 0,
            splitInRow=1 if has_long_cell(rows) else 0,
            hAlign="LEFT",
        )
        t.setStyle(style or (grid_table_style() if header else kv_table_style()))
        if extra:
            t.setStyle(TableStyle(list(extra)))
        return t

    def kv(self, pairs: Sequence[tuple[str, Any]], label_width: float = 0.27) -> Table:
        rows = [
            [
                self.cell(k, self.styles.cell_bold),
                v if isinstance(v, Flowable) else self.cell(str(v)),
            ]
            for k, v in pairs
        ]
        return self.table(rows, [label_width, 1 - label_width], header=False)

    def callout(self, content: list[Flowable], *, warn: bool = False) -> Table:
        t = Table(
            [[content]],
            colWidths=[FRAME_WIDTH],
            hAlign="LEFT",
            splitInRow=1 if any(len(getattr(c, "text", "")) > LONG_CELL for c in content) else 0,
        )
        t.setStyle(
            TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), SANS),
                    ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                    ("LINEBEFORE", (0, 0), (0, -1), 2.5, WARN if warn else ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 8),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                    ("TOPPADDING", (0, 0), (-1, -1), 6),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
                ]
            )
        )
        return t
