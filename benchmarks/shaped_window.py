"""Reference child for benchmarks/viewer.py: a window of the viewer's shape with none of its data or logic.

It builds what AcuViewer's main window is made of (a splitter holding a search field, a list and a tree; a
QGraphicsView drawing the posterior map's SVG, read from the same pre-rendered maps file; a text browser; four
menus, a toolbar and a status bar), and prints "first paint" once the map has painted, as the viewer does. Its
start against the bare window is the share of the viewer's start that any window of this shape pays on this
stack; the viewer's start against it is what the catalogue, the models and the window's own code add.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QPainter, QPaintEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsScene,
    QGraphicsView,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

MAPS = Path(__file__).resolve().parent.parent / "acuviewer" / "data" / "catalogue.maps.json"


class MapView(QGraphicsView):
    painted = Signal()

    def __init__(self, svg: str) -> None:
        super().__init__()
        self.renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
        box = self.renderer.viewBoxF()
        self.setScene(QGraphicsScene(box, self))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)

    def drawBackground(self, painter: QPainter, rect: QRectF | QRect) -> None:
        self.renderer.render(painter, self.sceneRect())

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


def painted(app: QApplication) -> None:
    print("first paint", flush=True)
    app.exit(0)


def main() -> int:
    svg = json.loads(MAPS.read_text(encoding="utf-8"))["views"]["posterior"]["svg"]
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    side = QWidget()
    column = QVBoxLayout(side)
    for tool in (QLineEdit(), QListView(), QTreeView()):
        column.addWidget(tool)
    view = MapView(svg)
    splitter = QSplitter()
    for widget in (side, view, QTextBrowser()):
        splitter.addWidget(widget)
    window.setCentralWidget(splitter)
    for title in ("File", "Edit", "View", "Help"):
        menu = window.menuBar().addMenu(title)
        for number in range(5):
            menu.addAction(QAction(f"{title} {number}", window, shortcut=QKeySequence(f"Ctrl+{number}")))
    toolbar = QToolBar()
    window.addToolBar(toolbar)
    for number in range(8):
        toolbar.addAction(f"Tool {number}")
    window.statusBar().showMessage("Ready")
    window.resize(1400, 900)
    view.fitInView(view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
    view.painted.connect(lambda: painted(app), type=Qt.ConnectionType.QueuedConnection)
    window.show()
    return app.exec()


if __name__ == "__main__":
    raise SystemExit(main())
