"""Right-to-left text (Arabic, Hebrew) for the PDF: shaped and put in display order, since a
PDF draws glyphs left to right. python-bidi and arabic-reshaper are imported only when a text
has right-to-left letters. The HTML report keeps text in logical order (a browser shapes it).

A paragraph is shaped (Arabic letters joined, :func:`shaped`) in logical order, wrapped in
logical order with the shaped glyphs' widths, and only then is each line put in display order
(:class:`BidiParagraph`, when it is drawn): a paragraph of several lines reads from its first
line down, and one whose text begins right-to-left is set flush right."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator
from typing import Any

from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph


def _is_rtl(cp: int) -> bool:
    """Hebrew, Arabic, Syriac, Thaana, NKo and their presentation forms."""
    return 0x0590 <= cp <= 0x08FF or 0xFB1D <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFC


def has_rtl(text: str) -> bool:
    return not text.isascii() and any(_is_rtl(ord(c)) for c in text)


#: False while a report for a reader that lays out right-to-left text itself (a browser: the
#: HTML report) is built: text then stays in logical order, unshaped
_SHAPE_RTL: contextvars.ContextVar[bool] = contextvars.ContextVar("shape_rtl", default=True)


@contextlib.contextmanager
def logical_order() -> Iterator[None]:
    """Leave right-to-left text as typed (for HTML: the browser shapes and orders it)."""
    token = _SHAPE_RTL.set(False)
    try:
        yield
    finally:
        _SHAPE_RTL.reset(token)


def shaped(text: str) -> str:
    """Text with Arabic letters in their joined forms, still in logical order (the order
    typed), line by line."""
    import arabic_reshaper

    return "\n".join(
        str(arabic_reshaper.reshape(line)) if has_rtl(line) else line for line in text.split("\n")
    )


def starts_rtl(text: str) -> bool:
    """Whether the first letter with a direction is right-to-left (the paragraph's base
    direction, Unicode rule P2)."""
    from bidi.algorithm import get_base_level

    return bool(get_base_level(text))


def display_order(line: str, rtl: bool) -> list[tuple[int, str]]:
    """One line's characters in display order, each as (its index in ``line``, the character
    as drawn: mirrored brackets in right-to-left runs); ``rtl``: the paragraph's direction."""
    from bidi import algorithm as bidi

    storage = bidi.get_empty_storage()
    storage["base_level"] = 1 if rtl else 0
    storage["base_dir"] = "R" if rtl else "L"
    bidi.get_embedding_levels(line, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["index"] = i
    bidi.explicit_embed_and_overrides(storage)
    bidi.resolve_weak_types(storage)
    bidi.resolve_neutral_types(storage, False)
    bidi.resolve_implicit_levels(storage, False)
    bidi.reorder_resolved_levels(storage, False)
    bidi.apply_mirroring(storage, False)
    return [(ch["index"], ch["ch"]) for ch in storage["chars"]]


def _visual_words(words: list[str], rtl: bool) -> list[str]:
    """A line of a one-style paragraph (its words) in display order."""
    line = " ".join(words)
    return "".join(ch for _, ch in display_order(line, rtl)).split(" ")


def _visual_frags(frags: list[Any], rtl: bool) -> list[Any]:
    """A line of a mixed-style paragraph (its fragments) in display order: the characters
    reordered, then regrouped into fragments of the style each came from."""
    if any(getattr(f, "cbDefn", None) is not None for f in frags):
        return frags  # images and anchors: left as they are
    owner: list[int] = []
    for n, f in enumerate(frags):
        owner += [n] * len(f.text)
    text = "".join(f.text for f in frags)
    out: list[Any] = []
    run: list[str] = []
    current = -1
    for i, ch in display_order(text, rtl):
        if owner[i] != current and run:
            out.append(frags[current].clone(text="".join(run)))
            run = []
        current = owner[i]
        run.append(ch)
    if run:
        out.append(frags[current].clone(text="".join(run)))
    return out


#: flush-right twins of the styles, by id; each entry keeps its style alive, so no id is reused
_RIGHT: dict[int, tuple[ParagraphStyle, ParagraphStyle]] = {}


def _flush_right(style: ParagraphStyle) -> ParagraphStyle:
    twin = _RIGHT.get(id(style))
    if twin is None:
        if len(_RIGHT) > 500:
            _RIGHT.clear()
        twin = _RIGHT[id(style)] = (
            style,
            ParagraphStyle(f"{style.name}-rtl", parent=style, alignment=TA_RIGHT),
        )
    return twin[1]


class BidiParagraph(Paragraph):  # type: ignore[misc]
    """A paragraph that may hold right-to-left text (already :func:`shaped`): wrapped in
    logical order, each line put in display order when drawn; flush right when the paragraph
    begins right-to-left. Without right-to-left letters it is a plain Paragraph."""

    blPara: Any  # reportlab's: the lines as wrapped
    style: Any

    def __init__(self, text: str | None, style: Any = None, *args: Any, **kw: Any) -> None:
        super().__init__(text, style, *args, **kw)
        # a part made by split() (text None) is told its paragraph's direction there
        self.rtl_text = text is not None and has_rtl(text)
        self.starts_rtl = text is not None and self.rtl_text and starts_rtl(text)

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)
        for p in parts:
            if isinstance(p, BidiParagraph):
                p.rtl_text, p.starts_rtl = self.rtl_text, self.starts_rtl
        return parts

    def draw(self) -> None:
        if not self.rtl_text:
            super().draw()
            return
        logical, style = self.blPara, self.style
        rtl = self.starts_rtl
        lines = [
            (line[0], _visual_words(line[1], rtl))  # one style: (extra space, words)
            if isinstance(line, tuple)
            else line.clone(words=_visual_frags(line.words, rtl))  # mixed: fragments
            for line in logical.lines
        ]
        self.blPara = logical.clone(lines=lines)
        if rtl and style.alignment == TA_LEFT:
            self.style = _flush_right(style)
        try:
            super().draw()
        finally:
            self.blPara, self.style = logical, style


def shaping() -> bool:
    """Whether right-to-left text is shaped now (False inside :func:`logical_order`)."""
    return _SHAPE_RTL.get()
