"""The planner as a practitioner drives it: course and pattern → points on the map; patient flags → points left out
with the reason; red flags → referral first; Ashi points and painful places by clicking the map; plans saved,
reopened, duplicated and deleted; a treatment sheet printed to PDF and read back; notes and favourites per point."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from acuviewer.ui import app, plan_commands
from acuviewer.ui.main_window import MainWindow
from acuviewer.ui.planner_panel import PlannerPanel
from acuviewer.userdata import paths
from acuviewer.userdata.backup import rotate
from acuviewer.userdata.errors import UserDataError
from acuviewer.userdata.model import Plan, PlanPoint
from acuviewer.userdata.store import UserStore

WindowFactory = Callable[[], MainWindow]


@pytest.fixture(autouse=True)
def discard_when_closing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows close at the end of each test; an unsaved plan would ask (a modal box) and wait for ever."""
    monkeypatch.setattr(PlannerPanel, "ask_discard", lambda self: True)


@pytest.fixture
def planning(make_window: WindowFactory) -> Callable[[], MainWindow]:
    """Windows with the practitioner's data open (as after the first paint) and the planner shown."""

    def make() -> MainWindow:
        window = make_window()
        app.open_user_data(window)
        assert window.user_store is not None
        window.show_planner(True)
        return window

    return make


@pytest.fixture
def window(planning: Callable[[], MainWindow]) -> MainWindow:
    return planning()


def panel_of(window: MainWindow) -> PlannerPanel:
    return window.planner()


def plan_codes(panel: PlannerPanel) -> list[str]:
    return [p.code for p in panel.plan().points]


def marked_codes(window: MainWindow) -> set[str]:
    return {str(m.data(0)) for m in window.map.plan_marks()}


def map_position(window: MainWindow, x: float, y: float) -> QPoint:
    return window.map.mapFromScene(QPointF(x, y))


def test_course_and_pattern_put_the_points_on_the_map(window: MainWindow) -> None:
    panel = panel_of(window)
    assert window.planner_dock is not None and window.planner_dock.isVisible()
    assert plan_codes(panel) == []  # nothing is suggested before the course is known
    panel.course_buttons["posterior"].click()
    codes = plan_codes(panel)
    assert {"BL36", "BL40", "GB30"} <= set(codes)
    assert not {"GB31", "GB39"} & set(codes)  # lateral-course points stay out of a posterior plan
    titles = panel.tree.group_titles()
    assert titles[0].startswith("Local points") and any(t.startswith("Distal points") for t in titles)
    window.show_view("posterior")
    assert {"BL36", "BL40", "GB30"} <= marked_codes(window)
    before = set(codes)
    panel.pattern_checks["kidney-deficiency"].click()
    added = set(plan_codes(panel)) - before
    assert added, "the pattern adds its points"
    assert any(t.startswith("Pattern add-ons") for t in panel.tree.group_titles())
    assert added <= {p.code for p in panel.plan().points if p.role == "pattern"}
    reasons = {item.text(0): item.text(1) for item in panel.tree.items("point")}
    assert all(reasons[code] for code in plan_codes(panel)), "every point has its one-line reason"
    panel.course_buttons["lateral"].click()
    assert {"GB30", "GB31", "GB34"} <= set(plan_codes(panel)) and "BL36" not in plan_codes(panel)


def test_pregnancy_removes_the_contraindicated_points_and_says_why(window: MainWindow) -> None:
    panel = panel_of(window)
    panel.course_buttons["posterior"].click()
    assert "BL60" in plan_codes(panel)
    panel.flag_checks["pregnant"].click()
    assert "BL60" not in plan_codes(panel)
    left_out = {item.text(0): item.text(1) for item in panel.tree.items("excluded")}
    assert "pregnancy" in left_out["BL60"]
    assert panel.warnings.isVisible() and "pregnan" in panel.warnings.text().lower()
    window.show_view("posterior")
    assert "BL60" not in marked_codes(window)
    panel.flag_checks["pacemaker"].click()
    assert panel.ea_list.count() == 0
    assert any("pacemaker" in reason for reason in {i.text(1) for i in panel.tree.items("excluded")})
    # A contraindicated point added by hand stays the practitioner's choice, but is marked.
    panel.add_point("BL60")
    assert "BL60" in plan_codes(panel)
    added = {item.text(0): item.text(1) for item in panel.tree.items("point")}
    assert added["BL60"].startswith("⚠") and "pregnancy" in added["BL60"]


