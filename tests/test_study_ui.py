"""Study mode as a student drives it: walking a channel (the steps follow the flow, the map follows the point, the
measuring path is drawn), each quiz type answered right and wrong (locate scored by distance in cun), FSRS progress
kept across a restart, and decks filtering the cards."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtWidgets import QGraphicsSimpleTextItem
from pytestqt.qtbot import QtBot

from acuviewer import cli
from acuviewer.study.answers import rating_for_distance
from acuviewer.study.cards import CardKey
from acuviewer.study.decks import FIVE_SHU_KINDS, find_deck
from acuviewer.ui import app, study_quiz
from acuviewer.ui.main_window import MainWindow
from acuviewer.ui.map_view import KEY_STEP
from acuviewer.ui.study_panel import StudyPanel
from acuviewer.ui.study_quiz import QuizTab

WindowFactory = Callable[[], MainWindow]


@pytest.fixture
def studying(make_window: WindowFactory) -> Callable[[], MainWindow]:
    """Windows with the student's data open (as after the first paint) and the study panel shown."""

    def make() -> MainWindow:
        window = make_window()
        app.open_user_data(window)
        assert window.user_store is not None
        window.show_study(True)
        return window

    return make


@pytest.fixture
def window(studying: Callable[[], MainWindow]) -> MainWindow:
    return studying()


def panel_of(window: MainWindow) -> StudyPanel:
    return window.study()


def overlay_texts(window: MainWindow) -> list[str]:
    texts = []
    for item in window.map.overlay_items():
        texts += [c.text() for c in item.childItems() if isinstance(c, QGraphicsSimpleTextItem)]
    return texts


def click_map(qtbot: QtBot, window: MainWindow, x: float, y: float) -> None:
    """A click at a map position, zoomed in first so that a screen pixel is a small part of a cun."""
    window.map.fit()
    window.map.zoom_by(8)
    window.map.centerOn(QPointF(x, y))
    position: QPoint = window.map.mapFromScene(QPointF(x, y))
    qtbot.mouseClick(window.map.viewport(), Qt.MouseButton.LeftButton, pos=position)


def cun_off(detail: str) -> float:
    return float(detail.split(" cun")[0])


def start_quiz(window: MainWindow, deck_key: str, kinds: set[str], seed: int = 7) -> QuizTab:
    panel = panel_of(window)
    panel.tabs.setCurrentWidget(panel.quiz)
    quiz = panel.quiz
    quiz.rng = random.Random(seed)
    quiz.deck.setCurrentIndex(quiz.deck.findData(deck_key))
    for group, box in quiz.kinds.items():
        box.setChecked(group in kinds)
    quiz.start_button.click()
    assert quiz.question is not None
    return quiz


# --- walking a channel ---------------------------------------------------------------------------------------
def test_walk_follows_the_flow_and_the_map_follows_the_point(window: MainWindow, qtbot: QtBot) -> None:
    walk = panel_of(window).walk
    walk.channel.setCurrentIndex(walk.channel.findData("GB"))
    assert walk.current_code() == "GB1"
    assert window.current is not None and window.current.code == "GB1"
    seen = ["GB1"]
    views = {window.map.view_name}
    for _ in range(43):
        walk.forward.click()
        seen.append(window.current.code)
        views.add(window.map.view_name)
        assert window.map.spots_of(window.current.code), f"{window.current.code} is not on the shown view"
    assert seen == [f"GB{n}" for n in range(1, 45)]  # every point, in the order the channel flows
    assert len(views) >= 2  # head to foot, the map changed view on the way
    walk.forward.click()  # past the end: stays on GB44 and says so
    assert window.current.code == "GB44"
    walk.back.click()
    assert window.current.code == "GB43"


def test_walk_draws_how_bl37_is_measured(window: MainWindow, qtbot: QtBot) -> None:
    walk = panel_of(window).walk
    walk.channel.setCurrentIndex(walk.channel.findData("BL"))
    walk.start_at(36)
    assert walk.current_code() == "BL37"
    assert window.map.view_name == "posterior"
    texts = overlay_texts(window)
    assert "6 cun down" in texts
    # the ruler: gluteal fold to popliteal crease
    assert any("14 cun" in t and "gluteal fold" in t and "popliteal crease" in t for t in texts)
    assert "gluteal fold" in texts  # the reference landmark is named
    card = walk.card.toPlainText()
    assert "BL37" in card and "Yīnmén" in card and "6 cun down" in card


