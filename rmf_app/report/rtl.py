"""Right-to-left text (Arabic, Hebrew) for the PDF: shaped and put in display order, since a
PDF draws glyphs left to right. python-bidi and arabic-reshaper are imported only when a text
has right-to-left letters. The HTML report keeps text in logical order (a browser shapes it)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Iterator


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


def visual_order(text: str) -> str:
    """Text with right-to-left runs shaped (Arabic letters joined) and put in display order,
    line by line, for a PDF that draws glyphs left to right. python-bidi and arabic-reshaper
    are imported here, only when a text has right-to-left letters."""
    import arabic_reshaper
    from bidi.algorithm import get_display

    lines = []
    for line in text.split("\n"):
        if has_rtl(line):
            line = str(get_display(arabic_reshaper.reshape(line)))
        lines.append(line)
    return "\n".join(lines)


def shaping() -> bool:
    """Whether right-to-left text is shaped now (False inside :func:`logical_order`)."""
    return _SHAPE_RTL.get()