def test_a_red_flag_puts_the_referral_first(window: MainWindow) -> None:
    panel = panel_of(window)
    panel.course_buttons["posterior"].click()
    assert not panel.referral.isVisible()
    panel.red_checks["saddle-anaesthesia"].click()
    assert panel.referral.isVisible()
    assert panel.referral.text().startswith("REFER BEFORE TREATING")
    assert panel.referral.mapTo(panel, QPoint(0, 0)).y() < panel.tree.mapTo(panel, QPoint(0, 0)).y()
    assert panel.plan().red_flags == ("saddle-anaesthesia",)
    panel.red_checks["saddle-anaesthesia"].click()
    assert not panel.referral.isVisible()


def test_add_an_ashi_point_by_clicking_the_map(qtbot: QtBot, window: MainWindow) -> None:
    panel = panel_of(window)
    window.show_view("posterior")
    panel.course_buttons["posterior"].click()
    panel.ashi_button.click()
    assert window.map.placing()
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=map_position(window, 330, 760))
    assert not window.map.placing(), "one Ashi point per click on the button"
    (ashi,) = panel.plan().ashi
    assert ashi.view == "posterior" and ashi.side == "L"  # from behind, the patient's left is on the left
    assert abs(ashi.x - 330) < 3 and abs(ashi.y - 760) < 3
    assert "ashi-1" in marked_codes(window)
    (item,) = panel.tree.items("ashi")
    item.setText(1, "tender band over piriformis")
    assert panel.plan().ashi[0].note == "tender band over piriformis"
    window.show_view("lateral")
    assert "ashi-1" not in marked_codes(window)  # drawn on its own view only
    panel.tree.setCurrentItem(item)
    panel.remove_button.click()
    assert panel.plan().ashi == ()


def test_marking_the_pain_on_the_map_sets_the_course(qtbot: QtBot, window: MainWindow) -> None:
    panel = panel_of(window)
    window.show_view("posterior")
    panel.mark_pain.click()
    back_of_thigh = window.map.spots_of("BL37")[0]
    qtbot.mouseClick(
        window.map.viewport(), Qt.MouseButton.LeftButton, pos=map_position(window, back_of_thigh.x, back_of_thigh.y)
    )
    assert panel.course_buttons["posterior"].isChecked()
    assert "BL40" in plan_codes(panel)
    window.show_view("lateral")
    side_of_leg = window.map.spots_of("GB34")[0]
    qtbot.mouseClick(
        window.map.viewport(), Qt.MouseButton.LeftButton, pos=map_position(window, side_of_leg.x, side_of_leg.y)
    )
    assert panel.course_buttons["mixed"].isChecked()
    assert "pain" in marked_codes(window)
    panel.clear_pain.click()
    assert "pain" not in marked_codes(window) and not window.map.placing()


