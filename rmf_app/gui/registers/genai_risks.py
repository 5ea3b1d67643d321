""" "Add risks from the GenAI profile…": the Generative AI Profile's risks as register entries.

The dialog lists the overlay's 12 risks with a relevance hint from the system profile and any
register risk that already stands for one. The user ticks the ones to add and gives each a
likelihood and an impact (they start empty: the overlay cannot know them). Each becomes a risk
pre-filled with our register title and description, its trustworthiness characteristics and
the subcategories whose actions address it; all of them are added as one undoable edit.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ...domain import framework
from ...domain.assessment import Risk
from ...domain.labels import IMPACT_SCALE, LIKELIHOOD_SCALE
from ...domain.overlay import Overlay
from ...domain.overlay_relevance import register_matches, relevance_hints
from ...services.session import GENAI, AssessmentSession
from ..common.widgets import counted, muted, plain_label, plain_tooltip


def _scale(scale: dict[int, str], name: str) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    combo.addItem("—", None)
    for level, text in scale.items():
        combo.addItem(f"{level} {text}", level)
    return combo


class GenAIRisksDialog(QDialog):
    """Pick GAI risks and score them; :meth:`risks` gives the new register entries."""

    def __init__(
        self, session: AssessmentSession, overlay: Overlay, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.overlay = overlay
        self.setWindowTitle(self.tr("Add risks from the GenAI profile"))
        a = session.assessment
        use = a.overlay(GENAI)
        existing = use.register_risks if use is not None else {}
        hints = relevance_hints(a, overlay)
        covered = register_matches(a, overlay)
        layout = QVBoxLayout(self)
        layout.addWidget(
            plain_label(
                self.tr(
                    "Tick the GAI risks that concern this system and rate each one; they are added to the register with our description, their characteristics and the subcategories whose actions address them. You can edit them afterward."
                )
            )
        )
        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        for col, text in enumerate(
            (self.tr("GAI risk"), self.tr("Why"), self.tr("Likelihood"), self.tr("Impact"))
        ):
            head = QLabel(f"<b>{text}</b>")
            grid.addWidget(head, 0, col)
        self.rows: dict[str, tuple[QCheckBox, QComboBox, QComboBox]] = {}
        for n, risk in enumerate(overlay.risks, start=1):
            box = QCheckBox(f"{risk.number}. {risk.title}")
            box.setToolTip(plain_tooltip(f"{risk.summary}\n\n{risk.in_product}"))
            already = existing.get(risk.id, [])
            if already:
                why = self.tr("already in the register ({0})").format(", ".join(already))
            else:
                why = hints.get(risk.id, "")
                if covered.get(risk.id):
                    mine = ", ".join(covered[risk.id])
                    may = self.tr("your {0} may already cover it").format(mine)
                    why = f"{why}; {may}" if why else may
            if not why:
                why = self.tr("nothing in the profile or the register points to it")
            hint = muted(plain_label(why))
            likelihood = _scale(LIKELIHOOD_SCALE, self.tr("Likelihood of {0}").format(risk.title))
            impact = _scale(IMPACT_SCALE, self.tr("Impact of {0}").format(risk.title))
            # nothing is ticked for the user: the hints say where to look, the user decides
            grid.addWidget(box, n, 0)
            grid.addWidget(hint, n, 1)
            grid.addWidget(likelihood, n, 2)
            grid.addWidget(impact, n, 3)
            self.rows[risk.id] = (box, likelihood, impact)
            for w in (box,):
                w.toggled.connect(self._update)
            for c in (likelihood, impact):
                c.currentIndexChanged.connect(self._update)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(overlay.risks) + 1, 1)  # spare height below the rows, not between
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)
        self.status = plain_label("")
        self.status.setAccessibleName(self.tr("What is missing"))
        # two lines, always: a status that grows and shrinks moves the rows under the pointer
        self.status.setWordWrap(True)
        self.status.setFixedHeight(2 * self.status.fontMetrics().lineSpacing() + 4)
        layout.addWidget(self.status)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Add to register"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(900, 560)
        self._update()

    def picked(self) -> list[str]:
        return [k for k, (box, _l, _i) in self.rows.items() if box.isChecked()]

    def set_scores(self, risk_id: str, likelihood: int, impact: int) -> None:
        _box, lc, ic = self.rows[risk_id]
        lc.setCurrentIndex(lc.findData(likelihood))
        ic.setCurrentIndex(ic.findData(impact))

    def missing(self) -> list[str]:
        """Picked risks without a likelihood or an impact yet."""
        return [
            k
            for k in self.picked()
            if self.rows[k][1].currentData() is None or self.rows[k][2].currentData() is None
        ]

    def _update(self, *_: object) -> None:
        picked, missing = self.picked(), self.missing()
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(picked) and not missing)
        if not picked:
            self.status.setText(self.tr("Tick at least one GAI risk."))
        elif missing:
            titles = [self.overlay.risk(k).title for k in missing]
            shown = ", ".join(titles[:3]) + (
                self.tr(" and {0} more").format(len(titles) - 3) if len(titles) > 3 else ""
            )
            self.status.setText(self.tr("Rate the likelihood and impact of: {0}").format(shown))
        else:
            self.status.setText(
                counted(
                    len(picked),
                    self.tr("{0} risk will be added."),
                    self.tr("{0} risks will be added."),
                )
            )

    def risks(self) -> list[tuple[str, Risk]]:
        """The new register entries, with ids that follow the register's."""
        used = {r.id for r in self.session.assessment.risks}
        out: list[tuple[str, Risk]] = []
        n = len(used) + 1
        for risk_id in self.picked():
            while f"R-{n:03d}" in used:
                n += 1
            new_id = f"R-{n:03d}"
            used.add(new_id)
            gai = self.overlay.risk(risk_id)
            subs = sorted(
                {a.subcategory for a in self.overlay.actions_for_risk(risk_id)},
                key=framework.order_key,
            )
            _box, lc, ic = self.rows[risk_id]
            out.append(
                (
                    risk_id,
                    Risk(
                        id=new_id,
                        title=gai.register_title,
                        description=gai.register_description,
                        characteristics=list(gai.characteristics),
                        subcategories=subs,
                        likelihood=lc.currentData(),
                        impact=ic.currentData(),
                    ),
                )
            )
        return out


def add_risks_from_genai(view: object) -> None:
    """Run the dialog for a risk register view and add what the user picked (one edit)."""
    from .views import RiskRegisterView

    assert isinstance(view, RiskRegisterView)
    if view.adapter is None or view.editor is None or view.read_only:
        return
    session = view.adapter.session
    if session.assessment.overlay(GENAI) is None:
        view.interaction.information(
            view.tr("Add risks from the GenAI profile"),
            view.tr(
                "The Generative AI Profile is not switched on for this assessment. Switch it on on the System profile page first."
            ),
        )
        return
    dialog = GenAIRisksDialog(session, session.overlay_content(GENAI), view)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return
    picked = dialog.risks()
    if picked:
        text = view.tr("Add {0} risks from the GenAI profile").format(len(picked))
        view.editor.add_overlay_risks(GENAI, picked, text)