def test_walk_plays_and_works_from_the_keyboard(window: MainWindow, qtbot: QtBot) -> None:
    walk = panel_of(window).walk
    walk.channel.setCurrentIndex(walk.channel.findData("BL"))
    walk.play.setFocus()
    qtbot.keyClick(walk.play, Qt.Key.Key_Right)
    assert walk.current_code() == "BL2"
    qtbot.keyClick(walk.play, Qt.Key.Key_Left)
    assert walk.current_code() == "BL1"
    walk.speed.setValue(0)
    walk.play.setChecked(True)
    assert walk.timer.isActive() and walk.timer.interval() == 750
    qtbot.waitUntil(lambda: walk.current_code() == "BL3", timeout=5000)
    qtbot.keyClick(walk.play, Qt.Key.Key_Space)  # pause
    assert not walk.timer.isActive()


# --- quizzes -------------------------------------------------------------------------------------------------
def test_locate_right_and_wrong_scored_by_distance_in_cun(window: MainWindow, qtbot: QtBot) -> None:
    quiz = start_quiz(window, "channel:GB", {"locate"})
    question = quiz.question
    assert question is not None and question.card.kind == "locate"
    code = question.card.code
    assert window.map.placing() and window.map.concealed()
    assert "labels" not in window.map.item.visible_layers() and "GB" not in window.map.item.visible_layers()
    assert code not in window.details.toPlainText()  # the details give nothing away
    measure = quiz.context.measures(code, window.map.view_name)[0]
    x, y = measure.target
    click_map(qtbot, window, x + 0.2 * measure.units_per_cun[0], y)  # 0.2 cun off: right
    assert quiz.suggested == 3
    assert "Right" in quiz.feedback.toPlainText() and "cun off — right" in quiz.feedback.toPlainText()
    assert 0.2 <= cun_off(quiz.detail) <= 0.3  # rounded up: never shown better than it was
    assert not window.map.placing() and "GB" in window.map.item.visible_layers()
    assert window.current is not None and window.current.code == code  # the answer is shown
    quiz.rate(quiz.suggested)
    card = window.user_store.study_cards()[f"locate:{code}"]
    assert card.reviews == 1 and card.last_rating == 3

    second = quiz.question
    assert second is not None and second.card.code != code
    far = quiz.context.measures(second.card.code, window.map.view_name)[0]
    x, y = far.target
    click_map(qtbot, window, x, y + 3 * far.units_per_cun[1])  # 3 cun below: wrong
    assert quiz.suggested == 1
    assert "Not quite" in quiz.feedback.toPlainText() and quiz.detail in quiz.feedback.toPlainText()
    assert 3.0 <= cun_off(quiz.detail) <= 3.1
    texts = overlay_texts(window)
    assert quiz.detail in texts  # where the click fell, with how far it was, over the measuring path
    qtbot.keyClick(quiz, Qt.Key.Key_2)  # the student's own rating: Hard
    assert window.user_store.study_cards()[f"locate:{second.card.code}"].last_rating == 2


def test_locate_with_the_keyboard_only(window: MainWindow, qtbot: QtBot) -> None:
    quiz = start_quiz(window, "region:thigh-knee", {"locate"})  # mid-body: the map can centre on it
    assert quiz.question is not None
    measure = quiz.context.measures(quiz.question.card.code, window.map.view_name)[0]
    window.map.zoom_by(4)  # zoomed in, the map can scroll the point to the middle
    window.map.centerOn(QPointF(*measure.target))  # the cross starts in the middle of the map: on the point
    window.map.setFocus()
    for _ in range(3):
        qtbot.keyClick(window.map, Qt.Key.Key_Down)  # each press moves the cross KEY_STEP map units
    qtbot.keyClick(window.map, Qt.Key.Key_Return)
    expected = 3 * KEY_STEP / measure.units_per_cun[1]
    assert abs(cun_off(quiz.detail) - expected) <= 0.2, (quiz.detail, expected)
    assert quiz.suggested == rating_for_distance(cun_off(quiz.detail) - 0.05)
    qtbot.keyClick(quiz.rating_buttons[3], Qt.Key.Key_3)  # rated from the keyboard too
    assert window.user_store.study_cards()[f"locate:{measure.code}"].last_rating == 3


