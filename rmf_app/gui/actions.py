"""Every user action, declared once: id, text, shortcut, handler, menu and toolbar.

Menus, the toolbar and the keyboard-shortcut help are all built from :data:`ACTIONS`, so a
shortcut is never defined in two places (napari's and git-cola's habit).
"""

from __future__ import annotations

from typing import Any, NamedTuple

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QToolBar, QWidget

from .common.icons import toolbar_icon

SK = QKeySequence.StandardKey


def tr(text: str) -> str:
    return QCoreApplication.translate("Actions", text)


class ActionSpec(NamedTuple):  # not a dataclass: cheaper to make on every start
    """One action.

    Attributes:
        id: stable name (also the QAction's objectName).
        text: menu text, with its mnemonic (translated when built).
        menu: the menu it appears in (a key of :data:`MENUS`).
        handler: the name of the main window's method that runs it.
        shortcuts: standard keys (preferred, platform-correct) or portable key strings.
        needs: "" (always), "file" (an assessment is open) or "writable" (and editable).
        toolbar: also shown on the toolbar.
        separator: a separator goes before it in its menu.
        icon: the name of its toolbar icon (see :func:`toolbar_icon`).
        tip: status-bar and tooltip text.
    """

    id: str
    text: str
    menu: str
    handler: str
    shortcuts: tuple[SK | str, ...] = ()
    needs: str = ""
    toolbar: bool = False
    separator: bool = False
    icon: str | None = None
    tip: str = ""


def N(context: str, text: str) -> str:
    """Return ``text`` untranslated (``QT_TRANSLATE_NOOP``, typed); ``tr`` translates it later."""
    return str(QT_TRANSLATE_NOOP(context, text))


