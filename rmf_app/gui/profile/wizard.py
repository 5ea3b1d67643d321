"""The new-assessment wizard: system profile, overlays, scope, default target, and where to
save it."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from ...domain.assessment import Assessment, SystemProfile
from ...domain.labels import MATURITY_LEVELS
from ...domain.overlay_answers import OverlayUse
from ...domain.playbook import Playbook
from ...services.errors import describe_validation_error
from ..common.interaction import AIRMF_FILTER, Interaction
from ..common.interaction import tr as itr
from ..common.widgets import counted, muted, plain_label
from .form import ProfileForm
from .overlays import OverlayChooser, suggested
from .scope_editor import ScopeEditor

#: creates the file and opens it; returns False (after telling the user) when it failed
Create = Callable[[Path, Assessment], bool]


def _scrolled(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setWidget(widget)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes straight to the fields
    return area


class _FormPage(QWizardPage):
    def __init__(self, title: str, subtitle: str, form: ProfileForm) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.form = form
        layout = QVBoxLayout(self)
        layout.addWidget(_scrolled(form))
        form.textEdited.connect(lambda *_: self.completeChanged.emit())

    def initializePage(self) -> None:
        first = self.form.first_field()
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)  # type right away

    def isComplete(self) -> bool:
        return not self.form.missing_required()


class ScopePage(QWizardPage):
    def __init__(self, playbook: Playbook) -> None:
        super().__init__()
        self.setTitle(self.tr("Scope"))
        self.setSubTitle(
            self.tr(
                "Assess the whole core, or leave out what does not concern this system and say why."
            )
        )
        layout = QVBoxLayout(self)
        self.editor = ScopeEditor(playbook)
        layout.addWidget(self.editor, 1)
        self.notes = ProfileForm(("scope_notes",), titled=False)
        layout.addWidget(self.notes)
        self.editor.changed.connect(self.completeChanged)

    def isComplete(self) -> bool:
        return not self.editor.missing_reasons()


class TargetPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(self.tr("Default target maturity"))
        self.setSubTitle(
            self.tr(
                "The level this system should reach in every subcategory; you can set another target for any subcategory later."
            )
        )
        layout = QVBoxLayout(self)
        self.group = QButtonGroup(self)
        for level, (name, meaning) in MATURITY_LEVELS.items():
            button = QRadioButton(f"&{level}  {self.tr(name)} — {self.tr(meaning)}")
            button.setAccessibleName(
                self.tr("Default target {0}: {1}").format(level, self.tr(name))
            )
            self.group.addButton(button, level)
            layout.addWidget(button)
        self.group.button(3).setChecked(True)
        note = plain_label(
            self.tr(
                "The maturity scale is rmf-app's own method: AI RMF 1.0 defines no maturity levels or scores. The result is a voluntary self-assessment, not a certification."
            )
        )
        muted(note)
        layout.addSpacing(12)
        layout.addWidget(note)
        layout.addStretch(1)

    def level(self) -> int:
        return max(0, self.group.checkedId())


class OverlaysPage(QWizardPage):
    """Which overlays to use; the Generative AI Profile is ticked when the profile suggests it,
    until the user ticks or unticks it."""

    def __init__(self, wizard: NewAssessmentWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Profiles"))
        self.setSubTitle(
            self.tr(
                "Profiles add guidance for a kind of system on top of the AI RMF core. You can switch them on or off later on the System profile page."
            )
        )
        layout = QVBoxLayout(self)
        self.chooser = OverlayChooser()
        layout.addWidget(self.chooser)
        layout.addStretch(1)
        self.decided = False
        self.chooser.toggled.connect(self._decided)

    def _decided(self, *_: object) -> None:
        self.decided = True

    def initializePage(self) -> None:
        suggest = suggested(self.wiz.profile_values())
        self.chooser.show_suggestion(suggest)
        if not self.decided:
            self.chooser.set_chosen(["genai"] if suggest else [])


class FilePage(QWizardPage):
    """Where the new .airmf goes; pressing Create writes it."""

    def __init__(self, wizard: NewAssessmentWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Save the assessment"))
        self.setSubTitle(
            self.tr("Every answer is saved to this file as you go; there is no Save button.")
        )
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("&Create"))
        layout = QVBoxLayout(self)
        label = QLabel(self.tr("&File:"))
        row = QHBoxLayout()
        self.path = QLineEdit()
        self.path.setAccessibleName(self.tr("File to create"))
        label.setBuddy(self.path)
        self.browse = QPushButton(self.tr("Brow&se…"))
        self.browse.setAccessibleName(self.tr("Choose where to save"))
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        layout.addWidget(label)
        layout.addLayout(row)
        self.summary = plain_label("")
        self.summary.setAccessibleName(self.tr("Summary"))
        layout.addSpacing(12)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self._edited = False
        self.path.textEdited.connect(self._path_edited)
        self.browse.clicked.connect(self._browse)

    def _path_edited(self) -> None:
        self._edited = True
        self.completeChanged.emit()

    def initializePage(self) -> None:
        if not self._edited or not self.path.text().strip():
            self.path.setText(str(self.wiz.default_path()))
        scope = self.wiz.scope_page.editor.scope()
        values = self.wiz.profile_values()
        org = str(values.get("organisation", "")).strip()
        contacts = values.get("contacts", [])
        components = values.get("components", [])
        lines = [
            self.tr("System: {0}").format(values.get("name", ""))
            + (self.tr(" — {0}").format(org) if org else ""),
            self.tr("Contacts: {0}; third-party components: {1}").format(
                len(contacts) if isinstance(contacts, list) else 0,
                len(components) if isinstance(components, list) else 0,
            ),
            self.tr("Scope: the whole core")
            if not scope.exclusions
            else self.tr("Scope: {0} left out ({1})").format(
                counted(len(scope.exclusions), self.tr("{0} item"), self.tr("{0} items")),
                ", ".join(e.item_id for e in scope.exclusions),
            ),
            self.tr("Default target: {0} {1}").format(
                self.wiz.target_page.level(),
                self.tr(MATURITY_LEVELS[self.wiz.target_page.level()][0]),
            ),
            self.tr("Profiles: {0}").format(
                ", ".join(
                    self.wiz.overlays_page.chooser.overlays[k].title
                    for k in self.wiz.overlays_page.chooser.chosen()
                )
                or self.tr("none")
            ),
        ]
        self.summary.setText("\n".join(lines))

    def _browse(self) -> None:
        chosen = self.wiz.interaction.save_file_name(
            self.tr("New assessment"), self.path.text(), [itr(AIRMF_FILTER)], new_file=True
        )
        if chosen:
            self.path.setText(chosen)
            self._edited = True
            self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.path.text().strip())

    def target(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".airmf" else path.with_name(path.name + ".airmf")

    def validatePage(self) -> bool:
        return self.wiz.finish(self.target())


class NewAssessmentWizard(QWizard):
    """Collects a system profile, the scope and the default target, then creates the file.

    Args:
        playbook: the framework content (for the scope tree).
        interaction: for the file picker and error messages.
        create: writes and opens the new file (the main window's job).
        folder: where the file is proposed.
    """

    def __init__(
        self,
        playbook: Playbook,
        interaction: Interaction,
        create: Create,
        folder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.interaction = interaction
        self.create_file = create
        self.folder = folder
        self.created: Path | None = None
        self.setWindowTitle(self.tr("New assessment"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.basics = ProfileForm(("basics",), titled=False)
        self.context = ProfileForm(("context",), titled=False)
        self.parties = ProfileForm(("parties",), titled=False)
        pages = [
            _FormPage(
                self.tr("The AI system"),
                self.tr(
                    "Which system is assessed? Only the name is required; everything here can be changed later."
                ),
                self.basics,
            ),
            _FormPage(
                self.tr("Context of use"),
                self.tr("Who runs it, at what stage, for whom, and how much risk is tolerated."),
                self.context,
            ),
            _FormPage(
                self.tr("People and third parties"),
                self.tr(
                    "Contacts for this assessment and the third-party models, data and services the system depends on."
                ),
                self.parties,
            ),
        ]
        self.overlays_page = OverlaysPage(self)
        self.scope_page = ScopePage(playbook)
        self.target_page = TargetPage()
        self.file_page = FilePage(self)
        for page in [
            *pages,
            self.overlays_page,
            self.scope_page,
            self.target_page,
            self.file_page,
        ]:
            self.addPage(page)
        self.resize(860, 700)
        self._initial = self._entered()

    def _entered(self) -> tuple[object, ...]:
        """What the user can type or choose, to tell whether anything was entered."""
        return (self.profile_values(), self.scope_page.editor.scope(), self.target_page.level())

    def reject(self) -> None:
        """Cancel or Escape: ask before throwing away what was entered."""
        if self.created is None and self._entered() != self._initial:
            if not self.interaction.confirm(
                self.tr("Discard the new assessment?"),
                self.tr("Nothing has been saved yet. Discard what you entered in the wizard?"),
                self.tr("Discard"),
                irreversible=True,
            ):
                return
        super().reject()

    def profile_values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for form in (self.basics, self.context, self.parties, self.scope_page.notes):
            values.update(form.values())
        return values

    def default_path(self) -> Path:
        # propose a folder that exists: a fresh account may have no ~/Documents yet
        candidates = [
            self.folder,
            QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation),
            str(Path.home()),
        ]
        folder = next((c for c in candidates if c and Path(c).is_dir()), str(Path.home()))
        name = str(self.profile_values().get("name", "")).strip() or "assessment"
        stem = re.sub(r'[\\/:*?"<>|\x00-\x1f]+', "-", name).strip(" .-") or "assessment"
        return Path(folder) / f"{stem}.airmf"

    def assessment(self) -> Assessment:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        return Assessment(
            created_at=now,
            assessment_date=dt.date.today(),
            profile=SystemProfile.model_validate(self.profile_values()),
            scope=self.scope_page.editor.scope(),
            default_target=self.target_page.level(),
            overlays=[
                OverlayUse(id=k, version=self.overlays_page.chooser.overlays[k].version)
                for k in self.overlays_page.chooser.chosen()
            ],
        )

    def finish(self, path: Path) -> bool:
        """Create the file (asked by the last page); False keeps the wizard open."""
        try:
            assessment = self.assessment()
        except ValueError as exc:
            self.interaction.error(
                self.tr("Cannot create the assessment"), describe_validation_error(exc)
            )
            return False
        made = self._make_folders(path.parent)
        if made is None:
            return False
        if not self.create_file(path, assessment):
            for folder in reversed(made):  # leave no empty folders behind a failed create
                try:
                    folder.rmdir()
                except OSError:
                    break
            return False
        self.created = path
        return True

    def _make_folders(self, folder: Path) -> list[Path] | None:
        """Create ``folder`` and its missing parents (the folders made, outermost first), or
        say why they cannot be made and return None."""
        missing = []
        probe = folder
        while not os.path.exists(probe) and probe.parent != probe:  # False for a bad name too
            missing.append(probe)
            probe = probe.parent
        missing.reverse()
        made: list[Path] = []
        for path in missing:
            try:
                path.mkdir()
            except FileExistsError:
                if path.is_dir():
                    continue
                reason = self.tr("a file of that name is in the way")
            except OSError as exc:
                reason = exc.strerror or str(exc)
            else:
                made.append(path)
                continue
            self.interaction.error(
                self.tr("Cannot create the folder"),
                self.tr(
                    "The folder for the new assessment could not be created:\n{0}\n\n"
                    "Reason: {1}.\nChoose another folder with Browse…, or one you can write to."
                ).format(_breakable(path), reason),
            )
            return None
        return made


def _breakable(path: Path) -> str:
    """``path`` with a break opportunity after each separator, so a long path wraps between
    folder names rather than running off the message box."""
    return str(path).replace("/", "/\u200b").replace("\\", "\\\u200b")
