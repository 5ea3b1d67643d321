"""The GUI's trust flows: verify a report, open its data read-only (File ▸ Open, drop on the
start page), save that as an editable .airmf, and sign a report (issue #14)."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from rmf_app.domain.report_data import CANONICAL_NAME
from rmf_app.services.errors import StorageError
from rmf_app.services.session import AssessmentSession
from rmf_app.services.verify import verify_report
from tests.unit.trust_fixture import PASS, export, final_demo, make_pki

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("gui-trust")
    _, a = final_demo(folder)
    return export(a, folder / "final.pdf")


def test_file_verify_shows_what_was_checked(window, interaction, qtbot, report) -> None:
    interaction.answers.append(str(report))
    with qtbot.waitSignal(window.trust.verified, timeout=20000):
        window.qactions["verify_report"].trigger()
    dialog = window.trust.verify_dialog
    assert dialog is not None and dialog.isVisible()
    assert "everything checks" in dialog.verdict.text()
    text = dialog.details.toPlainText()
    assert 'revision 1 of "LoanLens Application Triage", final, fingerprint matches' in text
    assert dialog.open_button.isEnabled()
    with qtbot.waitSignal(window.sessionChanged):
        dialog.open_button.click()
    assert window.session is not None and window.session.from_report


def test_verify_refuses_a_tampered_report(window, interaction, qtbot, report, tmp_path) -> None:
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(report) as pdf:
        del pdf.pages[0]
        pdf.save(bad)
    interaction.answers.append(str(bad))
    with qtbot.waitSignal(window.trust.verified, timeout=20000):
        window.qactions["verify_report"].trigger()
    dialog = window.trust.verify_dialog
    assert "does NOT check" in dialog.verdict.text()
    assert "pages were removed" in dialog.details.toPlainText()
    assert not dialog.open_button.isEnabled()


def test_open_a_pdf_shows_a_read_only_revision(window, interaction, qtbot, report) -> None:
    interaction.answers.append(str(report))
    with qtbot.waitSignal(window.sessionChanged, timeout=20000):
        window.qactions["open"].trigger()
    s = window.session
    assert s is not None and s.read_only and s.from_report
    assert s.assessment.is_final and s.assessment.fingerprint
    assert window.notice.isVisible() and "verified PDF report final.pdf" in window.notice.text()
    assert "(read-only)" in window.windowTitle()
    assert not window.qactions["undo"].isEnabled() and not window.qactions["scope"].isEnabled()
    assert window.qactions["save_copy"].isEnabled()
    # the review page shows the fingerprint recomputed from the report's data
    window.show_review()
    assert window.review_view.fingerprint.text() == s.assessment.fingerprint
    # an edit is refused with a message, nothing changes
    before = s.assessment.model_dump()
    with pytest.raises(StorageError, match=r"Save as \.airmf"):
        s.set_response("GOVERN 1.1", notes="x")
    assert s.assessment.model_dump() == before


def test_save_as_airmf_makes_an_editable_copy(window, interaction, qtbot, report, tmp_path) -> None:
    with qtbot.waitSignal(window.sessionChanged, timeout=20000):
        window.open_path(report)
    data = window.session.assessment
    out = tmp_path / "copy.airmf"
    interaction.answers.append(str(out))
    window.qactions["save_copy"].trigger()
    s = window.session
    assert s is not None and not s.from_report and s.path == out
    # the same content; final stays final, so a new revision can be started and edited
    assert s.assessment == data
    assert [r.fingerprint for r in s.store.revisions()] == [data.fingerprint]
    assert not window.qactions["save_copy"].isEnabled()
    s.new_revision()
    s.set_response("GOVERN 1.1", notes="edited after import from the PDF")
    with AssessmentSession.open(out, read_only=True) as again:
        assert again.assessment.revision == 2


def test_dropping_a_pdf_on_the_start_page_opens_it(window, qtbot, report) -> None:
    assert window.pages.currentIndex() == 0  # the start page
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(report))])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    with qtbot.waitSignal(window.sessionChanged, timeout=20000):
        window.dropEvent(event)
    assert window.session is not None and window.session.from_report


def test_a_pdf_whose_data_was_edited_is_not_opened(window, interaction, qtbot, report, tmp_path):
    bad = tmp_path / "bad.pdf"
    with pikepdf.open(report) as pdf:
        spec = pdf.attachments[CANONICAL_NAME]
        spec.obj.EF.F.write(spec.get_file().read_bytes().replace(b'"final"', b'"draft"', 1))
        pdf.save(bad)
    with qtbot.waitSignal(window.trust.verified, timeout=20000):
        window.open_path(bad)
    assert window.session is None
    assert (
        "changed after the report was written" in window.trust.verify_dialog.details.toPlainText()
    )


def test_sign_from_the_gui(window, interaction, qtbot, report, tmp_path) -> None:
    pki = make_pki(tmp_path)
    window.qactions["sign_report"].trigger()
    dialog = window.trust.sign_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.report.setText(str(report))
    assert dialog.output.text().endswith("final-signed.pdf")
    out = tmp_path / "signed.pdf"
    dialog.output.setText(str(out))
    dialog.key.setText(str(pki.p12("Rita Risk")))
    dialog.passphrase.setText(PASS)
    dialog.role.setText("Risk manager")
    assert dialog.reason.text() == "Reviewed and accepted"
    with qtbot.waitSignal(window.trust.signed, timeout=20000):
        dialog.sign_button.click()
    assert dialog.passphrase.text() == ""  # not kept
    assert interaction.messages[-1].title == "Report signed"
    result = verify_report(out, trust=[pki.ca_pem])
    assert result.ok
    (sig,) = result.signatures
    assert sig.signer == "Rita Risk" and sig.role == "Risk manager"


def test_a_wrong_passphrase_is_reported_and_nothing_written(
    window, interaction, qtbot, report, tmp_path
) -> None:
    pki = make_pki(tmp_path)
    window.trust.choose_and_sign(str(report))
    dialog = window.trust.sign_dialog
    out = tmp_path / "signed.pdf"
    dialog.output.setText(str(out))
    dialog.key.setText(str(pki.p12("Rita Risk")))
    dialog.passphrase.setText("wrong")
    with qtbot.waitSignal(window.trust.failed, timeout=20000):
        dialog.sign_button.click()
    assert "passphrase is wrong" in interaction.messages[-1].text
    assert not out.exists() and dialog.isVisible()


def test_review_page_offers_sign_the_pdf_for_a_final_revision(window, qtbot, tmp_path) -> None:
    path, _ = final_demo(tmp_path)
    assert window.open_path(path)
    window.show_review()
    button = window.review_view.sign_pdf_button
    assert button.isVisible()
    button.click()
    assert window.trust.sign_dialog is not None and window.trust.sign_dialog.isVisible()


def test_rmf_app_report_pdf_starts_the_gui_with_it(report, tmp_path) -> None:
    """`rmf-app REPORT.pdf` verifies the report and opens its data (smoke start, headless)."""
    import subprocess

    from tests.conftest import PYTHON, run_cli_env

    env = run_cli_env() | dict(
        QT_QPA_PLATFORM="offscreen",
        RMF_APP_QUIT_AFTER_START="1",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        RMF_APP_DATA_DIR=str(tmp_path / "data"),
    )
    res = subprocess.run(
        [PYTHON, "-m", "rmf_app", str(report)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert res.returncode == 0, res.stderr
