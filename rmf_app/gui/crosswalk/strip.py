"""The walk's "Also evidences" strip: what a subcategory also helps to show elsewhere.

One line per crosswalk: the ISO/IEC 42001 clauses and controls NIST's crosswalk pairs the
subcategory with, and the EU AI Act articles of rmf-app's own mapping (labeled as such). An
article's relation and rationale show when the pointer rests on it, and in a details popup when
it is clicked; articles that the system's EU AI Act role and class rule out are greyed.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QFrame, QLabel, QToolTip, QVBoxLayout, QWidget

from ...domain.assessment import Assessment
from ...domain.crosswalk import RELATIONS, Crosswalk, CrosswalkPair, CrosswalkRef
from ...services import crosswalks
from ..common.interaction import Interaction
from ..common.widgets import WrapLabel, muted
from ..common.widgets import escape_html as _e


class AlsoEvidencesStrip(QFrame):
    """The crosswalk references of the subcategory on screen.

    Args:
        interaction: shows a reference's details when it is clicked.
    """

    def __init__(self, interaction: Interaction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.setObjectName("also_evidences")
        self.setAccessibleName(self.tr("Also evidences"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(1)
        self.lines: dict[str, QLabel] = {}
        self._pairs: dict[str, tuple[Crosswalk, CrosswalkPair, CrosswalkRef, bool]] = {}
        self.subcategory = ""
        for cw in crosswalks.crosswalks():
            label = muted(WrapLabel(rich=True))
            label.setTextInteractionFlags(
                Qt.TextInteractionFlag.LinksAccessibleByMouse
                | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
            )
            label.setOpenExternalLinks(False)
            label.linkHovered.connect(self._hovered)
            label.linkActivated.connect(self.show_details)
            layout.addWidget(label)
            self.lines[cw.id] = label

    def heading(self, cw: Crosswalk) -> str:
        if cw.own_mapping:
            return self.tr("{0} (rmf-app's own mapping)").format(cw.title)
        return cw.title

    def show_subcategory(self, subcategory_id: str, assessment: Assessment | None) -> None:
        """Show the references of one subcategory, greying articles ruled out by the
        assessment's EU AI Act role and class."""
        self.subcategory = subcategory_id
        self._pairs.clear()
        for cw, rows in crosswalks.also_evidences(subcategory_id, assessment):
            label = self.lines[cw.id]
            head = _e(self.tr("Also evidences — {0}:").format(self.heading(cw)))
            if not rows:
                label.setText(f"{head} {_e(self.tr('nothing mapped'))}")
                label.setAccessibleDescription(self.tr("nothing mapped"))
                continue
            parts = []
            for pair, ref, applies in rows:
                key = f"{cw.id}|{ref.id}"
                self._pairs[key] = (cw, pair, ref, applies)
                text = _e(ref.display)
                if not applies:
                    text = f'<span style="color:gray">{text}</span>'
                parts.append(f'<a href="{_e(key)}" style="text-decoration:none">{text}</a>')
            label.setText(f"<b>{head}</b> " + " · ".join(parts))
            label.setAccessibleDescription("; ".join(r.display for _, r, _ in rows))

    def tooltip(self, key: str) -> str:
        """The hover text of a reference: its label, and for our own mapping the relation and
        the rationale."""
        _cw, pair, ref, applies = self._pairs[key]
        lines = [f"{ref.display} ({ref.kind_label})"]
        if pair.relation is not None and pair.rationale is not None:
            lines.append(
                self.tr("{0} {1} this article: {2}").format(
                    self.subcategory, RELATIONS[pair.relation], pair.rationale
                )
            )
            lines.append(self.tr("rmf-app's own mapping; not legal advice."))
        else:
            lines.append(self.tr("Paired by NIST's published crosswalk."))
        if not applies:
            lines.append(self.tr("Does not apply under the system's EU AI Act role and class."))
        return "\n".join(lines)

    def _hovered(self, key: str) -> None:
        if key in self._pairs:
            text = "<qt>" + _e(self.tooltip(key)).replace("\n", "<br>") + "</qt>"
            QToolTip.showText(QCursor.pos(), text, self)
        else:
            QToolTip.hideText()

    def show_details(self, key: str) -> None:
        """The details popup of a reference (clicked in the strip)."""
        if key not in self._pairs:
            return
        cw, _pair, ref, _applies = self._pairs[key]
        text = self.tooltip(key)
        if ref.summary:
            text += "\n\n" + self.tr("What the article asks (our summary): {0}").format(ref.summary)
        if ref.scope_note:
            text += "\n\n" + ref.scope_note
        text += "\n\n" + self.tr("Source: {0}").format(cw.source)
        self.interaction.information(ref.display, text)
