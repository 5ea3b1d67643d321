"""The guidance of one subcategory, as read-only rich text built from the playbook.

Every piece of content is escaped before it goes into the HTML (an imported content pack is
not trusted to be markup-free). Links never open by themselves: a click asks the interaction
service, which opens only http(s) links.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtWidgets import QStackedWidget, QTextBrowser, QWidget

from ...domain.playbook import Subcategory
from ..common.fields import fit_wrap
from ..common.widgets import escape_html as _e

if TYPE_CHECKING:  # loaded only once a NIST pack was imported
    from ...domain.official import Block, OfficialEntry

#: pages kept laid out, each in its own browser: the one on screen and its neighbours
CACHED_PAGES = 3


def _blocks(blocks: list[Block]) -> str:
    """Paragraphs and nested bullets as HTML (every text escaped)."""
    out: list[str] = []
    depth = 0
    for b in blocks:
        want = b.level + 1 if b.bullet else 0
        while depth < want:
            out.append("<ul>")
            depth += 1
        while depth > want:
            out.append("</ul>")
            depth -= 1
        out.append(f"<li>{_e(b.text)}</li>" if b.bullet else f"<p>{_e(b.text)}</p>")
    out.extend("</ul>" for _ in range(depth))
    return "".join(out)


class _Page(QTextBrowser):
    """One subcategory's guidance (``key`` says which; None while unused)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key: str | None = None
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        # A steady text width: a scroll bar that came and went with the page's length would
        # change the width on showing a prepared page, and lay its whole text out again.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self.setAccessibleName(self.tr("Guidance"))
        self.setAccessibleDescription(
            self.tr("Why the subcategory matters, suggested actions, evidence and references")
        )