MENUS: tuple[tuple[str, str], ...] = (
    ("file", N("Actions", "&File")),
    ("edit", N("Actions", "&Edit")),
    ("go", N("Actions", "&Go")),
    ("view", N("Actions", "&View")),
    ("help", N("Actions", "&Help")),
)

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "new",
        N("Actions", "&New assessment…"),
        "file",
        "new_assessment",
        (SK.New,),
        toolbar=True,
        icon="new",
        tip=N("Actions", "Create a new assessment with the wizard"),
    ),
    ActionSpec(
        "open",
        N("Actions", "&Open…"),
        "file",
        "open_file",
        (SK.Open,),
        toolbar=True,
        icon="open",
        tip=N("Actions", "Open an assessment (.airmf) or import a JSON export"),
    ),
    ActionSpec(
        "open_portfolio",
        N("Actions", "Open po&rtfolio…"),
        "file",
        "open_portfolio",
        tip=N("Actions", "Read many assessments of a folder side by side, read-only"),
    ),
    ActionSpec(
        "import_json",
        N("Actions", "&Import JSON…"),
        "file",
        "import_json",
        ("Ctrl+Shift+I",),
        tip=N("Actions", "Create an assessment from a JSON export"),
    ),
    ActionSpec(
        "import_playbook",
        N("Actions", "Import the NIST &Playbook…"),
        "file",
        "import_playbook",
        tip=N(
            "Actions",
            "Show NIST's official Playbook text beside the guidance (a JSON file from NIST)",
        ),
    ),
    ActionSpec(
        "verify_report",
        N("Actions", "&Verify a report…"),
        "file",
        "verify_report",
        separator=True,
        tip=N(
            "Actions",
            "Check that a PDF report is unchanged, its fingerprint matches and its signatures are valid",
        ),
    ),
    ActionSpec(
        "sign_report",
        N("Actions", "Si&gn a report…"),
        "file",
        "sign_report",
        tip=N("Actions", "Add your digital signature to a PDF report (your own .p12 certificate)"),
    ),
    ActionSpec(
        "save_copy",
        N("Actions", "&Save as .airmf…"),
        "file",
        "save_report_copy",
        needs="file",
        tip=N("Actions", "Save the data of an opened PDF report as an editable assessment"),
    ),
    ActionSpec(
        "export",
        N("Actions", "&Export…"),
        "file",
        "export",
        ("Ctrl+E",),
        needs="file",
        toolbar=True,
        separator=True,
        icon="export",
        tip=N("Actions", "Export the PDF risk profile, the JSON export or the CSV tables"),
    ),
    ActionSpec(
        "save_as",
        N("Actions", "Save &As…"),
        "file",
        "save_as",
        (SK.SaveAs,),
        needs="file",
        tip=N(
            "Actions",
            "Save the whole assessment to another file and go on working there",
        ),
    ),
    ActionSpec(
        "open_demo",
        N("Actions", "Open the &demo"),
        "file",
        "open_demo",
        tip=N("Actions", "Open a copy of the worked demo assessment"),
    ),
    ActionSpec(
        "close",
        N("Actions", "&Close"),
        "file",
        "close_file",
        (SK.Close,),
        needs="file",
        separator=True,
        tip=N("Actions", "Close the assessment (every change is saved as you make it)"),
    ),
    ActionSpec(
        "quit", N("Actions", "&Quit"), "file", "quit_app", (SK.Quit, "Ctrl+Q"), separator=True
    ),
    ActionSpec(
        "undo",
        N("Actions", "&Undo"),
        "edit",
        "undo",
        (SK.Undo,),
        needs="writable",
        toolbar=True,
        icon="undo",
        tip=N("Actions", "Undo the last change"),
    ),
    ActionSpec(
        "redo",
        N("Actions", "&Redo"),
        "edit",
        "redo",
        (SK.Redo,),
        needs="writable",
        toolbar=True,
        icon="redo",
        tip=N("Actions", "Redo the change just undone"),
    ),
    ActionSpec(
        "find",
        N("Actions", "&Filter…"),
        "edit",
        "focus_filter",
        (SK.Find,),
        needs="file",
        separator=True,
        tip=N("Actions", "Search the guidance and answers, or filter by actor, topic or status"),
    ),
    ActionSpec(
        "clear_filter",
        N("Actions", "C&lear filter"),
        "edit",
        "clear_filter",
        ("Ctrl+Shift+L",),
        needs="file",
    ),
    ActionSpec(
        "scope",
        N("Actions", "&Scope…"),
        "edit",
        "edit_scope",
        needs="writable",
        separator=True,
        tip=N("Actions", "Choose what is in scope, with a reason for each exclusion"),
    ),
    ActionSpec(
        "genai_risks",
        N("Actions", "Add risks from the &GenAI profile…"),
        "edit",
        "add_genai_risks",
        needs="writable",
        tip=N("Actions", "Add the Generative AI Profile's risks to the risk register"),
    ),
    ActionSpec(
        "user_name",
        N("Actions", "Your &name…"),
        "edit",
        "change_user_name",
        tip=N("Actions", "The name recorded in the change history"),
    ),
    ActionSpec(
        "previous",
        N("Actions", "&Previous subcategory"),
        "go",
        "go_previous",
        (SK.Back, "Ctrl+Alt+Left"),
        needs="file",
        toolbar=True,
        icon="previous",
        tip=N("Actions", "The previous in-scope subcategory that matches the filter"),
    ),
    ActionSpec(
        "next",
        N("Actions", "&Next subcategory"),
        "go",
        "go_next",
        (SK.Forward, "Ctrl+Alt+Right"),
        needs="file",
        toolbar=True,
        icon="next",
        tip=N("Actions", "The next in-scope subcategory that matches the filter"),
    ),
    ActionSpec(
        "navigator",
        N("Actions", "Go to the na&vigator"),
        "go",
        "focus_navigator",
        ("Ctrl+Shift+N",),
        needs="file",
        separator=True,
    ),
    ActionSpec(
        "answer",
        N("Actions", "Go to the &answer"),
        "go",
        "focus_answer",
        ("Ctrl+Shift+A",),
        needs="file",
    ),
    ActionSpec(
        "view_walk", N("Actions", "&Guided walk"), "view", "show_walk", ("Ctrl+1",), needs="file"
    ),
    ActionSpec(
        "view_profile",
        N("Actions", "System &profile"),
        "view",
        "show_profile",
        ("Ctrl+2",),
        needs="file",
    ),
    ActionSpec(
        "view_dashboard",
        N("Actions", "&Dashboard"),
        "view",
        "show_dashboard",
        ("Ctrl+3",),
        needs="file",
    ),
    ActionSpec(
        "view_risks",
        N("Actions", "&Risk register"),
        "view",
        "show_risks",
        ("Ctrl+4",),
        needs="file",
    ),
    ActionSpec(
        "view_actions",
        N("Actions", "&Action plan"),
        "view",
        "show_actions",
        ("Ctrl+5",),
        needs="file",
    ),
    ActionSpec(
        "view_evidence",
        N("Actions", "&Evidence"),
        "view",
        "show_evidence",
        ("Ctrl+6",),
        needs="file",
    ),
    ActionSpec(
        "view_review",
        N("Actions", "Re&view and sign-off"),
        "view",
        "show_review",
        ("Ctrl+7",),
        needs="file",
    ),
    ActionSpec(
        "view_history",
        N("Actions", "&History"),
        "view",
        "show_history",
        ("Ctrl+8",),
        needs="file",
    ),
    ActionSpec(
        "view_readiness",
        N("Actions", "Readi&ness by clause and article"),
        "view",
        "show_readiness",
        ("Ctrl+9",),
        needs="file",
    ),
    ActionSpec(
        "shortcuts",
        N("Actions", "&Keyboard shortcuts"),
        "help",
        "show_shortcuts",
        (SK.HelpContents,),
    ),
    ActionSpec("about", N("Actions", "&About rmf-app"), "help", "show_about"),
)


