"""Baseline child for benchmarks/viewer.py: the cheapest Qt window, shown and closed on its first paint.

It imports only PySide6, builds a QApplication and a QMainWindow (1400x900, like AcuViewer's) holding one QLabel,
and quits once the label has painted, the same way `acuviewer gui --exit-after-first-paint` quits once its map has
painted: through a queued connection, so the paint finishes first. With --rss it prints its peak resident memory
(ru_maxrss, KiB on Linux) after the event loop ends.
"""

from __future__ import annotations

import resource
import sys

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

TIMEOUT_MS = 60_000


class PaintedLabel(QLabel):
    painted = Signal()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        self.painted.emit()


def painted(app: QApplication) -> None:
    print("first paint", flush=True)  # as `acuviewer gui --exit-after-first-paint` does: the benchmark times this line
    app.exit(0)


def main() -> int:
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Baseline")
    label = PaintedLabel("A bare window")
    window.setCentralWidget(label)
    window.resize(1400, 900)
    label.painted.connect(lambda: painted(app), type=Qt.ConnectionType.QueuedConnection)
    QTimer.singleShot(TIMEOUT_MS, lambda: app.exit(3))
    window.show()
    code = app.exec()
    if "--rss" in sys.argv[1:]:
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
