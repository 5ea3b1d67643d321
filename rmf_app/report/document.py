"""The page machinery: templates, header and footer, watermark, contents, bookmarks, page n of N.

"Page n of N" needs N, and the contents need every heading's page, before those pages are
written. Rather than laying the document out twice (platypus's multiBuild), finished pages are
kept by a canvas that adds the page numbers, and draws the contents into the space a
placeholder reserved, when the document is saved: one layout pass. The contents always fit one
page (their entries are the report's fixed sections, the 4 functions and 19 categories).
Tests check that bookmarks and contents land on the right pages. Headings put themselves into the PDF outline when they are drawn, at
their exact position, and report themselves to the table of contents.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from reportlab import rl_config
from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate
from reportlab.platypus.flowables import Flowable, KeepTogether
from reportlab.platypus.tableofcontents import TableOfContents

from . import text as T
from .fonts import SANS
from .rtl import BidiParagraph
from .styles import (
    ACCENT,
    ACCENT_LIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE,
    RULE,
    WATERMARK,
    Styles,
)

#: one report is laid out at a time: reportlab keeps some state in module globals
_LOCK = threading.Lock()


class ReportCancelled(Exception):
    """The caller asked to stop; nothing was written."""


class Heading(BidiParagraph):
    """A heading that is also a PDF bookmark and, if ``toc``, a contents entry.

    Args:
        markup: the heading as Paragraph markup (already escaped).
        outline: the plain bookmark title.
        level: outline depth (0 = section, 1 = function, 2 = category, 3 = subcategory).
        key: a unique bookmark name.
    """

    def __init__(
        self,
        markup: str,
        style: Any,
        *,
        outline: str,
        level: int,
        key: str,
        toc: bool = True,
    ) -> None:
        super().__init__(markup, style)
        self.outline = outline
        self.level = level
        self.key = key
        self.toc = toc
        self.toc_markup = markup

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        return []  # a heading is never split; it moves to the next page whole

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkHorizontal(self.key, 0, self.height + 4)
        canv.addOutlineEntry(self.outline, self.key, level=self.level, closed=self.level >= 2)
        super().draw()


class ContentsPlaceholder(Flowable):  # type: ignore[misc]
    """Reserves the rest of its page for the table of contents, drawn when pages are saved."""

    def __init__(self, toc: TableOfContents) -> None:
        super().__init__()
        self.toc = toc
        self.where: tuple[int, float, float, float, float] | None = None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width, self.height = avail_width, avail_height - 1
        return self.width, self.height

    def draw(self) -> None:
        x, y = self.canv.absolutePosition(0, 0)
        self.where = (self.canv.getPageNumber(), x, y, self.width, self.height)

    def draw_contents(self, canv: Canvas, entries: list[tuple[int, str, int, str]]) -> None:
        if self.where is None:
            return
        _, x, y, w, h = self.where
        self.toc._lastEntries = entries
        _, th = self.toc.wrapOn(canv, w, h)
        self.toc.drawOn(canv, x, y + h - th)


class SectionStart(Flowable):  # type: ignore[misc]
    """Takes no room: marks where a section that must begin a new page begins (the page
    before it may then be partly empty)."""

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        pass


#: the least room (points) a table or paragraph split below its heading must have on the page
_FIRST_LINES = 30.0


class HeadingWithFirstLines(KeepTogether):  # type: ignore[misc]
    """What a heading is kept with (the style's ``keepWithNext``): the first lines of what
    follows it, not all of it. A long table or paragraph that does not fit below its heading
    is split there (tables repeat their header on the next page) instead of carrying its
    heading to the next page and leaving this one half empty; only when it cannot be split in
    the room left does the group move on whole."""

    def split(self, aW: float, aH: float) -> list[Flowable]:
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        *lead, last = self._content
        if self._H > aH and lead and not isinstance(last, KeepTogether):
            used = 0.0
            for i, f in enumerate(lead):
                _, h = f.wrapOn(self.canv, aW, aH)
                used += h + (f.getSpaceBefore() if i else 0) + f.getSpaceAfter()
            room = aH - used - last.getSpaceBefore()
            if room >= _FIRST_LINES:
                last._frame = getattr(self, "_frame", None)
                last.wrapOn(self.canv, aW, room)
                parts = last.splitOn(self.canv, aW, room)
                if len(parts) > 1:
                    return [*lead, *parts]
        out: list[Flowable] = super().split(aW, aH)
        return out


@dataclass(frozen=True)
class PageLayout:
    """How the pages were filled, measured while laying them out.

    Args:
        fill: per page, the share of the body frame's height the flow used (0 to 1).
        fresh: the pages that begin a section that must start on a new page.
    """

    fill: tuple[float, ...]
    fresh: frozenset[int]
    #: pages where a table's repeated header stands above the rest of a row split across pages
    header_mid_row: tuple[int, ...] = ()

    def underfull(self, least: float = 1 / 3) -> list[int]:
        """Pages, but the last, used less than ``least`` although the next page does not
        have to begin on a new page."""
        return [
            n
            for n, used in enumerate(self.fill[:-1], start=1)
            if used < least and n + 1 not in self.fresh
        ]


@dataclass(frozen=True)
class PageDecor:
    """What every page shows besides the flow: names and the draft state."""

    system_markup: str
    header_right: str
    draft: bool


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Keeps finished pages until save, then stamps "Page n of N" on each."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        self._fixed_time: dt.datetime | None = kw.pop("fixed_time", None)
        super().__init__(*args, **kw)
        if self._fixed_time is not None:
            self._doc._timeStamp = _timestamp(self._fixed_time)
        self._pages: list[dict[str, Any]] = []
        #: called as hook(canvas, page number) for each page as it is written
        self.page_hook: Callable[[Canvas, int], None] | None = None

    def showPage(self) -> None:  # reportlab's name
        self._pages.append(dict(self.__dict__))
        # Bookmarks and links made on the next page must point at the next page object,
        # although no page is written until save(): advance the document's page counter now
        # and rewind it before the pages are written in order.
        self._doc.pageCounter += 1
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        self._doc.pageCounter = 1
        # links made while laying out (URLs) and while saving (the contents) are numbered
        # from one counter: restoring a page's state must not rewind it
        annotations: int = self.__dict__["_annotationCount"]
        for n, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            annotations = max(self.__dict__["_annotationCount"], annotations)
            self.__dict__["_annotationCount"] = annotations
            if self.page_hook is not None:
                self.page_hook(self, n)
                annotations = self.__dict__["_annotationCount"]
            self.saveState()
            self.setFont(SANS, 7.5)
            self.setFillColor(MUTED)
            self.drawRightString(
                PAGE[0] - MARGIN_X,
                MARGIN_BOTTOM - 11 * 2.835,
                T.FOOTER_RIGHT.format(page=n, pages=total),
            )
            self.restoreState()
            super().showPage()
        self.showOutline()  # the bookmarks panel opens with the document
        super().save()


#: "DRAFT" as strokes on a letter box 86 units high: (advance width, strokes); each stroke is
#: ("l", x0, y0, x1, y1, ...) a polyline or ("c", x0, y0, x1, y1, x2, y2, x3, y3) a curve
_DRAFT_LETTERS: tuple[tuple[float, tuple[tuple[Any, ...], ...]], ...] = (
    (62, (("l", 22, 0, 0, 0, 0, 86, 22, 86), ("c", 22, 86, 70, 86, 70, 0, 22, 0))),
    (58, (("l", 0, 0, 0, 86, 28, 86), ("c", 28, 86, 62, 86, 62, 42, 28, 42),
          ("l", 28, 42, 0, 42), ("l", 26, 42, 58, 0))),
    (66, (("l", 0, 0, 33, 86, 66, 0), ("l", 14, 28, 52, 28))),
    (50, (("l", 0, 0, 0, 86, 50, 86), ("l", 0, 46, 42, 46))),
    (60, (("l", 0, 86, 60, 86), ("l", 30, 86, 30, 0))),
)  # fmt: skip
_DRAFT_GAP = 24


def draw_draft_mark(canv: Canvas, scale: float) -> None:
    """The DRAFT watermark centred on the origin, drawn as strokes: a graphic, so it never
    lands in the text a reader copies or extracts."""
    width = sum(w for w, _ in _DRAFT_LETTERS) + _DRAFT_GAP * (len(_DRAFT_LETTERS) - 1)
    canv.saveState()
    canv.scale(scale, scale)
    canv.setStrokeColor(WATERMARK)
    canv.setLineWidth(15)
    canv.setLineCap(1)
    canv.setLineJoin(1)
    path = canv.beginPath()
    x = -width / 2
    for advance, strokes in _DRAFT_LETTERS:
        for kind, *pts in strokes:
            xy = [(x + pts[i], pts[i + 1] - 43) for i in range(0, len(pts), 2)]
            path.moveTo(*xy[0])
            if kind == "c":
                path.curveTo(*xy[1], *xy[2], *xy[3])
            else:
                for px, py in xy[1:]:
                    path.lineTo(px, py)
        x += advance + _DRAFT_GAP
    canv.drawPath(path, stroke=1, fill=0)
    canv.restoreState()


def _timestamp(when: dt.datetime) -> TimeStamp:
    """A reportlab time stamp for a fixed moment (the PDF's creation and modification dates)."""
    ts = TimeStamp(invariant=1)
    t = when.timestamp()
    ts.t = t
    ts.lt = time.gmtime(t)
    ts.YMDhms = tuple(ts.lt)[:6]
    ts.dhh = ts.dmm = 0
    ts.tzname = "UTC"
    return ts


Progress = Callable[[int, int], None]


class ReportDoc(BaseDocTemplate):  # type: ignore[misc]
    """A4 portrait, a cover template and a body template, progress and cancel hooks."""

    def __init__(
        self,
        out: IO[bytes],
        *,
        styles: Styles,
        decor: PageDecor,
        metadata: dict[str, str],
        created: dt.datetime,
        invariant: bool,
        expected_flowables: int,
        progress: Progress | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        super().__init__(
            out,
            pagesize=PAGE,
            leftMargin=MARGIN_X,
            rightMargin=MARGIN_X,
            topMargin=MARGIN_TOP,
            bottomMargin=MARGIN_BOTTOM,
            invariant=1 if invariant else 0,
            initialFontName=SANS,
            initialFontSize=9,
            initialLeading=12,
            displayDocTitle=1,
            keepTogetherClass=HeadingWithFirstLines,
            **metadata,
        )
        self.styles = styles
        self.decor = decor
        self.contents: ContentsPlaceholder | None = None
        self._entries: list[tuple[int, str, int, str]] = []
        self.created = created
        self._expected = max(expected_flowables, 1)
        self._done = 0
        self._progress = progress
        self._cancelled = cancelled
        self._fill: list[float] = []
        self._fresh: set[int] = set()
        self._mid_row: list[int] = []
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM,
            FRAME_WIDTH,
            PAGE[1] - MARGIN_TOP - MARGIN_BOTTOM,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        self.addPageTemplates(
            [
                PageTemplate("cover", [frame], onPage=self._on_cover),
                PageTemplate("body", [frame], onPage=self._on_body),
            ]
        )

    # -- building ------------------------------------------------------------------------------
    def canvas_maker(self, *args: Any, **kw: Any) -> Canvas:
        canv = _NumberedCanvas(*args, fixed_time=self.created, **kw)
        canv.page_hook = self._page_hook
        return canv

    def build_story(self, story: list[Flowable]) -> None:
        self.contents = next((f for f in story if isinstance(f, ContentsPlaceholder)), None)
        self._entries = []
        self._fill, self._fresh, self._mid_row = [], set(), []
        # Binary (Flate only) streams: smaller files, and ASCII85-encoding them in pure Python
        # would take a tenth of the build. reportlab reads this switch when pages are written.
        with _LOCK:
            saved = rl_config.useA85
            rl_config.useA85 = 0
            try:
                self.build(story, canvasmaker=self.canvas_maker)
            finally:
                rl_config.useA85 = saved

    @property
    def layout(self) -> PageLayout:
        """How the pages of the last build were filled."""
        return PageLayout(tuple(self._fill), frozenset(self._fresh), tuple(self._mid_row))

    def header_mid_row(self) -> None:
        """Called by a table part that shows its header above the rest of a split row."""
        self._mid_row.append(self.page)

    def _page_hook(self, canv: Canvas, page: int) -> None:
        if self.contents is not None and self.contents.where and self.contents.where[0] == page:
            self.contents.draw_contents(canv, self._entries)

    def _check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled()

    def afterFlowable(self, flowable: Flowable) -> None:  # reportlab's name
        self._done += 1
        if isinstance(flowable, SectionStart):
            self._fresh.add(self.page)
        if isinstance(flowable, Heading) and flowable.toc:
            self._entries.append((flowable.level, flowable.toc_markup, self.page, flowable.key))
        if self._done % 8 == 0:
            self._check()
            if self._progress is not None:
                self._progress(min(self._done, self._expected), self._expected)

    def afterPage(self) -> None:  # reportlab's name
        f = self.frame
        room = f._height - f._topPadding - f._bottomPadding
        self._fill.append(max(0.0, min(1.0, (f._y2 - f._topPadding - f._y) / room)))
        self._check()

    # -- page decoration -------------------------------------------------------------------------
    def _watermark(self, canv: Canvas) -> None:
        if not self.decor.draft:
            return
        canv.saveState()
        canv.translate(PAGE[0] / 2, PAGE[1] / 2)
        canv.rotate(52)
        draw_draft_mark(canv, 1.2)
        canv.restoreState()

    def _footer(self, canv: Canvas) -> None:
        y = MARGIN_BOTTOM - 11 * 2.835
        canv.saveState()
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, y + 10, PAGE[0] - MARGIN_X, y + 10)
        p = BidiParagraph(self.decor.system_markup, self.styles.header)
        _, h = p.wrap(FRAME_WIDTH * 0.62, 20)
        p.drawOn(canv, MARGIN_X, y + 8 - h + 0.5)
        canv.restoreState()

    def _on_cover(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        canv.setFillColor(ACCENT)
        canv.rect(0, PAGE[1] - 12 * 2.835, PAGE[0], 12 * 2.835, stroke=0, fill=1)
        canv.setFillColor(ACCENT_LIGHT)
        canv.rect(0, PAGE[1] - 13.5 * 2.835, PAGE[0], 1.5 * 2.835, stroke=0, fill=1)
        canv.restoreState()
        self._watermark(canv)
        self._footer(canv)

    def _on_body(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._watermark(canv)
        top = PAGE[1] - MARGIN_TOP + 8 * 2.835
        canv.saveState()
        p = BidiParagraph(self.decor.system_markup, self.styles.header)
        p.wrap(FRAME_WIDTH * 0.55, 20)
        p.drawOn(canv, MARGIN_X, top + 2)
        canv.setFont(SANS, 7.5)
        canv.setFillColor(MUTED)
        canv.drawRightString(PAGE[0] - MARGIN_X, top + 4, self.decor.header_right)
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(MARGIN_X, top - 1, PAGE[0] - MARGIN_X, top - 1)
        canv.restoreState()
        self._footer(canv)
