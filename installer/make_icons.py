"""Regenerate the icon files from the SVG master `resources/officebill.svg`.

    QT_QPA_PLATFORM=offscreen .venv/bin/python installer/make_icons.py

Writes officebill/resources/icons/officebill-256.png (runtime window icon, package
data) and resources/officebill.ico (Windows executable and installer icon;
16-256 px). Needs QtSvg (in PySide6-Essentials) and Pillow (for the .ico).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "officebill.svg"
PNG = ROOT / "officebill" / "resources" / "icons" / "officebill-256.png"
ICO = ROOT / "resources" / "officebill.ico"
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def render_png(size: int = 256) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt needs one
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    PNG.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(PNG), "PNG"):
        raise SystemExit(f"cannot write {PNG}")


def write_ico() -> None:
    from PIL import Image

    with Image.open(PNG) as image:
        image.save(ICO, format="ICO", sizes=ICO_SIZES)


if __name__ == "__main__":
    render_png()
    write_ico()
    print(f"wrote {PNG.relative_to(ROOT)} and {ICO.relative_to(ROOT)}")
