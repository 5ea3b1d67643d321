"""The guidance of one subcategory, as read-only rich text built from the playbook.

Every piece of content is escaped before it goes into the HTML (an imported content pack is
not trusted to be markup-free). Links never open by themselves: a click asks the interaction
service, which opens only http(s) links.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable

from PySide6.QtCore import QEvent, QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from ..domain.official import Block, OfficialEntry
from ..domain.playbook import Subcategory

#: pages kept laid out (the current one, its neighbours, a few visited)
CACHED_PAGES = 8


def _e(text: str) -> str:
    return html.escape(text, quote=True)


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


class GuidanceView(QTextBrowser):
    """Why it matters, suggested actions, evidence examples, labels and references.

    Args:
        open_link: called with the URL when the user clicks a reference link.
    """

    def __init__(self, open_link: Callable[[QUrl], object], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(open_link)
        self.setAccessibleName(self.tr("Guidance"))
        self.setAccessibleDescription(
            self.tr("Why the subcategory matters, suggested actions, evidence and references")
        )
        self._shown: str | None = None
        self._docs: OrderedDict[str, QTextDocument] = OrderedDict()

    def show_subcategory(self, sub: Subcategory, official: OfficialEntry | None = None) -> None:
        if self._shown == sub.id:
            return
        self._shown = sub.id
        self.setDocument(self._document(sub, official))
        self.verticalScrollBar().setValue(0)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self.clear_cache()  # prepared pages carry the old font; they are rebuilt on demand
        super().changeEvent(event)

    def prefetch(self, sub: Subcategory, official: OfficialEntry | None = None) -> None:
        """Lay out a page before it is needed (called when idle), so moving to it is quick."""
        self._document(sub, official)

    def clear_cache(self) -> None:
        """Forget prepared pages (the content or the official pack changed)."""
        current = self.document()
        for doc in self._docs.values():
            if doc is not current:
                doc.deleteLater()
        self._docs.clear()
        self._shown = None

    def _document(self, sub: Subcategory, official: OfficialEntry | None) -> QTextDocument:
        key = sub.id + ("+official" if official else "")
        doc = self._docs.get(key)
        if doc is None:
            doc = QTextDocument(self)
            doc.setDefaultFont(self.font())
            doc.setDocumentMargin(self.document().documentMargin())
            doc.setHtml(self.page_html(sub, official))
            doc.setTextWidth(self.viewport().width())
            doc.documentLayout().documentSize()  # lay it out now, not in the next paint
            self._docs[key] = doc
            while len(self._docs) > CACHED_PAGES:
                _, old = self._docs.popitem(last=False)
                if old is not self.document():
                    old.deleteLater()
        self._docs.move_to_end(key)
        return doc

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