def test_name_typed_tone_insensitive_and_chosen_among_neighbours(window: MainWindow, qtbot: QtBot) -> None:
    quiz = start_quiz(window, "channel:GB", {"name"})
    question = quiz.question
    assert question is not None and question.card.kind == "name"
    point = quiz.context.material.points[question.card.code]
    assert "labels" not in window.map.item.visible_layers() and window.map.concealed()
    assert [r.data(0) for r in window.map.highlight_rings()] == [point.code] * len(window.map.highlight_rings())
    assert window.map.highlight_rings()
    assert len(quiz.choices) == 4 and point.code in {str(b.property("code")) for b in quiz.choices}
    quiz.typed.setText(point.pinyin.lower().replace(" ", ""))  # no tones, no capitals
    qtbot.keyClick(quiz.typed, Qt.Key.Key_Return)
    assert quiz.suggested == 3 and "Right" in quiz.feedback.toPlainText()
    qtbot.keyClick(quiz, Qt.Key.Key_Return)  # accept the suggested rating: next card

    question = quiz.question
    assert question is not None
    wrong = next(i for i, b in enumerate(quiz.choices) if b.property("code") != question.card.code)
    qtbot.keyClick(quiz, Qt.Key.Key_1 + wrong)  # choose a neighbour that is not it
    quiz.check_button.click()
    assert quiz.suggested == 1 and "Not quite" in quiz.feedback.toPlainText()


def test_clinical_prescription_and_pregnancy(window: MainWindow, qtbot: QtBot) -> None:
    """Each clinical kind answered once right and once wrong; a wrong answer is told which choices were wrong."""
    quiz = start_quiz(window, "condition:sciatica", {"clinical"}, seed=3)
    quiz.stop()
    quiz.new_limit.setValue(200)  # every card of the deck in this sitting: the pregnancy ones come last
    quiz.start_button.click()
    todo = {(kind, right) for kind in ("prescription", "pregnancy") for right in (True, False)}
    for _ in range(200):
        question = quiz.question
        if question is None or not todo:
            break
        kind = question.card.kind
        right = (kind, True) in todo
        wrong_choice = next(c for c in question.choices if c not in question.answers)
        for button in quiz.choices:
            code = str(button.property("code"))
            button.setChecked(code in question.answers if right else code == wrong_choice)
        quiz.check()
        todo.discard((kind, right))
        assert quiz.suggested == (3 if right else 1), question.prompt
        shown = quiz.feedback.toPlainText()
        assert all(line in shown for line in question.explanation.splitlines()), question.explanation
        assert ("wrongly chosen" in shown) == (not right)
        if question.multiple and not right:
            assert "missed" in shown  # the right answers not ticked are named
        quiz.rate(quiz.suggested)
    assert not todo


def test_nothing_names_the_point_while_it_is_asked(window: MainWindow, qtbot: QtBot) -> None:
    window.select_point("GB1")
    quiz = start_quiz(window, "channel:GB", {"locate", "name"})
    assert quiz.question is not None and quiz.question.card == CardKey("locate", "GB1")

    def nothing_names_it() -> None:
        assert window.windowTitle() == "AcuViewer"
        assert not window.channels.currentIndex().isValid() and not window.channels.selectedIndexes()
        assert window.notes.code is None
        assert "GB1" not in window.details.toPlainText() and "GB1" not in window.statusBar().currentMessage()
        assert not window.map.highlight_rings()
        assert not any(action.isEnabled() for action in window.commands.layers.values())

    nothing_names_it()
    window.show_view("anterior")  # Ctrl+3 mid-question: still no ring, no details
    nothing_names_it()
    window.show_view("lateral")
    measure = quiz.context.measures("GB1", window.map.view_name)[0]
    click_map(qtbot, window, *measure.target)
    assert window.windowTitle().startswith("AcuViewer — GB1")  # revealed once answered
    assert all(action.isEnabled() for action in window.commands.layers.values())
    quiz.rate(quiz.suggested)
    assert quiz.question is not None and quiz.question.card.code != "GB1"  # its name card comes later
    nothing_names_it()


def test_the_planner_and_a_quiz_never_share_a_click(window: MainWindow, qtbot: QtBot) -> None:
    window.show_planner(True)
    planner = window.planner()
    planner.mark_pain.click()  # the planner waits for painful places…
    assert window.map.placing_for(planner)
    quiz = start_quiz(window, "region:thigh-knee", {"locate"})  # …and a quiz question takes the map over
    assert quiz.question is not None
    measure = quiz.context.measures(quiz.question.card.code, window.map.view_name)[0]
    click_map(qtbot, window, *measure.target)
    assert quiz.suggested == 3
    assert planner.pain == [] and not planner.mark_pain.isChecked()


