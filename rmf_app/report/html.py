"""The accessible HTML report: the full PDF report's content as one semantic HTML file.

For screen-reader users and for pasting into other documents. The sections are the very ones
the PDF is made of (:data:`rmf_app.report.builder.FULL_REPORT`, built from the same
:class:`~rmf_app.report.context.ReportContext` and the same scoring result), so every figure
and every sentence is the PDF's. This module turns their flowables into HTML: headings in
order (never skipping a level), tables with header cells (``<th scope>``) and a caption,
charts as inline SVG with ``role="img"``, a ``<title>`` and a ``<desc>``, followed by a table
of the numbers they draw. No JavaScript; print styles; visible focus; ``lang="en"``.
Standard library only (``html.escape``) besides reportlab's own SVG renderer for the charts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from html.parser import HTMLParser
from typing import Any

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Drawing, Group, String
from reportlab.platypus import Paragraph, Table
from reportlab.platypus.flowables import KeepTogether

from .. import __version__
from ..domain.assessment import Assessment
from ..domain.overlay import Overlay
from ..domain.overlay_scoring import OverlayScores
from ..domain.playbook import Playbook
from ..domain.scoring import Scores
from . import charts, cover
from . import text as T
from .builder import FULL_REPORT, section_numbers
from .context import ReportContext, ReportOptions
from .document import Heading
from .fonts import clean, fonts
from .rtl import logical_order
from .styles import make_styles

__all__ = ["build_html"]

HTML_CONTENTS = "Contents"
HTML_CHART_DATA = "The numbers in this chart"
HTML_SKIP = "Skip to the executive summary"
HTML_GENERATOR = "rmf-app {version}"

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, "Segoe UI", Roboto, "Noto Sans", Arial, sans-serif;
  line-height: 1.5; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 60rem;
  padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.9rem; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.75rem; border-bottom: 2px solid #1f4e79; }
h3 { font-size: 1.2rem; margin: 1.75rem 0 0.5rem; }
h4, h5, h6 { font-size: 1.05rem; margin: 1.25rem 0 0.4rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; color: #4a4a4a; margin: 0; }
.muted, .note { color: #4a4a4a; }
.note { font-style: italic; font-size: 0.92rem; }
.mono { font-family: ui-monospace, "DejaVu Sans Mono", monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; margin: 0.75rem 0 1.25rem; width: 100%; }
caption { text-align: left; font-weight: 600; padding: 0.25rem 0; color: #1f4e79; }
th, td { border: 1px solid #b8b8b8; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; }
thead th { background: #1f4e79; color: #fff; }
tbody th { background: #f1f4f8; font-weight: 600; }
.callout { border-left: 4px solid #1f4e79; background: #f1f4f8; padding: 0.6rem 1rem;
  margin: 0.75rem 0 1.25rem; }
.callout.warn { border-left-color: #a33a00; }
.callout p { margin: 0.3rem 0; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 46rem; height: auto; }
.charts figure { flex: 1 1 22rem; max-width: 30rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem; }
a { color: #0b4f9c; }
a:focus, a:focus-visible, [tabindex]:focus { outline: 3px solid #d35400; outline-offset: 2px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; }
.skip { position: absolute; left: -999rem; }
.skip:focus { position: static; }
nav ul.toc { list-style: none; padding-left: 0; }
nav ul.toc li { margin: 0.15rem 0; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav, .skip { display: none; }
  h2 { break-before: page; }
  h2, h3, h4, caption { break-after: avoid; }
  tr, figure, .callout { break-inside: avoid; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: none; }
  thead th { background: #ddd !important; color: #000; }
}
"""

# reportlab paragraph markup -> HTML: tags kept (renamed); any other tag is dropped, its text kept
_TAGS = {
    "b": "strong",
    "strong": "strong",
    "i": "em",
    "em": "em",
    "u": "u",
    "strike": "s",
    "super": "sup",
    "sup": "sup",
    "sub": "sub",
    "a": "a",
}


class _Markup(HTMLParser):
    """Turns one paragraph's reportlab markup into HTML phrasing content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.out.append("<br>")
            return
        name = _TAGS.get(tag)
        if name is None:
            return
        if name == "a":
            href = dict(attrs).get("href") or ""
            if not href.startswith(("http://", "https://", "mailto:")):
                return  # internal PDF links: the text stays, the link does not
            self.out.append(f'<a href="{escape(href)}">')
        else:
            self.out.append(f"<{name}>")
        self.open.append(name)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            # inside a link, the lines the PDF cut a long URL into: the browser wraps it
            self.out.append("<wbr>" if "a" in self.open else "<br>")

    def handle_endtag(self, tag: str) -> None:
        name = _TAGS.get(tag)
        if name is None or name not in self.open:
            return
        while self.open:
            top = self.open.pop()
            self.out.append(f"</{top}>")
            if top == name:
                break

    def handle_data(self, data: str) -> None:
        self.out.append(escape(data, quote=False))

    def result(self) -> str:
        self.close()
        while self.open:
            self.out.append(f"</{self.open.pop()}>")
        return "".join(self.out)


def inline(markup_text: str) -> str:
    """A paragraph's reportlab markup as HTML (escaped text, simple phrasing tags)."""
    parser = _Markup()
    parser.feed(markup_text)
    return parser.result()


