"""Fonts for the report, chosen by script, and user text turned into safe Paragraph markup.

reportlab embeds TrueType fonts (glyph outlines, ``glyf``) but cannot read CFF-based OpenType
(``.otf`` and the Noto CJK ``.ttc`` files), and its bundled Vera covers Latin only. So the report
looks for TrueType fonts on the system, in this order (the first file found wins; see the
README, "Fonts in the PDF"):

Main family (Latin, Greek, Cyrillic; also Arabic, with its joined forms, and Hebrew):

1. DejaVu Sans (Debian ``fonts-dejavu-core``; most Linux systems);
2. Liberation Sans, then Arial (Windows, macOS);
3. Vera, shipped with reportlab (Latin only: other scripts then need a fallback font).

Fallback fonts, tried for each character the main family lacks:

1. the files named in ``RMF_APP_FONTS`` (paths separated by ``os.pathsep``; ``.ttf`` or a
   TrueType ``.ttc``), in the order given — the way to add a font;
2. Droid Sans Fallback (Debian ``fonts-droid-fallback``);
3. WenQuanYi Zen Hei, WenQuanYi Micro Hei (``fonts-wqy-zenhei``, ``fonts-wqy-microhei``);
4. Microsoft YaHei, SimSun (Windows); Arial Unicode MS, STHeiti (macOS);
5. last resort for Chinese only: reportlab's CID font STSong-Light, which is *not* embedded
   (a reader then needs Adobe's Asian font pack).

A character no font has (most emoji) prints as U+FFFD "�", a visible placeholder, never as an
empty box; :func:`uncovered` names such characters so the export can report them. Right-to-left
text (Arabic, Hebrew) is shaped with arabic-reshaper and, once wrapped, put in display order
line by line with python-bidi (:mod:`rmf_app.report.rtl`). Every TrueType font used is embedded as a subset, so the PDF prints the same
everywhere.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from .rtl import has_rtl, shaped, shaping

#: Registered font names; styles refer to these.
SANS = "RmfSans"
SANS_BOLD = "RmfSans-Bold"
SANS_ITALIC = "RmfSans-Italic"
SANS_BOLD_ITALIC = "RmfSans-BoldItalic"
MONO = "RmfMono"

PLACEHOLDER = "\ufffd"
ENV_FONTS = "RMF_APP_FONTS"

_WINDIR = Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"
_LINUX_DIRS = (
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
)
_MAC_DIRS = (
    Path("/Library/Fonts"),
    Path("/System/Library/Fonts"),
    Path("/System/Library/Fonts/Supplemental"),
    Path.home() / "Library/Fonts",
)


def _candidates(*names: str) -> list[Path]:
    """Where a font file of one of these relative names may be, in search order."""
    out: list[Path] = []
    for name in names:
        base = Path(name).name
        out += [d / name for d in _LINUX_DIRS]
        out += [d / base for d in (*_MAC_DIRS, _WINDIR)]
    return out


@dataclass(frozen=True)
class _Family:
    label: str
    regular: tuple[str, ...]
    bold: tuple[str, ...]
    italic: tuple[str, ...]
    bold_italic: tuple[str, ...]


# Relative names are tried under each Linux font folder; their base names under the macOS and
# Windows font folders.
_MAIN_FAMILIES: tuple[_Family, ...] = (
    _Family(
        "DejaVu Sans",
        ("dejavu/DejaVuSans.ttf", "dejavu-sans-fonts/DejaVuSans.ttf", "TTF/DejaVuSans.ttf"),
        (
            "dejavu/DejaVuSans-Bold.ttf",
            "dejavu-sans-fonts/DejaVuSans-Bold.ttf",
            "TTF/DejaVuSans-Bold.ttf",
        ),
        (
            "dejavu/DejaVuSans-Oblique.ttf",
            "dejavu-sans-fonts/DejaVuSans-Oblique.ttf",
            "TTF/DejaVuSans-Oblique.ttf",
        ),
        (
            "dejavu/DejaVuSans-BoldOblique.ttf",
            "dejavu-sans-fonts/DejaVuSans-BoldOblique.ttf",
            "TTF/DejaVuSans-BoldOblique.ttf",
        ),
    ),
    _Family(
        "Liberation Sans",
        ("liberation/LiberationSans-Regular.ttf", "liberation2/LiberationSans-Regular.ttf"),
        ("liberation/LiberationSans-Bold.ttf", "liberation2/LiberationSans-Bold.ttf"),
        ("liberation/LiberationSans-Italic.ttf", "liberation2/LiberationSans-Italic.ttf"),
        ("liberation/LiberationSans-BoldItalic.ttf", "liberation2/LiberationSans-BoldItalic.ttf"),
    ),
    _Family("Arial", ("arial.ttf", "Arial.ttf"), ("arialbd.ttf", "Arial Bold.ttf"),
            ("ariali.ttf", "Arial Italic.ttf"), ("arialbi.ttf", "Arial Bold Italic.ttf")),
)  # fmt: skip

_MONO_FILES = (
    "dejavu/DejaVuSansMono.ttf",
    "dejavu-sans-mono-fonts/DejaVuSansMono.ttf",
    "TTF/DejaVuSansMono.ttf",
    "liberation/LiberationMono-Regular.ttf",
    "liberation2/LiberationMono-Regular.ttf",
    "cour.ttf",
)

#: (label, relative file name, index inside a .ttc collection)
_FALLBACK_FILES: tuple[tuple[str, str, int], ...] = (
    ("Droid Sans Fallback", "droid/DroidSansFallbackFull.ttf", 0),
    ("Droid Sans Fallback", "fonts-droid-fallback/truetype/DroidSansFallback.ttf", 0),
    ("Droid Sans Fallback", "droid/DroidSansFallback.ttf", 0),
    ("WenQuanYi Zen Hei", "wqy/wqy-zenhei.ttc", 0),
    ("WenQuanYi Micro Hei", "wqy/wqy-microhei.ttc", 0),
    ("Microsoft YaHei", "msyh.ttc", 0),
    ("Microsoft YaHei", "msyh.ttf", 0),
    ("SimSun", "simsun.ttc", 0),
    ("Arial Unicode MS", "Arial Unicode.ttf", 0),
    ("STHeiti", "STHeiti Light.ttc", 0),
)

#: Characters that may be dropped when no font has them (joiners, variation selectors, BOM).
_IGNORABLE = frozenset(
    [
        *(0x00AD, 0x034F, 0x061C, 0x180E, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF),
        *range(0xFE00, 0xFE10),
        *range(0x200E, 0x2010),
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
    ]
)


def _is_han(cp: int) -> bool:
    """CJK characters the last-resort CID font can print."""
    return (
        0x2E80 <= cp <= 0x2FDF
        or 0x3000 <= cp <= 0x303F
        or 0x3100 <= cp <= 0x312F
        or 0x3400 <= cp <= 0x4DBF
        or 0x4E00 <= cp <= 0x9FFF
        or 0xF900 <= cp <= 0xFAFF
        or 0xFF00 <= cp <= 0xFFEF
    )


class _TTFont(TTFont):  # type: ignore[misc]
    """reportlab's TrueType font with text widths remembered per string.

    Without reportlab's optional C accelerator, measuring words is the largest single cost of
    laying out the report, and the same words recur on every page. The widths are those
    reportlab computes (sum of the glyph advances), so the layout is identical.
    """

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self._widths: dict[str, float] = {}

    def stringWidth(self, text: str | bytes, size: float, encoding: str = "utf8") -> float:
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        units = self._widths.get(text)
        if units is None:
            get = self.face.charWidths.get
            default = self.face.defaultWidth
            units = float(sum(get(ord(c), default) for c in text))
            if len(self._widths) > 200_000:
                self._widths.clear()
            self._widths[text] = units
        return 0.001 * size * units


def _first_existing(paths: Iterable[Path]) -> Path | None:
    for p in paths:
        try:
            if p.is_file():
                return p
        except OSError:
            continue
    return None


class _Fallback:
    """A fallback font, loaded only when a character needs it."""

    def __init__(self, name: str, label: str, path: Path | None, index: int = 0) -> None:
        self.name = name
        self.label = label
        self.path = path
        self.index = index
        self._cover: frozenset[int] | None = None
        self.failed = False

    def has(self, cp: int) -> bool:
        """Whether this font has a glyph for the code point (loads the font on first use)."""
        if self.failed:
            return False
        if self.path is None and not _is_han(cp):
            return False
        if self._cover is None:
            self._load()
            if self._cover is None:
                return False
        return self.path is None or cp in self._cover

    def _load(self) -> None:
        if self.path is None:  # the CID font: no file, covers Han characters only
            try:
                pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
            except Exception:  # pragma: no cover - reportlab without its CID data
                self.failed = True
                return
            pdfmetrics.registerFontFamily(
                self.name, normal=self.name, bold=self.name, italic=self.name, boldItalic=self.name
            )
            self._cover = frozenset()
            return
        try:
            font = _TTFont(self.name, str(self.path), subfontIndex=self.index)
        except (TTFError, OSError, ValueError, KeyError, IndexError):
            # CFF outlines, a damaged file, a collection without that index: skip it
            self.failed = True
            return
        pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(
            self.name, normal=self.name, bold=self.name, italic=self.name, boldItalic=self.name
        )
        self._cover = frozenset(font.face.charToGlyph)


@dataclass
class FontSet:
    """The fonts found on this system, registered with reportlab under stable names."""

    main_label: str
    main_files: tuple[str, ...]
    mono_label: str
    fallbacks: list[_Fallback]
    main_cover: frozenset[int]
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _choice: dict[int, str | None] = field(default_factory=dict)

    def font_for(self, cp: int) -> str | None:
        """Registered name of the fallback font for a character the main font lacks.

        Returns "" when the character can be dropped, None when no font has it.
        """
        with self._lock:
            if cp in self._choice:
                return self._choice[cp]
            choice = next((fb.name for fb in self.fallbacks if fb.has(cp)), None)
            if choice is None and cp in _IGNORABLE:
                choice = ""
            self._choice[cp] = choice
            return choice

    def describe(self) -> str:
        """The main family and the fallback fonts found on this system, in search order."""
        found = [fb.label for fb in self.fallbacks if fb.path is not None and not fb.failed]
        return ", ".join([self.main_label, *dict.fromkeys(found)])


_FONTS: FontSet | None = None
_FONTS_LOCK = threading.Lock()


def _register_main() -> tuple[str, tuple[str, ...], frozenset[int]]:
    for fam in _MAIN_FAMILIES:
        files = [_first_existing(_candidates(*names)) for names in
                 (fam.regular, fam.bold, fam.italic, fam.bold_italic)]  # fmt: skip
        if files[0] is None:
            continue
        regular = files[0]
        paths = [f or regular for f in files]
        try:
            fonts = [
                _TTFont(name, str(path))
                for name, path in zip(
                    (SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC), paths, strict=True
                )
            ]
        except (TTFError, OSError, ValueError, KeyError):
            continue
        return fam.label, tuple(str(p) for p in paths), _register_family(fonts)
    # reportlab's own Vera: always there, Latin only
    import reportlab

    base = Path(reportlab.__file__).parent / "fonts"
    paths = [base / n for n in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")]
    fonts = [
        _TTFont(name, str(path))
        for name, path in zip((SANS, SANS_BOLD, SANS_ITALIC, SANS_BOLD_ITALIC), paths, strict=True)
    ]
    return "Bitstream Vera Sans", tuple(str(p) for p in paths), _register_family(fonts)


def _register_family(fonts: Sequence[TTFont]) -> frozenset[int]:
    for f in fonts:
        pdfmetrics.registerFont(f)
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic=SANS_BOLD_ITALIC
    )
    # User text is set upright, regular or bold, never in italic (DejaVu Sans Oblique has no
    # Arabic): so the main font covers what both upright faces have.
    return frozenset(fonts[0].face.charToGlyph) & frozenset(fonts[1].face.charToGlyph)


def _register_mono() -> str:
    path = _first_existing(_candidates(*_MONO_FILES))
    if path is not None:
        try:
            pdfmetrics.registerFont(_TTFont(MONO, str(path)))
            return path.stem
        except (TTFError, OSError, ValueError, KeyError):
            pass
    pdfmetrics.registerFont(_TTFont(MONO, pdfmetrics.getFont(SANS).face.filename))
    return "(main family)"


def _fallbacks() -> list[_Fallback]:
    out: list[_Fallback] = []
    extra = [p for p in os.environ.get(ENV_FONTS, "").split(os.pathsep) if p.strip()]
    for path in extra:
        p = Path(path.strip()).expanduser()
        if p.is_file():
            out.append(_Fallback(f"RmfFallback{len(out) + 1}", p.name, p))
    seen: set[str] = set()
    for label, name, index in _FALLBACK_FILES:
        found = _first_existing(_candidates(name))
        if found is None or label in seen:
            continue
        seen.add(label)
        out.append(_Fallback(f"RmfFallback{len(out) + 1}", label, found, index))
    out.append(_Fallback("STSong-Light", "STSong-Light (CID, not embedded)", None))
    return out


def fonts() -> FontSet:
    """Find and register the fonts once per process (thread-safe)."""
    global _FONTS
    with _FONTS_LOCK:
        if _FONTS is None:
            label, files, cover = _register_main()
            mono = _register_mono()
            _FONTS = FontSet(
                main_label=label,
                main_files=files,
                mono_label=mono,
                fallbacks=_fallbacks(),
                main_cover=cover,
            )
        return _FONTS


def has_cjk_truetype() -> bool:
    """Whether a TrueType font for Chinese was found (the test command installs one if not)."""
    fs = fonts()
    return fs.font_for(ord("中")) not in (None, "", "STSong-Light")


# --------------------------------------------------------------------------------------------
# User text -> Paragraph markup


def clean(text: str) -> str:
    """Plain text safe for reportlab: no control characters, no lone surrogates."""
    if text.isascii() and text.isprintable():
        return text
    out = []
    for ch in text.replace("\r\n", "\n").replace("\r", "\n"):
        cp = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif cp < 32 or 0x7F <= cp < 0xA0:
            out.append(" ")
        elif 0xD800 <= cp <= 0xDFFF:
            out.append(PLACEHOLDER)
        else:
            out.append(ch)
    return "".join(out)


def _runs(text: str, fs: FontSet) -> list[tuple[str | None, str]]:
    """Split text into (font name or None for the style's font, text) runs."""
    runs: list[tuple[str | None, str]] = []
    cur_font: str | None = None
    buf: list[str] = []
    cover = fs.main_cover
    for ch in text:
        cp = ord(ch)
        if cp < 0x80 or cp in cover:
            font: str | None = None
        else:
            if unicodedata.category(ch) in ("Zs", "Mn") and buf:
                buf.append(ch)  # spaces and combining marks stay with their run
                continue
            found = fs.font_for(cp)
            if found == "":
                continue
            if found is None:
                ch, font = PLACEHOLDER, None
            else:
                font = found
        if font != cur_font and buf:
            runs.append((cur_font, "".join(buf)))
            buf = []
        cur_font = font
        buf.append(ch)
    if buf:
        runs.append((cur_font, "".join(buf)))
    return runs


def uncovered(text: str) -> str:
    """The distinct characters of ``text`` no font found prints (they appear as "�")."""
    if text.isascii():
        return ""
    fs = fonts()
    cover = fs.main_cover
    missing = dict.fromkeys(
        ch
        for ch in clean(text)
        if ord(ch) not in cover and ord(ch) >= 0x80 and fs.font_for(ord(ch)) is None
    )
    return "".join(missing)


def markup(text: str) -> str:
    """User text as Paragraph markup: escaped (data, never markup), each script in its font.

    Newlines become line breaks. Nothing in ``text`` can open a tag: ``<b>`` prints as typed.
    Right-to-left text is shaped and left in logical order: a
    :class:`~rmf_app.report.rtl.BidiParagraph` puts each line in display order once wrapped.
    """
    text = clean(text)
    if text.isascii():
        return escape(text).replace("\n", "<br/>")
    if has_rtl(text) and shaping():
        text = shaped(text)
    fs = fonts()
    parts = []
    for font, run in _runs(text, fs):
        esc = escape(run).replace("\n", "<br/>")
        parts.append(esc if font is None else f'<font name="{font}">{esc}</font>')
    return "".join(parts)


def fit_width(text: str, width: float, size: float) -> str:
    """One line of text clipped with an ellipsis to fit ``width`` points at ``size`` (main font;
    other scripts counted one em per character)."""
    text = " ".join(clean(text).split())
    cover = fonts().main_cover
    used = 0.0
    limit = width - pdfmetrics.stringWidth("…", SANS, size)
    for i, ch in enumerate(text):
        w = pdfmetrics.stringWidth(ch, SANS, size) if ord(ch) in cover else size
        if used + w > limit and i < len(text) - 1:
            return text[:i].rstrip() + "…"
        used += w
    return text
