"""A Qt application for commands that only write files (a PDF from the command line): no window, no screen."""

from __future__ import annotations

import os

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication


def application() -> QGuiApplication:
    """The running application, or a new one on Qt's offscreen platform unless the user chose another.

    The caller keeps the returned object for as long as it draws: Qt needs the application alive.
    """
    app = QApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # nothing is shown, so no display is needed
        app = QApplication(["acuviewer"])
    if not isinstance(app, QGuiApplication):  # a console-only QCoreApplication cannot draw
        raise RuntimeError("Qt is running without its graphical part, so AcuViewer cannot draw the document.")
    return app