def plain(markup_text: str) -> str:
    """A paragraph's markup as plain text (for captions, titles and the contents)."""
    return re.sub(r"<[^>]*>", "", inline(markup_text)).replace("<br>", " ")


def _style(p: Paragraph) -> str:
    return str(getattr(p.style, "name", ""))


def _label_row(t: Table, index: int, row: Sequence[Any]) -> bool:
    """A row of labels for the row below it (the detailed responses' strips print them small
    and muted): plain strings all in the muted color."""
    from .styles import MUTED

    styles = getattr(t, "_cellStyles", None)
    if not styles or not row or not all(isinstance(c, str) for c in row):
        return False
    return all(getattr(styles[index][i], "color", None) == MUTED for i in range(len(row)))


def _drawing_strings(node: Any) -> list[str]:
    out: list[str] = []
    for child in getattr(node, "contents", []):
        if isinstance(child, String):
            text = str(child.text).strip()
            if text:
                out.append(text)
        elif isinstance(child, Group | Drawing):
            out += _drawing_strings(child)
    return out


class _Writer:
    """Walks the report's flowables and writes HTML; keeps heading levels and ids."""

    def __init__(self, ctx: ReportContext) -> None:
        self.ctx = ctx
        self.out: list[str] = []
        self.level = 1  # the <h1> is the document title
        self.section_level = 1
        self.heading = ""
        self.ids = 0
        self.toc: list[tuple[str, str]] = []
        self.charts_under_heading = 0

    def new_id(self, prefix: str) -> str:
        self.ids += 1
        return f"{prefix}-{self.ids}"

    # headings ----------------------------------------------------------------------------
    def write_heading(self, text_html: str, wanted: int, *, section: bool = False) -> None:
        level = max(2, min(wanted, self.level + 1, 6))
        hid = self.new_id("h")
        self.out.append(f'<h{level} id="{hid}">{text_html}</h{level}>')
        self.level = level
        if section:
            self.section_level = level
        self.heading = re.sub(r"<[^>]*>", "", text_html)
        self.charts_under_heading = 0
        if level == 2:
            self.toc.append((hid, self.heading))

    # flowables ---------------------------------------------------------------------------
    def flowables(self, items: Iterable[Any]) -> None:
        for f in items:
            self.flowable(f)

    def flowable(self, f: Any) -> None:
        if isinstance(f, Heading):
            self.write_heading(inline(f.text), int(f.level) + 2, section=True)
        elif isinstance(f, Paragraph):
            self.paragraph(f)
        elif isinstance(f, Table):
            self.table(f)
        elif isinstance(f, Drawing):
            self.drawing(f)
        elif isinstance(f, KeepTogether):
            self.flowables(f._content)
        elif isinstance(f, list | tuple):
            self.flowables(f)
        elif isinstance(f, str):
            if f.strip():
                self.out.append(f"<p>{escape(f, quote=False)}</p>")
        # spacers, page breaks, page templates: layout only, nothing to say

    def paragraph(self, p: Paragraph) -> None:
        style = _style(p)
        body = inline(p.text)
        if style in ("h2", "h3", "h4"):
            depth = {"h2": 1, "h3": 2, "h4": 3}[style]
            self.write_heading(body, self.section_level + depth)
        elif style == "cover_title":
            return  # the document's <h1>
        elif style.startswith("mono"):
            self.out.append(f'<p class="mono">{body}</p>')
        elif style in ("muted", "note", "guidance", "cover_note", "cover_subtitle"):
            self.out.append(f'<p class="{"note" if style == "note" else "muted"}">{body}</p>')
        elif body.strip():
            self.out.append(f"<p>{body}</p>")

    def cell_html(self, value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return escape(value, quote=False)
        if isinstance(value, Paragraph):
            return inline(value.text)
        saved, self.out = self.out, []
        self.flowable(value)
        inner, self.out = self.out, saved
        return "".join(inner)

    def table(self, t: Table) -> None:
        rows: list[list[Any]] = [list(r) for r in t._cellvalues]
        if not rows or not rows[0]:
            return
        cells = [c for r in rows for c in r]
        # a callout: one cell holding paragraphs
        if len(cells) == 1 and isinstance(cells[0], list | tuple):
            saved, self.out = self.out, []
            self.flowables(cells[0])
            inner, self.out = self.out, saved
            warn = self._is_warn(t)
            self.out.append(f'<div class="callout{" warn" if warn else ""}">{"".join(inner)}</div>')
            return
        # a layout table of charts
        if all(isinstance(c, Drawing) for c in cells):
            self.out.append('<div class="charts">')
            self.flowables(cells)
            self.out.append("</div>")
            return
        header = int(getattr(t, "repeatRows", 0) or 0) >= 1 or all(
            isinstance(c, Paragraph) and _style(c).startswith("cell_head") for c in rows[0]
        )
        label_rows = {
            i for i, r in enumerate(rows) if (i > 0 or not header) and _label_row(t, i, r)
        }
        caption = escape(self.heading or T.DOC_SUBJECT, quote=False)
        # a table right under its heading: the caption repeats it, for screen readers only
        hidden = bool(self.out) and self.out[-1].startswith("<h")
        cap_class = ' class="visually-hidden"' if hidden else ""
        html = [f"<table><caption{cap_class}>{caption}</caption>"]
        body = list(enumerate(rows))
        if header:
            heads = "".join(f'<th scope="col">{self.cell_html(c)}</th>' for c in rows[0])
            html.append(f"<thead><tr>{heads}</tr></thead>")
            body = body[1:]
        html.append("<tbody>")
        for n, r in body:
            html.append("<tr>")
            for i, c in enumerate(r):
                content = self.cell_html(c)
                if n in label_rows:
                    html.append(f'<th scope="col">{content}</th>')
                elif i == 0 and not header and not label_rows:
                    html.append(f'<th scope="row">{content}</th>')
                else:
                    html.append(f"<td>{content}</td>")
            html.append("</tr>")
        html.append("</tbody></table>")
        self.out.append("".join(html))

    @staticmethod
    def _is_warn(t: Table) -> bool:
        for cmd in getattr(t, "_linecmds", []):
            if cmd and cmd[0] == "LINEBEFORE":
                color = cmd[4] if len(cmd) > 4 else None
                from .styles import WARN

                return bool(color == WARN)
        return False

    def drawing(self, d: Drawing) -> None:
        """A chart: inline SVG with a title and a description, then its numbers as a table."""
        index = self.charts_under_heading
        self.charts_under_heading += 1
        strings = _drawing_strings(d)
        title = self.heading
        data = chart_data(self.ctx, self.heading, index)
        if data is not None:
            title = data[0]
        desc = "; ".join(strings) if strings else title
        tid, did = self.new_id("t"), self.new_id("d")
        svg = renderSVG.drawToString(d)
        svg = svg[svg.index("<svg") :]
        svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
        svg = re.sub(r"\s(?:xmlns:xlink|xml:space|xmlns)=\"[^\"]*\"", "", svg)
        svg = _svg_for_html(svg, self.new_id("svg"))
        open_end = svg.index(">")
        svg = (
            svg[:open_end]
            + f' role="img" aria-labelledby="{tid} {did}" focusable="false"'
            + svg[open_end : open_end + 1]
            + f'<title id="{tid}">{escape(title, quote=False)}</title>'
            + f'<desc id="{did}">{escape(desc, quote=False)}</desc>'
            + svg[open_end + 1 :]
        )
        self.out.append(f"<figure>{svg}</figure>")
        if data is not None:
            self.out.append(data_table(*data))


def _svg_for_html(svg: str, uid: str) -> str:
    """reportlab's SVG made fit to sit inline in a page: its placeholder title and description
    go (ours are added), its fixed ids ("clip", "group") become unique in the page (else every
    chart is clipped by the first one's clip path), and the PDF's font names become the page's
    sans-serif fonts."""
    svg = re.sub(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>", "", svg)
    svg = svg.replace('id="clip"', f'id="{uid}-clip"').replace("url(#clip)", f"url(#{uid}-clip)")
    svg = svg.replace(' id="group"', "")
    svg = re.sub(
        r"font-family: ?[A-Za-z]+-Bold(?:Italic)?",
        "font-family: sans-serif; font-weight: bold",
        svg,
    )
    svg = re.sub(r"font-family: ?[A-Za-z][\w-]*", "font-family: sans-serif", svg)
    return svg


def data_table(caption: str, head: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """The numbers a chart draws, as a table (the first column names the row)."""
    out = [f"<table><caption>{escape(caption, quote=False)}</caption><thead><tr>"]
    out += [f'<th scope="col">{escape(h, quote=False)}</th>' for h in head]
    out.append("</tr></thead><tbody>")
    for r in rows:
        out.append(f'<tr><th scope="row">{escape(r[0], quote=False)}</th>')
        out += [f"<td>{escape(c, quote=False)}</td>" for c in r[1:]]
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def chart_data(
    ctx: ReportContext, heading: str, index: int
) -> tuple[str, list[str], list[list[str]]] | None:
    """The figures behind the chart ``index`` under ``heading``, from the scoring result."""
    s = ctx.scores
    if heading in (T.CH_FUNCTIONS, T.CH_CATEGORIES):
        groups = s.functions if heading == T.CH_FUNCTIONS else s.categories
        head = ["", T.CH_MEAN_CURRENT, T.CH_MEAN_TARGET, T.KF_AT_TARGET, T.CH_RATED_HEAD]
        rows = [
            [
                g.id + (f" {T.CH_PROVISIONAL_MARK}" if g.provisional else ""),
                charts.fmt_mean(g.mean_current),
                charts.fmt_mean(g.mean_target),
                f"{g.at_target.percent()} ({g.at_target.numerator}/{g.at_target.denominator})",
                T.CH_RATED.format(n=g.rated, m=g.applicable),
            ]
            for g in groups
        ]
        return heading, head, rows
    if heading == T.CH_CHARACTERISTICS:
        rows = [
            [
                c.characteristic,
                f"{c.at_target.percent()} ({c.at_target.numerator}/{c.at_target.denominator})",
            ]
            for c in s.characteristics
        ]
        return heading, ["", T.KF_AT_TARGET], rows
    if heading == T.CH_HEAT and index < 2:
        grid = s.inherent_heatmap if index == 0 else s.residual_heatmap
        title = T.CH_INHERENT if index == 0 else T.CH_RESIDUAL
        head = [f"{T.CH_LIKELIHOOD} \\ {T.CH_IMPACT}", *(str(i) for i in range(1, 6))]
        rows = [
            [str(lk), *(str(grid[lk - 1][im - 1]) for im in range(1, 6))] for lk in (5, 4, 3, 2, 1)
        ]
        return title, head, rows
    return None


def build_html(
    assessment: Assessment,
    scores: Scores,
    playbook: Playbook,
    options: ReportOptions,
    *,
    overlay: Overlay | None = None,
    overlay_scores: OverlayScores | None = None,
) -> str:
    """The full report as one self-contained HTML document (a string).

    The arguments are those of :func:`~rmf_app.report.builder.build_report`; the executive
    option is ignored: the HTML report is always the full one."""
    fonts()
    ctx = ReportContext(
        styles=make_styles(),
        assessment=assessment,
        scores=scores,
        playbook=playbook,
        options=options,
        numbers={},
        overlay=overlay,
        overlay_scores=overlay_scores,
    )
    parts = tuple(p for p in FULL_REPORT if p.only_if is None or p.only_if(ctx))
    ctx.numbers = section_numbers(parts)
    from . import summary

    w = _Writer(ctx)
    with logical_order():  # the browser shapes and orders right-to-left text itself
        cover_flowables = [f for f in cover.cover(ctx) if not isinstance(f, Heading)]
        w.flowables(cover_flowables)
        w.flowables(summary.summary(ctx))
        for part in parts:
            w.flowables(part.build(ctx))

    name = clean(assessment.profile.name).replace("\n", " ")
    title = T.DOC_TITLE.format(system=name)
    summary_id = w.toc[0][0] if w.toc else ""
    nav = "".join(
        f'<li><a href="#{hid}">{escape(text, quote=False)}</a></li>' for hid, text in w.toc
    )
    head = (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="{escape(HTML_GENERATOR.format(version=__version__))}">\n'
        f"<title>{escape(title, quote=False)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
    )
    top = (
        f'<a class="skip" href="#{summary_id}">{HTML_SKIP}</a>\n'
        f'<header><p class="kicker">{escape(T.COVER_KICKER, quote=False)}</p>'
        f"<h1>{escape(name, quote=False)}</h1></header>\n<main>\n"
    )
    # the contents come right after the cover block, before the summary's <h2>
    body = "\n".join(w.out)
    nav_html = f'<nav aria-labelledby="toc-h"><h2 id="toc-h">{HTML_CONTENTS}</h2><ul class="toc">{nav}</ul></nav>\n'
    split = body.find(f'<h2 id="{summary_id}"') if summary_id else -1
    if split >= 0:
        body = body[:split] + nav_html + body[split:]
    else:
        body = nav_html + body
    return head + top + body + "\n</main>\n</body>\n</html>\n"
