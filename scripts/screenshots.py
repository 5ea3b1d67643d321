#!/usr/bin/env python3
"""Render the README screenshots offscreen: start page, each wizard page, the workspace, the
dashboard, the risk register, the action plan, the evidence, the review page, the export
dialog, and the GenAI demo's walk and dashboard with the Generative AI Profile.

Usage: .venv/bin/python scripts/screenshots.py [--out docs/screenshots] [--dark] [--scale 2]

Runs headless (QT_QPA_PLATFORM=offscreen), with settings in a temporary folder and the demo
assessment written to a temporary folder, so nothing of the user's is read or changed.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"))
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument("--scale", default="1", help="QT_SCALE_FACTOR (2 = 200 %%)")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_SCALE_FACTOR"] = args.scale
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QSettings, QThreadPool
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QWidget

    from rmf_app.gui.app import create_application
    from rmf_app.gui.common.interaction import HeadlessInteraction
    from rmf_app.gui.common.settings import Settings
    from rmf_app.gui.common.style import ContrastStyle
    from rmf_app.gui.main_window import AppContext, MainWindow
    from rmf_app.services.demo import demo_assessment, write_demo

    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="rmf-shots-"))
    app = create_application(["screenshots"])
    app.setStyle(ContrastStyle("Fusion"))  # the app's own style, over Fusion on every machine
    if args.dark:
        app.setPalette(dark_palette(QPalette, QColor))

    settings = Settings(QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat))
    settings.user_name = "Priya Raman"
    folder = tmp / "Assessments"
    folder.mkdir()
    demo = write_demo(folder / "LoanLens Application Triage.airmf")
    for name in ("Support chatbot 2026.airmf", "Fraud alerts v3.airmf"):
        write_demo(folder / name)
    for f in sorted(folder.glob("*.airmf"), reverse=True):
        settings.add_recent_file(f)
    ctx = AppContext(settings, HeadlessInteraction(), QThreadPool.globalInstance())

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        print(path)

    window = MainWindow(ctx)
    window.resize(1280, 800)
    window.show()
    shot(window, "start-page")

    # the wizard, filled in as a user would, page by page
    window.new_assessment()
    wizard = window.wizard
    assert wizard is not None
    wizard.resize(860, 680)
    a, _ = demo_assessment()
    p = a.profile
    texts = wizard.basics.texts
    for field in (
        "name",
        "version",
        "organisation",
        "business_unit",
        "owner",
        "description",
        "intended_purpose",
    ):
        widget = texts[field]
        value = str(getattr(p, field))
        widget.setText(value) if hasattr(widget, "setText") else widget.setPlainText(value)
    wizard.context.load(p)
    wizard.parties.load(p)
    wizard.scope_page.editor.set_scope(a.scope)
    wizard.scope_page.notes.load(p)
    wizard.folder = "/home/priya/Documents"  # shown on the last page, never written to
    names = ["system", "context", "parties", "profiles", "scope", "target", "file"]
    #: file name of each page's shot (the Profiles page came later: its own name)
    files = {n: f"wizard-{i + 1}-{n}" for i, n in enumerate(["system", "context", "parties"])}
    files |= {n: f"wizard-{i + 4}-{n}" for i, n in enumerate(["scope", "target", "file"])}
    files["profiles"] = "wizard-profiles"
    for i, name in enumerate(names):
        if i:
            wizard.next()
        if name == "scope":
            tree = wizard.scope_page.editor.tree
            model = wizard.scope_page.editor.model
            tree.expandAll()
            index = model.index_of("MEASURE 2.12")
            tree.setCurrentIndex(index)
            tree.scrollTo(index)
        shot(wizard, files[name])
    wizard.reject()

    # the workspace on the demo
    window.open_path(demo)
    window.walk.go_to("MEASURE 2.11")
    shot(window, "workspace")
    bar = window.walk.filter_bar
    bar.actor.setCurrentIndex(bar.actor.findData("TEVV"))
    bar.status.setCurrentIndex(bar.status.findData("gap2"))
    window.walk.apply_filter()
    ids = window.walk.walk_ids()
    if ids:
        window.walk.go_to(ids[0])
    shot(window, "workspace-filtered")
    bar.clear()

    # the risk profile views, each showing an item a reader would look at
    window.show_dashboard()
    shot(window, "dashboard")
    for key, item, name in (
        ("risks", "R-004", "risk-register"),
        ("actions", "A-004", "action-plan"),
        ("evidence", "E-005", "evidence"),
    ):
        view = window.show_view(key)
        view.select(item)  # type: ignore[attr-defined]
        view.table.setFocus()  # type: ignore[attr-defined]
        shot(window, name)
    window.show_review()
    shot(window, "review")
    window.export()
    dialog = window.export_dialog
    assert dialog is not None
    dialog.path.setText("/home/priya/Documents/LoanLens Application Triage.pdf")  # never written
    shot(dialog, "export-dialog")
    dialog.reject()

    # the GenAI demo: the Generative AI Profile's actions under a subcategory's questions
    genai = write_demo(folder / "Trailhead Help Assistant.airmf", genai=True)
    window.open_path(genai)
    window.walk.go_to("MEASURE 2.7")
    settle()
    form = window.walk.page.form
    section = form.genai
    section.rows[0].expand.setChecked(True)
    settle()
    window.walk.page.form_scroll.ensureWidgetVisible(section, 0, 0)
    window.walk.page.form_scroll.verticalScrollBar().setValue(section.y() - 8)
    shot(window, "workspace-genai")
    window.show_dashboard()
    dash = window.show_view("dashboard")
    settle()
    dash.ensureWidgetVisible(dash.genai_card, 0, 0)  # type: ignore[attr-defined]
    shot(window, "dashboard-genai")
    window.close()
    return 0


def dark_palette(QPalette, QColor):  # type: ignore[no-untyped-def]
    pal = QPalette()
    role, group = QPalette.ColorRole, QPalette.ColorGroup
    colours = {
        role.Window: "#2b2b2b",
        role.WindowText: "#e6e6e6",
        role.Base: "#1e1e1e",
        role.AlternateBase: "#333333",
        role.ToolTipBase: "#3a3a3a",
        role.ToolTipText: "#e6e6e6",
        role.Text: "#e6e6e6",
        role.Button: "#353535",
        role.ButtonText: "#e6e6e6",
        role.BrightText: "#ff6b6b",
        role.Link: "#7fb4ff",
        role.Highlight: "#3d7bd9",
        role.HighlightedText: "#ffffff",
        role.PlaceholderText: "#9a9a9a",
    }
    for r, c in colours.items():
        pal.setColor(r, QColor(c))
    for r in (role.Text, role.WindowText, role.ButtonText):
        pal.setColor(group.Disabled, r, QColor("#7a7a7a"))
    return pal


if __name__ == "__main__":
    sys.exit(main())
