"""Render rmf_app/gui/resources/rmf-app.svg to the PNG sizes desktops ask for (run after editing it)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

HERE = Path(__file__).resolve().parent / "icons"
#: the single source of the icon, shipped with the app for its window icon
SVG = Path(__file__).resolve().parents[1] / "rmf_app" / "gui" / "resources" / "rmf-app.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
#: the sizes shipped beside the SVG for the window icon (a PNG needs no image plugin to load)
WINDOW = SVG.parent
WINDOW_SIZES = (16, 32, 48, 64, 128, 256)


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    for size in SIZES:
        img = QImage(size, size, QImage.Format.Format_ARGB32)
        img.fill(Qt.GlobalColor.transparent)
        p = QPainter(img)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(p)
        p.end()
        img.save(str(HERE / f"rmf-app-{size}.png"))
        if size in WINDOW_SIZES:
            img.save(str(WINDOW / f"rmf-app-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
