"""Composition root: checks for a display, opens the catalogue and its maps, builds the main window and runs Qt."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication

from acuviewer.bodymap.prerender import load_maps
from acuviewer.catalogue.locate import default_catalogue
from acuviewer.catalogue.repository import CatalogueError, Repository
from acuviewer.ui.fonts import load_fonts
from acuviewer.ui.main_window import MainWindow
from acuviewer.ui.settings import Settings
from acuviewer.userdata.errors import UserDataError

NO_DISPLAY = (
    "acuviewer: no display found (DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Run it on a desktop session, or under a virtual display (xvfb-run acuviewer gui),\n"
    "or save a picture of the window without a display: acuviewer screenshot -o window.png"
)
FIRST_PAINT_TIMEOUT_MS = 60_000
FIRST_PAINT_LINE = "first paint"


def has_display() -> bool:
    if sys.platform != "linux" or os.environ.get("QT_QPA_PLATFORM"):
        return True  # other systems always have a screen; an explicit platform (offscreen) needs none
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


@dataclass(frozen=True)
class Shot:
    """The state the screenshot command puts the window in."""

    view: str | None = None
    point: str | None = None
    search: str | None = None
    size: tuple[int, int] = (1400, 900)
    study: str | None = None  # walk, locate, name, prescription or pregnancy (see study_shot)


def run(catalogue: Path | None = None, exit_after_first_paint: bool = False) -> int:
    if not has_display():
        print(NO_DISPLAY, file=sys.stderr)
        return 1
    with _opened(catalogue) as repo_and_path:
        app = _application()
        window = _window(app, *repo_and_path, QSettings("AcuViewer", "AcuViewer"))
        if exit_after_first_paint:
            # Queued: the paint finishes before the loop ends. The line on stdout lets a benchmark time the first
            # paint itself, apart from the interpreter's and Qt's teardown that follows it.
            window.map.first_painted.connect(lambda: _painted(app), type=Qt.ConnectionType.QueuedConnection)
            QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, lambda: app.exit(3))
        else:
            # After the first paint: the data file (and its automatic backup) is not on the way to the window.
            window.map.first_painted.connect(lambda: open_user_data(window), type=Qt.ConnectionType.QueuedConnection)
        window.show()
        try:
            return app.exec()
        finally:
            if window.user_store is not None:
                window.user_store.close()


def open_user_data(window: MainWindow) -> None:
    """Opens the practitioner's data file, recovering it from a backup if it is damaged, and hands it to the window.

    A file that cannot be opened at all (a newer AcuViewer's, an unwritable folder) leaves the window usable
    without it, with the reason in view.
    """
    from acuviewer.userdata import paths
    from acuviewer.userdata.backup import open_or_recover
    from acuviewer.userdata.store import UserStore

    store: UserStore | None = None
    try:
        store, message = open_or_recover(paths.store_path(window.data_dir), paths.backup_dir(window.data_dir))
    except UserDataError as error:
        message = f"Your plans and notes could not be opened, so they are not shown. {error}"
    window.attach_user_data(store, message)
    if window.settings.planner_open():
        window.show_planner(True)  # as the practitioner left it; built only now, off the way to the first paint


def _painted(app: QApplication) -> None:
    print(FIRST_PAINT_LINE, flush=True)
    app.exit(0)


def screenshot(path: Path, shot: Shot, catalogue: Path | None = None) -> int:
    """Opens the real window offscreen in the given state, saves a picture of it, and closes it."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with _opened(catalogue) as repo_and_path, tempfile.TemporaryDirectory() as scratch:
        app = _application()
        # A throwaway settings file: a screenshot neither reads nor changes the user's saved window state.
        settings = QSettings(str(Path(scratch) / "settings.ini"), QSettings.Format.IniFormat)
        window = _window(app, *repo_and_path, settings)
        window.resize(*shot.size)
        window.show()
        app.processEvents()
        if shot.view:
            window.show_view(shot.view)
        if shot.search:
            window.search_field.setText(shot.search)
        if shot.point:
            code = repo_and_path[0].resolve(shot.point)
            if code is None:
                raise CatalogueError(f"No point '{shot.point}' in the catalogue.")
            window.select_point(code)
        if shot.study:
            from acuviewer.ui.study_shot import show_study_state

            show_study_state(window, shot.study, window.current.code if window.current else None)
        window.map.item.set_moving(False)
        app.processEvents()
        if not window.grab().save(str(path)):
            raise OSError(f"could not write {path}")
        window.close()
    print(f"wrote {path}")
    return 0


@contextmanager
def _opened(catalogue: Path | None) -> Iterator[tuple[Repository, Path]]:
    path = catalogue or default_catalogue()
    repo = Repository.open(path)
    try:
        yield repo, path
    finally:
        repo.close()


def _application() -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("AcuViewer")
    app.setOrganizationName("AcuViewer")
    app.setApplicationDisplayName("AcuViewer")
    return app


def _window(
    app: QApplication, repo: Repository, path: Path, settings: QSettings, data_dir: Path | None = None
) -> MainWindow:
    warning = load_fonts(app)
    window = MainWindow(repo, load_maps(path, repo), Settings(settings), data_dir)
    if warning:
        window.show_warning(warning)
    return window
