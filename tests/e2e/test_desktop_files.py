"""Desktop integration files: valid by the freedesktop validators and consistent with each other."""

from __future__ import annotations

import configparser
import shutil
import subprocess
import xml.etree.ElementTree as ET

from tests.conftest import ROOT

PKG = ROOT / "packaging"
APP_ID = "io.github.rmf_app.RmfApp"


def _tool(name: str) -> str:
    path = shutil.which(name)
    assert path, (
        f"{name} is missing: run ./test.sh as root, or apt-get install desktop-file-utils appstream"
    )
    return path


def test_desktop_file_validates_and_opens_airmf_files():
    desktop = PKG / f"{APP_ID}.desktop"
    res = subprocess.run(
        [_tool("desktop-file-validate"), str(desktop)], capture_output=True, text=True
    )
    assert res.returncode == 0 and not res.stdout.strip(), res.stdout + res.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(desktop, encoding="utf-8")
    e = entry["Desktop Entry"]
    assert e["Exec"] == "rmf-app %f" and e["Icon"] == APP_ID
    assert "application/x-rmf-assessment" in e["MimeType"]


def test_metainfo_validates():
    res = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(PKG / f"{APP_ID}.metainfo.xml")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 0, res.stdout + res.stderr
    root = ET.parse(PKG / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    from rmf_app import __version__

    assert root.find("releases/release").get("version") == __version__


def test_mime_type_matches_the_file_format():
    from rmf_app.storage.schema import APPLICATION_ID

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    mt = ET.parse(PKG / "rmf-app-mime.xml").getroot().find("m:mime-type", ns)
    assert mt.get("type") == "application/x-rmf-assessment"
    assert mt.find("m:glob", ns).get("pattern") == "*.airmf"
    inner = mt.find("m:magic/m:match/m:match", ns)
    assert int(inner.get("value"), 16) == APPLICATION_ID and inner.get("offset") == "68"


def test_icons_exist_in_every_size():
    assert (
        (ROOT / "rmf_app" / "gui" / "resources" / "rmf-app.svg")
        .read_text("utf-8")
        .lstrip()
        .startswith("<?xml")
    )
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = PKG / "icons" / f"rmf-app-{size}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == size  # IHDR width