# --- memory --------------------------------------------------------------------------------------------------
def test_progress_survives_a_restart_and_answered_cards_wait(studying: Callable[[], MainWindow], qtbot: QtBot) -> None:
    first = studying()
    quiz = start_quiz(first, "channel:GB", {"name"})
    answered = []
    for _ in range(3):
        assert quiz.question is not None
        point = quiz.context.material.points[quiz.question.card.code]
        quiz.typed.setText(point.code)
        quiz.check()
        answered.append(quiz.question.card)
        quiz.rate(4)  # Easy: not due again for days
    first.close()

    second = studying()
    cards = second.user_store.study_cards()
    for key in answered:
        card = cards[key.card_id]
        assert card.reviews == 1 and card.last_rating == 4
        assert datetime.fromisoformat(card.due) > datetime.now(UTC)
    quiz = start_quiz(second, "channel:GB", {"name"})
    assert quiz.question is not None and quiz.question.card not in answered
    progress = panel_of(second).progress
    progress.refresh()
    row = progress.row("GB")
    assert row is not None and int(row.text(2)) == int(row.text(1)) - 3  # three of GB's cards are no longer new


def test_decks_filter_the_cards(window: MainWindow) -> None:
    quiz = panel_of(window).quiz
    material = quiz.context.material
    keys = [str(quiz.deck.itemData(i)) for i in range(quiz.deck.count())]
    assert {"channel:BL", "channel:GB", "category:five-shu", "condition:sciatica"} <= set(keys)
    for box in quiz.kinds.values():
        box.setChecked(True)

    def cards_of(key: str) -> list[CardKey]:
        quiz.deck.setCurrentIndex(quiz.deck.findData(key))
        return quiz.cards()

    five_shu = {c.code for c in cards_of("category:five-shu")}
    assert five_shu == {
        code for code, p in material.points.items() if any(c.kind in FIVE_SHU_KINDS for c in p.categories)
    }
    assert {"BL40", "BL60", "BL65", "BL66", "BL67", "GB34", "GB38", "GB41", "GB43", "GB44"} <= five_shu
    assert all(c.code.startswith("BL") for c in cards_of("channel:BL"))
    sciatica = {c.code for c in cards_of("condition:sciatica")}
    assert {"BL40", "GB30", "GB34", "BL23"} <= sciatica and "BL1" not in sciatica
    regions = [k for k in keys if k.startswith("region:")]
    assert len(regions) >= 4
    for key in regions:
        deck = find_deck(key, material)
        assert deck is not None
        codes = {c.code for c in cards_of(key)}
        assert codes and all(material.regions[code] == deck.value for code in codes), key
    quiz.kinds["clinical"].setChecked(False)
    quiz.kinds["name"].setChecked(False)
    assert {card.kind for card in cards_of("channel:GB")} == {"locate"}
    quiz.kinds["locate"].setChecked(False)
    quiz.kinds["clinical"].setChecked(True)
    assert {card.kind for card in cards_of("condition:sciatica")} == {"prescription", "pregnancy"}


def test_a_missed_card_comes_back_in_the_same_sitting(
    window: MainWindow, qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = [datetime.now(UTC)]
    monkeypatch.setattr(study_quiz, "_now", lambda: clock[0])
    panel_of(window).tabs.setCurrentWidget(panel_of(window).quiz)
    quiz = panel_of(window).quiz
    quiz.start_with([CardKey("name", "GB34")])
    quiz.typed.setText("Zusanli")  # another point's name
    quiz.check()
    assert quiz.suggested == 1
    quiz.rate(1)
    assert quiz.question is None and quiz.waiting.isActive()  # the sitting waits: FSRS's first step is a minute
    assert "comes back in" in quiz.feedback.toPlainText()
    clock[0] += timedelta(minutes=2)
    quiz.waiting.timeout.emit()
    assert quiz.question is not None and quiz.question.card == CardKey("name", "GB34")
    qtbot.keyClick(quiz.typed, Qt.Key.Key_Escape)
    assert quiz.session is None and not quiz.waiting.isActive()


def test_screenshot_of_study_states_and_bad_requests(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], real_catalogue: Path
) -> None:
    base = ["--catalogue", str(real_catalogue), "screenshot", "-o"]
    out = tmp_path / "locate.png"
    assert cli.main([*base, str(out), "--point", "GB34", "--study", "locate", "--size", "800x600"]) == 0
    assert out.stat().st_size > 10_000
    assert cli.main([*base, str(tmp_path / "x.png"), "--study", "walk"]) == 2  # which point?
    assert cli.main([*base, str(tmp_path / "y.png"), "--point", "GB34", "--study", "pregnancy"]) == 1
    assert cli.main([*base, str(tmp_path / "z.png"), "--point", "EX-B2-L4", "--study", "walk"]) == 1
    errors = capsys.readouterr().err
    assert "--point" in errors and "not contraindicated in pregnancy" in errors and "no channel to walk" in errors
    assert "Traceback" not in errors
