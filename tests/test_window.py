"""The window as a user drives it: type a search, press Enter, read the details; walk the channel list."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from acuviewer.catalogue.repository import Repository
from acuviewer.ui import app
from acuviewer.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: QtBot, fixture_catalogue: Path) -> Iterator[MainWindow]:
    repo = Repository.open(fixture_catalogue)
    main_window = MainWindow(repo)
    qtbot.addWidget(main_window)
    main_window.show()
    yield main_window
    repo.close()


def test_search_and_enter_shows_the_point(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search_field, "bl40")
    assert window.results.count() >= 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.details.toPlainText().startswith("BL40  Wěizhōng  委中")
    assert "Popliteal artery" in window.details.toPlainText()


def test_hanzi_search_typed_with_set_text(window: MainWindow) -> None:
    window.search_field.setText("環跳")
    assert window.results.item(0).text().startswith("GB30")


def test_channel_list_in_flow_order(qtbot: QtBot, window: MainWindow) -> None:
    bladder = window.channels.topLevelItem(0)
    assert bladder.text(0) == "BL"
    assert [bladder.child(i).text(0) for i in range(bladder.childCount())] == ["BL36", "BL40"]
    window.channels.setCurrentItem(bladder.child(1))
    assert window.details.toPlainText().startswith("BL40")


def test_no_display_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert app.run() == 1
    assert "no display found" in capsys.readouterr().err
