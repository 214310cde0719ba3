"""Shared fixtures: headless Qt, and catalogues built from the small fixture sources or from the real db/."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: tests never need a display

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from acuviewer.catalogue.build import build_catalogue
from acuviewer.catalogue.repository import Repository
from acuviewer.ui import app
from acuviewer.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DB = Path(__file__).resolve().parent / "fixtures" / "db"
REAL_DB = ROOT / "db"


@pytest.fixture(autouse=True)
def private_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own practitioner's data folder: no test ever reads or writes a real one."""
    folder = tmp_path / "userdata"
    monkeypatch.setenv("ACUVIEWER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def fixture_db(tmp_path: Path) -> Path:
    """A private, editable copy of the small fixture sources."""
    target = tmp_path / "db"
    shutil.copytree(FIXTURE_DB, target)
    return target


@pytest.fixture
def fixture_catalogue(fixture_db: Path, tmp_path: Path) -> Path:
    output = tmp_path / "fixture.sqlite"
    assert build_catalogue(fixture_db, output) == []
    return output


@pytest.fixture(scope="session")
def real_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("real") / "catalogue.sqlite"
    problems = build_catalogue(REAL_DB, output)
    assert problems == [], "\n".join(map(str, problems))
    return output


WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, qapp: QApplication, real_catalogue: Path, tmp_path: Path) -> Iterator[WindowFactory]:
    """Opens real windows on the real catalogue, all sharing one settings file, as successive runs would."""
    repos: list[Repository] = []
    settings_file = tmp_path / "settings.ini"

    def make() -> MainWindow:
        repo = Repository.open(real_catalogue)
        repos.append(repo)
        window = app._window(qapp, repo, real_catalogue, QSettings(str(settings_file), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        return window

    yield make
    for repo in repos:
        repo.close()


@pytest.fixture
def window(make_window: WindowFactory) -> MainWindow:
    return make_window()
