"""The main window as a user drives it: search and Enter, click the map, switch views, toggle layers, walk a channel,
zoom and pan, and find the state again after a restart."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget
from pytestqt.qtbot import QtBot

from acuviewer.ui import app, fonts
from acuviewer.ui.main_window import MainWindow

WindowFactory = Callable[[], MainWindow]  # the make_window fixture (conftest)


def _map_position(window: MainWindow, code: str) -> QPoint:
    spot = window.map.spots_of(code)[0]
    return window.map.mapFromScene(QPointF(spot.x, spot.y))


def test_search_and_enter_selects_the_point_everywhere(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search_field, "bl40")
    assert window.search_model.rowCount() >= 1
    qtbot.keyClick(window.search_field, Qt.Key.Key_Return)
    assert window.current is not None and window.current.code == "BL40"
    text = window.details.toPlainText()
    assert text.startswith("BL40") and "Wěizhōng" in text and "委中" in text
    assert "CAUTION" in text and "Location" in text
    rings = window.map.highlight_rings()
    spots = window.map.spots_of("BL40")
    assert len(rings) == len(spots) == 2  # both legs
    assert {(r.pos().x(), r.pos().y()) for r in rings} == {(s.x, s.y) for s in spots}
    assert window.channels.currentIndex().data(Qt.ItemDataRole.UserRole) == "BL40"


def test_search_by_hanzi_alias_and_indication(window: MainWindow) -> None:
    window.search_field.setText("環跳")  # keyClicks cannot type non-ASCII text
    assert window.search_model.code_at(0) == "GB30"
    window.search_field.setText("sciatica")
    codes = {window.search_model.code_at(r) for r in range(window.search_model.rowCount())}
    assert {"BL40", "GB30"} <= codes
    window.search_field.setText("')(*&^%$#\"<>")
    assert window.search_model.rowCount() == 0  # nonsense finds nothing, and says so without an error
    assert window.statusBar().currentMessage().startswith("0 results")


def test_click_a_point_on_the_map_shows_it(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("posterior")
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=_map_position(window, "BL36"))
    assert window.current is not None and window.current.code == "BL36"
    assert window.details.toPlainText().startswith("BL36")


def test_hover_shows_the_names(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("posterior")
    spot = window.map.spot_at(_map_position(window, "BL40"))
    assert spot is not None and spot.code == "BL40"
    assert window.map.tooltip_for(spot).startswith("BL40  Wěizhōng  委中\nBend Middle")
    qtbot.mouseMove(window.map.viewport(), _map_position(window, "BL40"))
    qtbot.waitUntil(lambda: QToolTip.text().startswith("BL40"), timeout=2000)
    assert window.map.spot_at(QPoint(2, 2)) is None  # empty paper is not a point


def test_views_switch_and_follow_the_selection(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    assert window.map.view_name == "lateral"
    window.commands.views["anterior"].trigger()
    assert window.map.view_name == "anterior"
    window.select_point("BL23")  # on the back only: the map goes to the posterior view
    assert window.map.view_name == "posterior" and window.map.spots_of("BL23")
    window.select_point("GB31")  # GB31 is on the side of the thigh: drawn in the lateral view
    assert window.map.spots_of("GB31")


def _bluish(colour: QColor) -> bool:
    return colour.blue() > colour.red() + 60


def test_layers_hide_and_show_what_is_drawn(qtbot: QtBot, window: MainWindow) -> None:
    window.show_view("posterior")
    window.map.item.set_moving(False)
    where = _map_position(window, "BL37")
    assert _bluish(window.map.grab().toImage().pixelColor(where))  # a Bladder point is drawn in blue
    window.commands.layers["BL"].trigger()  # View > Layers > Bladder channel, unchecked
    assert "BL" not in window.map.item.visible_layers()
    assert not _bluish(window.map.grab().toImage().pixelColor(where))
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.current is None  # a hidden point cannot be clicked
    window.commands.layers["BL"].trigger()
    assert _bluish(window.map.grab().toImage().pixelColor(where))
    for name in ("labels", "landmarks", "cautions", "GB", "other", "EX"):
        window.commands.layers[name].trigger()
        assert name not in window.map.item.visible_layers()


def test_walk_the_bladder_channel_with_the_keyboard(qtbot: QtBot, window: MainWindow) -> None:
    window.select_point("BL1")
    seen = ["BL1"]
    for _ in range(66):
        qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
        assert window.current is not None
        seen.append(window.current.code)
        assert window.map.spots_of(window.current.code), f"{window.current.code} is not on the map shown"
    assert seen == [f"BL{n}" for n in range(1, 68)]
    qtbot.keyClick(window, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current.code == "BL67" and "End of the channel" in window.statusBar().currentMessage()
    qtbot.keyClick(window, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current.code == "BL66"


def test_channel_list_in_flow_order_and_choosing_from_it(window: MainWindow) -> None:
    model = window.channel_model
    bladder = model.index(0, 0)
    assert bladder.data().startswith("BL")
    codes = [model.index(r, 0, bladder).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount(bladder))]
    assert codes == [f"BL{n}" for n in range(1, 68)]
    window.channels.setCurrentIndex(model.index(39, 0, bladder))
    assert window.current is not None and window.current.code == "BL40"


def test_zoom_with_keys_and_wheel_and_pan_by_dragging(qtbot: QtBot, window: MainWindow) -> None:
    view = window.map
    assert view.zoom() == pytest.approx(1.0)
    window.commands.named["zoom_in"].trigger()
    assert view.zoom() == pytest.approx(1.25)
    centre = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        centre,
        QPointF(view.viewport().mapToGlobal(centre.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(1.25**3)
    before = view.verticalScrollBar().value()
    start = view.viewport().rect().center()
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(view.viewport(), start + QPoint(0, -120))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=start + QPoint(0, -120))
    assert view.verticalScrollBar().value() > before  # dragged the figure up: the view moved down it
    window.commands.named["fit"].trigger()
    assert view.zoom() == pytest.approx(1.0)


def test_selected_point_is_scrolled_into_sight(window: MainWindow) -> None:
    window.select_point("BL1")
    window.map.zoom_by(8)
    window.select_point("BL67")
    spot = window.map.spots_of("BL67")
    visible = window.map.mapToScene(window.map.viewport().rect()).boundingRect()
    assert any(visible.contains(QPointF(s.x, s.y)) for s in spot)


def test_settings_survive_a_restart(make_window: WindowFactory) -> None:
    first = make_window()
    first.show_view("lateral")
    first.toggle_layer("labels", False)
    first.select_point("GB34")
    first.set_text_size(15)
    first.resize(720, 560)  # the offscreen screen is 800x800: restoreGeometry keeps windows on it
    first.close()
    second = make_window()
    assert second.map.view_name == "lateral"
    assert "labels" not in second.map.item.visible_layers()
    assert not second.commands.layers["labels"].isChecked()
    assert second.current is not None and second.current.code == "GB34"
    assert second.text_size() == 15
    assert (second.width(), second.height()) == (720, 560)


def test_text_size_setting_changes_the_details_font(qtbot: QtBot, window: MainWindow) -> None:
    size = window.text_size()
    window.commands.named["larger"].trigger()
    assert window.text_size() == size + 1
    for _ in range(100):
        window.commands.named["smaller"].trigger()
    assert window.text_size() == 7  # bounded: never unreadably small


def test_dark_palette_gives_dark_caution_tints(window: MainWindow) -> None:
    palette = window.palette()
    window.select_point("BL40")
    assert "#ffe7c2" in window.details.toHtml().lower()  # the light 'caution' tint
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    window.setPalette(palette)  # the system switches to dark: the page is drawn again
    assert "#6b4310" in window.details.toHtml().lower()  # the dark 'caution' tint, text left in palette colour


def test_no_display_is_a_clear_message(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(app.sys, "platform", "linux")
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    assert app.run() == 1
    err = capsys.readouterr().err
    assert "no display found" in err and "xvfb-run" in err and "screenshot" in err


def test_keyboard_reachable_with_accessible_names(window: MainWindow) -> None:
    stops = [
        w
        for w in window.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()
    ]
    assert stops and all(w.accessibleName() for w in stops), [type(w).__name__ for w in stops if not w.accessibleName()]
    order, widget = [], window.search_field.nextInFocusChain()
    while widget is not window.search_field:
        if widget in stops:
            order.append(widget.accessibleName())
        widget = widget.nextInFocusChain()
    assert order[:4] == ["Search results", "Channels and their points", "Body map", "Point details"]


def test_missing_font_is_a_message_not_a_crash(
    make_window: WindowFactory, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(fonts, "font_path", lambda: tmp_path / "gone.otf")
    window = make_window()
    assert "Chinese characters may show as boxes" in window.warning.text() and window.warning.isVisible()
    window.select_point("GB30")
    assert "环跳" in window.details.toPlainText()