class GuidanceView(QStackedWidget):
    """Why it matters, suggested actions, evidence examples, labels and references.

    Each page is laid out in a browser of its own, and the neighbours of the page on screen are
    prepared while the user reads (:meth:`prefetch`): moving on then only brings another browser
    to the front. (Giving one browser a new document lays the whole text out again, even a
    document laid out beforehand: that was a third of the time of a move.)

    Args:
        open_link: called with the URL when the user clicks a reference link.

    Signals:
        anchorClicked(QUrl): a link on the page on screen was clicked.
    """

    anchorClicked = Signal(QUrl)

    def __init__(self, open_link: Callable[[QUrl], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.anchorClicked.connect(open_link)
        self._recent: list[_Page] = []  # least recently shown or prepared first
        self._shown: str | None = None
        self._new_page()

    # the page on screen, for reading its text
    def page(self) -> QTextBrowser:
        widget = self.currentWidget()
        assert isinstance(widget, _Page)
        return widget

    def toPlainText(self) -> str:
        return self.page().toPlainText()

    def toHtml(self) -> str:
        return self.page().toHtml()

    def show_subcategory(self, sub: Subcategory, official: OfficialEntry | None = None) -> None:
        key = self._key(sub, official)
        if self._shown == key:
            return
        page = self._page(key, sub, official, first=self._shown is None)
        had_focus = self.page().hasFocus()
        page.verticalScrollBar().setValue(0)
        self.setCurrentWidget(page)
        self._shown = key
        if had_focus:
            page.setFocus(Qt.FocusReason.OtherFocusReason)

    def prefetch(self, sub: Subcategory, official: OfficialEntry | None = None) -> None:
        """Lay out a page before it is needed (called when idle), so moving to it is quick."""
        self._page(self._key(sub, official), sub, official)

    def clear_cache(self) -> None:
        """Forget prepared pages (the content or the official pack changed)."""
        for page in self._recent:
            page.key = None
        self._shown = None

    @staticmethod
    def _key(sub: Subcategory, official: OfficialEntry | None) -> str:
        return sub.id + ("+official" if official else "")

    def _new_page(self) -> _Page:
        page = _Page()
        page.anchorClicked.connect(self.anchorClicked)
        current = self.currentWidget()
        self.addWidget(page)
        if current is not None:
            page.resize(current.size())  # lay it out at the width it will be shown at
        self._recent.insert(0, page)
        return page

    def _page(
        self, key: str, sub: Subcategory, official: OfficialEntry | None, first: bool = False
    ) -> _Page:
        """The page showing ``key``, prepared if need be. ``first``: for showing, with
        nothing shown yet — then the blank page on screen is used, not a new one."""
        page = next((p for p in self._recent if p.key == key), None)
        if page is None:
            current = self.currentWidget()
            idle = [p for p in self._recent if p is not current or (first and p.key is None)]
            if not idle or (len(self._recent) < CACHED_PAGES and not first):
                page = self._new_page()
            else:
                page = idle[0]  # the least recently used page not on screen
            page.key = key
            page.setHtml(self.page_html(sub, official))
            # an imported pack may hold very long runs without a space: wrap those anywhere
            fit_wrap(page, page.document().toPlainText())
            if self.isVisible():  # lay it out now, not when shown (a hidden view has no width)
                page.document().documentLayout().documentSize()
        self._recent.remove(page)
        self._recent.append(page)
        return page

    def page_html(self, sub: Subcategory, official: OfficialEntry | None = None) -> str:
        tr = self.tr

        def section(title: str, body: str) -> str:
            return f"<h3>{_e(title)}</h3>{body}"

        def items(values: list[str]) -> str:
            return "<ul>" + "".join(f"<li>{_e(v)}</li>" for v in values) + "</ul>"

        parts = [section(tr("Why it matters"), f"<p>{_e(sub.why)}</p>")]
        parts.append(section(tr("Suggested actions"), items(sub.actions)))
        parts.append(section(tr("Evidence a reviewer would accept"), items(sub.evidence)))
        labels = [
            (tr("AI actors"), sub.actors),
            (tr("Topics"), sub.topics),
            (tr("Trustworthiness characteristics"), sub.characteristics),
        ]
        parts.append(
            section(
                tr("Who and what it concerns"),
                "".join(f"<p><b>{_e(k)}:</b> {_e(', '.join(v))}</p>" for k, v in labels),
            )
        )
        refs = []
        for ref in sub.references:
            if ref.url:
                refs.append(
                    f'<li>{_e(ref.citation)}<br><a href="{_e(ref.url)}">{_e(ref.url)}</a></li>'
                )
            else:
                refs.append(f"<li>{_e(ref.citation)}</li>")
        parts.append(section(tr("References"), "<ul>" + "".join(refs) + "</ul>"))
        if official is not None:
            parts.append(self._official_html(official))
        parts.append(
            "<p><small>"
            + _e(
                tr(
                    "Guidance written by the rmf-app authors for the AI RMF 1.0 core; it is not the official NIST text."
                )
            )
            + "</small></p>"
        )
        return "".join(parts)

    def _official_html(self, entry: OfficialEntry) -> str:
        tr = self.tr
        parts = [
            "<hr>",
            f"<h2>{_e(tr('Official NIST text'))}</h2>",
            f"<p><i>{_e(tr('From the imported NIST AI RMF Playbook, shown as published.'))}</i></p>",
            f"<p><b>{_e(entry.statement)}</b></p>",
        ]
        if entry.about:
            parts.append(f"<h3>{_e(tr('About'))}</h3>{_blocks(entry.about)}")
        if entry.actions:
            parts.append(f"<h3>{_e(tr('Suggested actions (NIST)'))}</h3>{_blocks(entry.actions)}")
        if entry.questions:
            items = "".join(f"<li>{_e(q)}</li>" for q in entry.questions)
            parts.append(f"<h3>{_e(tr('Transparency and documentation'))}</h3><ul>{items}</ul>")
        refs = entry.transparency_resources + entry.references
        if refs:
            items = "".join(
                f'<li>{_e(r.citation)}<br><a href="{_e(r.url)}">{_e(r.url)}</a></li>'
                if r.url and r.url.startswith(("http://", "https://"))
                else f"<li>{_e(r.citation)}</li>"
                for r in refs
            )
            parts.append(f"<h3>{_e(tr('References (NIST)'))}</h3><ul>{items}</ul>")
        return "".join(parts)
