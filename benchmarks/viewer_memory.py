"""Memory child for benchmarks/viewer.py: opens AcuViewer's window as `acuviewer gui` does, uses it a little, and
prints its peak resident memory (ru_maxrss, KiB on Linux).

The window is built by the composition root's own functions (acuviewer.ui.app) with a throwaway settings file, so
the user's settings are neither read nor changed. After the first paint it types a few searches, selects a point,
shows every view, zooms and lets the map settle, which is what a short session touches.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from acuviewer.catalogue.model import VIEWS  # noqa: E402
from acuviewer.ui.app import _application, _opened, _window  # noqa: E402

SEARCHES = ("bl40", "wei zhong", "環跳", "sciatica", "lumbar", "kunlun", "pregnan")


def _settle(app: QApplication, seconds: float = 0.05) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()


def main() -> int:
    with _opened(None) as (repo, path), tempfile.TemporaryDirectory() as scratch:
        app = _application()
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = _window(app, repo, path, settings)
        window.show()
        deadline = time.monotonic() + 60
        while not window.map._painted and time.monotonic() < deadline:
            app.processEvents()
        for text in SEARCHES:
            for end in range(1, len(text) + 1):
                window.search_field.setText(text[:end])
                app.processEvents()
        window.choose_result()
        for view in (*VIEWS, VIEWS[0]):
            window.show_view(view)
            window.map.zoom_by(3)
            app.processEvents()
            window.map.item.set_moving(False)
            _settle(app)
        window.close()
        app.processEvents()
    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
