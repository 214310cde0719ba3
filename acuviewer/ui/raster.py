"""Renders SVG text to a PNG file through Qt's SVG renderer (the same one the viewer draws with)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication


def svg_to_png(svg: str, path: Path, width: int) -> None:
    """Writes `path` at `width` pixels wide, keeping the SVG's aspect ratio; raises OSError if it cannot."""
    app = QApplication.instance()
    if app is None:
        if sys.platform == "linux" and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
            # Drawing into an image needs no screen: without one, Qt's offscreen platform does the job.
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["acuviewer"])  # held in `app` until the image is saved
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise ValueError("the SVG could not be read by Qt")
    box = renderer.viewBoxF()
    height = max(1, round(width * box.height() / box.width()))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    renderer.render(painter)
    painter.end()
    if not image.save(str(path)):  # the format follows the .png suffix
        raise OSError(f"could not write {path}")
    del app
