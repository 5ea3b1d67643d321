"""The About dialog: version, licences of the components, where data lives."""

from __future__ import annotations

from rmf_app import __version__


def test_about_shows_version_licences_and_locations(qtbot, window):
    window.show_about()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    texts = [
        dialog.table.item(r, c).text() for r in range(dialog.table.rowCount()) for c in range(4)
    ]
    assert "rmf-app" in texts and __version__ in texts
    for licence in ("LGPL-3.0-only", "BSD-3-Clause", "MIT"):
        assert licence in texts
    where = dialog.where.text()
    assert window.settings.q.fileName() in where and "packs" in where.lower()
    dialog.close()