def test_save_reopen_duplicate_and_delete(
    window: MainWindow, planning: Callable[[], MainWindow], monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = panel_of(window)
    panel.course_buttons["lateral"].click()
    panel.pattern_checks["cold-damp"].click()
    panel.flag_checks["anticoagulants"].click()
    panel.remove_point("GB34")
    window.select_point("BL40")
    panel.add_button.click()
    panel.add_ashi("lateral", 410.0, 900.0, "tight ITB")
    panel.retention.setValue(20)
    panel.frequency.setValue(2.5)
    panel.cupping.setChecked(True)
    panel.notes.setPlainText("Better after 2nd visit.\n<b>not markup</b>")
    assert not panel.save(), "a plan needs a name"
    panel.name.setText("J.S. 21 Nov")
    assert panel.save() and not panel.dirty
    drafted = panel.plan()
    assert "GB34" not in plan_codes(panel) and "BL40" in plan_codes(panel)

    other = planning()  # a second window, as after a restart, on the same data file
    other_panel = panel_of(other)
    assert other_panel.plans.count() == 2  # "(new plan)" and the saved one
    other_panel.plans.setCurrentIndex(1)
    other_panel.plans.activated.emit(1)
    reopened = other_panel.plan()
    assert reopened.points == drafted.points and reopened.ashi == drafted.ashi
    assert reopened.session == drafted.session and reopened.notes == drafted.notes
    assert (reopened.course, reopened.patterns, reopened.flags) == ("lateral", ("cold-damp",), ("anticoagulants",))
    assert not other_panel.dirty
    # Editing on from the reopened plan keeps the removal: GB34 is still suggested, still left out.
    other_panel.pattern_checks["kidney-deficiency"].click()
    assert "GB34" not in plan_codes(other_panel)

    panel.duplicate()
    assert panel.name.text() == "J.S. 21 Nov (copy)" and panel.plan().points == drafted.points
    assert panel.plans.count() == 3
    monkeypatch.setattr(PlannerPanel, "confirm_delete", lambda self: True)
    panel.delete()
    assert panel.plans.count() == 2 and panel.plan_id is None


def test_unsaved_changes_are_not_dropped_silently(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    panel = panel_of(window)
    panel.name.setText("first")
    panel.course_buttons["posterior"].click()
    assert panel.save()
    panel.new_plan()
    panel.course_buttons["lateral"].click()
    assert panel.dirty
    asked: list[bool] = []
    monkeypatch.setattr(PlannerPanel, "ask_discard", lambda self: asked.append(True) or False)
    panel.plans.setCurrentIndex(1)
    panel.plans.activated.emit(1)
    assert asked and panel.plan_id is None and panel.request() is not None
    assert panel.request().course == "lateral"  # type: ignore[union-attr]


def test_treatment_sheet_and_handout_as_pdf(window: MainWindow, tmp_path: Path) -> None:
    panel = panel_of(window)
    panel.name.setText("Sheet test")
    panel.course_buttons["posterior"].click()
    panel.red_checks["leg-weakness"].click()
    panel.retention.setValue(22)
    sheet = tmp_path / "sheet.pdf"
    plan_commands.save_sheet_pdf(window, sheet)
    text = " ".join(page.extract_text() for page in PdfReader(sheet).pages)
    assert "REFER" in text
    for code in ("BL36", "BL40", "GB30"):
        assert code in text
    assert "22" in text
    handout = tmp_path / "handout.pdf"
    plan_commands.save_handout_pdf(window, handout)
    handout_text = " ".join(page.extract_text() for page in PdfReader(handout).pages)
    assert "doctor" in handout_text.lower()


def test_point_notes_and_favourites(window: MainWindow, planning: Callable[[], MainWindow], qtbot: QtBot) -> None:
    window.select_point("BL40")
    assert window.notes.title.text() == "My notes on BL40"
    window.notes.editor.setPlainText("<b>deqi</b> easy here & <img src=http://x>")
    qtbot.waitUntil(lambda: window.user_store is not None and window.user_store.note("BL40") != "", timeout=3000)
    window.notes.favourite.click()
    assert window.user_store is not None and window.user_store.favourites() == ["BL40"]
    window.select_point("GB30")
    assert window.notes.editor.toPlainText() == ""
    other = planning()
    other.select_point("BL40")
    assert other.notes.editor.toPlainText() == "<b>deqi</b> easy here & <img src=http://x>"  # text, not markup
    assert other.notes.favourite.isChecked()
    assert other.favourite_codes() == ["BL40"]


def test_a_damaged_data_file_is_recovered_and_the_user_told(make_window: WindowFactory) -> None:
    data = paths.default_data_dir()
    store_file, backups = paths.store_path(data), paths.backup_dir(data)
    with UserStore.open(store_file) as store:
        store.save_plan(Plan(None, "kept plan", "sciatica", "posterior", points=(PlanPoint("BL40", "adjacent"),)))
    assert rotate(store_file, backups) is not None
    store_file.write_bytes(b"this is not a database any more" * 100)
    window = make_window()
    app.open_user_data(window)
    assert window.user_store is not None
    assert [p.name for p in window.user_store.plans()] == ["kept plan"]
    assert "damaged" in window.user_data_message and "restored" in window.user_data_message
    assert window.warning.isVisible()
    assert list(data.glob("userdata.sqlite.damaged-*")), "the damaged file is kept"


def test_a_foreign_file_is_refused_on_restore_and_the_data_kept(window: MainWindow, tmp_path: Path) -> None:
    panel = panel_of(window)
    panel.name.setText("precious")
    panel.course_buttons["posterior"].click()
    assert panel.save()
    bogus = tmp_path / "bogus.sqlite"
    bogus.write_text("hello")
    with pytest.raises(UserDataError):
        plan_commands.restore_from(window, bogus)
    assert window.user_store is not None
    assert [p.name for p in window.user_store.plans()] == ["precious"]
    backup = tmp_path / "good.sqlite"
    plan_commands.backup_now(window, backup)
    window.user_store.delete_plan(window.user_store.plans()[0].id)
    safety = plan_commands.restore_from(window, backup)
    assert safety is not None and safety.is_file()
    assert [p.name for p in window.user_store.plans()] == ["precious"]
