"""Links leave rmf-app only as the user clicked them: web links to the browser, files rmf-app
wrote to the desktop's application; anything else is refused without reaching the desktop."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices

from rmf_app.gui.common.interaction import Interaction


@pytest.fixture
def opened(monkeypatch):
    calls: list[QUrl] = []

    def fake_open(url: QUrl) -> bool:
        calls.append(QUrl(url))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(fake_open))
    return calls


@pytest.mark.parametrize("link", ["https://airc.nist.gov/", "http://example.org/a?b=c"])
def test_a_web_link_goes_to_the_browser(qapp, opened, link):
    assert Interaction().open_url(QUrl(link))
    assert [u.toString() for u in opened] == [link]


@pytest.mark.parametrize(
    "link", ["file:///etc/passwd", "javascript:alert(1)", "ftp://example.org/x", "mailto:a@b.c", ""]
)
def test_any_other_link_is_refused_and_nothing_is_opened(qapp, opened, link):
    assert not Interaction().open_url(QUrl(link))
    assert opened == []


def test_a_written_file_opens_with_the_desktop_application(qapp, opened, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7\n")
    assert Interaction().open_local_file(str(path))
    assert [u.toLocalFile() for u in opened] == [str(path)]


# -- where a new file goes: never offered in another file's place ------------------------------


@pytest.fixture
def save_dialog(monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    asked: list[tuple[str, object]] = []

    def fake(parent, title, path, filters, options=None):
        asked.append((path, options if options is not None else QFileDialog.Option(0)))
        return path, filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake))
    return asked


def test_a_new_assessment_is_proposed_under_a_free_name_and_never_as_a_replacement(
    qapp, save_dialog, tmp_path
):
    from PySide6.QtWidgets import QFileDialog

    (tmp_path / "loans.airmf").write_bytes(b"x")
    (tmp_path / "loans (2).airmf").write_bytes(b"x")
    chosen = Interaction().save_file_name(
        "Import", str(tmp_path / "loans.airmf"), ["*.airmf"], new_file=True
    )
    assert chosen == str(tmp_path / "loans (3).airmf")
    _path, options = save_dialog[0]
    assert options & QFileDialog.Option.DontConfirmOverwrite


def test_an_export_may_replace_a_file_after_the_dialog_asks(qapp, save_dialog, tmp_path):
    from PySide6.QtWidgets import QFileDialog

    (tmp_path / "report.pdf").write_bytes(b"x")
    chosen = Interaction().save_file_name("Export", str(tmp_path / "report.pdf"), ["*.pdf"])
    assert chosen == str(tmp_path / "report.pdf")
    assert not save_dialog[0][1] & QFileDialog.Option.DontConfirmOverwrite


def test_an_empty_proposal_stays_empty(qapp, save_dialog):
    Interaction().save_file_name("New assessment", "", ["*.airmf"], new_file=True)
    assert save_dialog[0][0] == ""