_BARE = Qt.KeyboardModifier.NoModifier | Qt.KeyboardModifier.ShiftModifier
#: keys below this are on every keyboard; above it are media keys (Back, Forward, New, Open…)
_ORDINARY_KEYS_END = int(Qt.Key.Key_Help)


def _taken_by_text_fields(seq: QKeySequence) -> bool:
    """Backspace and Shift+Backspace edit text: never an application-wide shortcut (some
    platforms bind them to Back and Forward)."""
    combo = seq[0]
    return combo.key() == Qt.Key.Key_Backspace and (combo.keyboardModifiers() | _BARE) == _BARE


def key_sequences(spec: ActionSpec) -> list[QKeySequence]:
    """The platform's bindings of the action's keys, without those that belong to text fields."""
    seqs: list[QKeySequence] = []
    for s in spec.shortcuts:
        keys = QKeySequence.keyBindings(s) if isinstance(s, SK) else [QKeySequence(s)]
        for k in keys:
            if not k.isEmpty() and k not in seqs and not _taken_by_text_fields(k):
                seqs.append(k)
    return seqs


def _shown_in_help(seq: QKeySequence) -> bool:
    return int(seq[0].key()) < _ORDINARY_KEYS_END


def build_actions(window: Any, parent: QWidget) -> dict[str, QAction]:
    """Create the QActions, connected to the window's handlers."""
    actions: dict[str, QAction] = {}
    for spec in ACTIONS:
        action = QAction(tr(spec.text), parent)
        action.setObjectName(spec.id)
        action.setShortcuts(key_sequences(spec))
        if spec.tip:
            action.setStatusTip(tr(spec.tip))
            action.setToolTip(tr(spec.tip))
        if spec.icon is not None:
            action.setIcon(toolbar_icon(spec.icon))
        handler = getattr(window, spec.handler)
        action.triggered.connect(lambda _checked=False, h=handler: h())
        parent.addAction(action)
        actions[spec.id] = action
    return actions


def build_menus(menubar: QMenuBar, actions: dict[str, QAction]) -> dict[str, QMenu]:
    menus: dict[str, QMenu] = {}
    for key, title in MENUS:
        menu = menubar.addMenu(tr(title))
        menu.setObjectName(f"menu_{key}")
        menus[key] = menu
        for spec in ACTIONS:
            if spec.menu == key:
                if spec.separator and not menu.isEmpty():
                    menu.addSeparator()
                menu.addAction(actions[spec.id])
    return menus


def build_toolbar(toolbar: QToolBar, actions: dict[str, QAction]) -> None:
    previous_menu = None
    for spec in ACTIONS:
        if spec.toolbar:
            if previous_menu is not None and spec.menu != previous_menu:
                toolbar.addSeparator()
            toolbar.addAction(actions[spec.id])
            previous_menu = spec.menu


def shortcut_rows() -> list[tuple[str, str, str]]:
    """(menu, action, shortcuts) for every action with a shortcut, in menu order."""
    rows = []
    titles = dict(MENUS)
    for key, _ in MENUS:
        for spec in ACTIONS:
            if spec.menu == key and spec.shortcuts:
                keys = ", ".join(
                    k.toString(QKeySequence.SequenceFormat.NativeText)
                    for k in key_sequences(spec)
                    if _shown_in_help(k)
                )
                rows.append(
                    (tr(titles[key]).replace("&", ""), tr(spec.text).replace("&", ""), keys)
                )
    return rows


def enable_for(actions: dict[str, QAction], has_file: bool, writable: bool) -> None:
    for spec in ACTIONS:
        if spec.needs == "file":
            actions[spec.id].setEnabled(has_file)
        elif spec.needs == "writable":
            actions[spec.id].setEnabled(has_file and writable)
