"""Composition root: checks for a display, opens the catalogue, builds the main window and runs Qt."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from acuviewer.catalogue.locate import default_catalogue
from acuviewer.catalogue.repository import CatalogueError, Repository

NO_DISPLAY = (
    "acuviewer: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Run it on a desktop session, or under a virtual display: xvfb-run acuviewer gui"
)


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True  # other systems always have a screen; an explicit platform (offscreen) needs none
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def run(catalogue: Path | None = None) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    try:
        repo = Repository.open(catalogue or default_catalogue())
    except CatalogueError as error:
        print(f"acuviewer: {error}", file=sys.stderr)
        return 1
    from PySide6.QtWidgets import QApplication

    from acuviewer.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("AcuViewer")
    window = MainWindow(repo)
    window.show()
    try:
        return app.exec()
    finally:
        repo.close()
