"""The quiz: one card at a time from a deck, in the order FSRS says (due first), answered on the map or in words.

A question is asked with nothing on screen that gives it away (no labels or names on the map for "name", no points
at all for "locate", details hidden); once answered the point is shown with how it is measured, the answer is
rated (the suggested rating can be changed with 1-4), and the next card comes.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from acuviewer.bodymap.measure import views_of
from acuviewer.study.answers import (
    AGAIN,
    GOOD,
    describe_distance,
    rating_for_choice,
    rating_for_distance,
    typed_name_correct,
)
from acuviewer.study.cards import CardKey
from acuviewer.study.decks import all_decks, deck_cards, find_deck, spread
from acuviewer.study.questions import Question, question_for
from acuviewer.study.session import StudySession
from acuviewer.ui.study_marks import answer_items, measure_items
from acuviewer.ui.study_panel import StudyContext

KIND_GROUPS = {"locate": ("locate",), "name": ("name",), "clinical": ("prescription", "pregnancy")}
RATINGS = ((1, "Again"), (2, "Hard"), (3, "Good"), (4, "Easy"))
COMEBACK_WAIT = timedelta(minutes=15)  # fsrs's learning steps are 1 and 10 minutes: worth waiting for, in a sitting


class QuizTab(QWidget):
    message = Signal(str)
    answered = Signal()

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.rng = random.Random()
        self.session: StudySession | None = None
        self.question: Question | None = None
        self.suggested = 0
        self.detail = ""
        self._layers: frozenset[str] | None = None
        self._error_shown: str | None = None
        self._missed: set[CardKey] = set()  # cards rated Again this sitting: worth waiting a few minutes for
        self._keyboard_here = False
        self.waiting = QTimer(self, singleShot=True)
        self.waiting.timeout.connect(self.next_question)

        self.deck = QComboBox()
        self.deck.setAccessibleName("Deck")
        for deck in all_decks(context.material):
            self.deck.addItem(deck.title, deck.key)
        self.kinds = {
            "locate": QCheckBox("&Locate on the map"),
            "name": QCheckBox("Na&me the point"),
            "clinical": QCheckBox("Cli&nical"),
        }
        for box in self.kinds.values():
            box.setChecked(True)
        self.new_limit = QSpinBox(minimum=0, maximum=500, value=20)
        self.new_limit.setAccessibleName("New cards per sitting")
        self.start_button = QPushButton("Star&t")  # Alt+S is the Study menu
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        font = QFont(self.prompt.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.prompt.setFont(font)
        self.prompt.setAccessibleName("Question")
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.typed = QLineEdit(placeholderText="Type the code, pinyin (tones optional) or hanzi")
        self.typed.setAccessibleName("Your answer")
        self.choices_box = QVBoxLayout()
        self.choices: list[QAbstractButton] = []
        self.check_button = QPushButton("Check (Enter)")
        self.feedback = QTextBrowser()
        self.feedback.setAccessibleName("Answer and explanation")
        self.rating_buttons = {n: QPushButton(f"{n} {word}") for n, word in RATINGS}
        self.status = QLabel()

        layout = QVBoxLayout(self)
        deck_label = QLabel("&Deck")
        deck_label.setBuddy(self.deck)
        layout.addWidget(deck_label)
        layout.addWidget(self.deck)
        kinds_row = QHBoxLayout()
        for box in self.kinds.values():
            kinds_row.addWidget(box)
        layout.addLayout(kinds_row)
        start_row = QHBoxLayout()
        new_label = QLabel("New cards per sitting")
        new_label.setBuddy(self.new_limit)
        start_row.addWidget(new_label)
        start_row.addWidget(self.new_limit)
        start_row.addStretch(1)
        start_row.addWidget(self.start_button)
        layout.addLayout(start_row)
        layout.addWidget(self.status)
        layout.addWidget(self.prompt)
        layout.addWidget(self.hint)
        layout.addWidget(self.typed)
        layout.addLayout(self.choices_box)
        layout.addWidget(self.check_button)
        layout.addWidget(self.feedback, 1)
        ratings_row = QHBoxLayout()
        for button in self.rating_buttons.values():
            ratings_row.addWidget(button)
        layout.addLayout(ratings_row)

        self.start_button.clicked.connect(self.toggle)
        self.check_button.clicked.connect(self.check)
        for n, button in self.rating_buttons.items():
            button.clicked.connect(lambda _checked=False, n=n: self.rate(n))
        context.map.place_clicked.connect(self.answer_at)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut  # only while the quiz has the keyboard
        QShortcut(QKeySequence("Return"), self, self._enter, context=within)
        QShortcut(QKeySequence("Enter"), self, self._enter, context=within)
        QShortcut(QKeySequence("Escape"), self, self.stop, context=within)
        for n in range(1, 10):
            QShortcut(QKeySequence(str(n)), self, lambda n=n: self._digit(n), context=within)
        self._show_state()

    # --- the sitting -----------------------------------------------------------------------------------------
    def chosen_kinds(self) -> tuple[str, ...]:
        return tuple(kind for group, box in self.kinds.items() if box.isChecked() for kind in KIND_GROUPS[group])

    def cards(self) -> list[CardKey]:
        deck = find_deck(str(self.deck.currentData()), self.context.material)
        return spread(deck_cards(deck, self.context.material, self.chosen_kinds())) if deck is not None else []

    def toggle(self) -> None:
        if self.session is None:
            self.start()
        else:
            self.stop()

    def start(self) -> None:
        cards = self.cards()
        if not cards:
            self.message.emit("This deck has no cards of the kinds ticked.")
            return
        self.start_with(cards)

    def start_with(self, cards: list[CardKey]) -> None:
        """A sitting over these cards, due ones first."""
        self.session = StudySession(cards, self.context.store, self.context.schedule, _now, self.new_limit.value())
        self._missed = set()
        if self.session.last_error:
            self.message.emit(
                f"Your progress could not be read, so this sitting is not saved: {self.session.last_error}"
            )
        elif not self.session.saved:
            self.message.emit("Your data file is not open: answers count for this sitting but will not be kept.")
        self._layers = self.context.map.item.visible_layers()
        self.next_question()

    def stop(self) -> None:
        self.waiting.stop()
        if self.session is None:
            return
        self.session = None
        self.question = None
        self.context.map.set_overlay("", None)  # the last answer's marks go with the quiz
        self._restore_map()
        self.context.host.conceal_details(False)
        self.prompt.setText("")
        self.hint.setText("")
        self._show_state()

    def next_question(self) -> None:
        if self.session is None:
            return  # stopped while waiting for a card to come back
        focused = QApplication.focusWidget()
        self._keyboard_here = focused is None or self.isAncestorOf(focused) or focused is self.context.map
        key = self.session.next()
        comeback = self._comeback() if key is None else None
        if comeback is not None and comeback - _now() <= COMEBACK_WAIT:
            self._wait_for(comeback)
            return
        if key is None:
            answered = self.session.answered
            self.stop()
            self.feedback.setHtml(
                f"<p><b>Nothing more is due in this deck now.</b> {answered} answered this sitting. FSRS brings each "
                "card back when you are about to forget it: come back later, or choose another deck.</p>"
            )
            self.answered.emit()
            return
        try:
            self.question = question_for(key, self.context.material, self.rng)
        except ValueError as error:  # a card the catalogue no longer supports (a point or link removed)
            self.stop()
            self.message.emit(f"This card cannot be asked any more: {error}")
            return
        self.suggested = 0
        self.detail = ""
        self.feedback.clear()
        self.context.map.set_overlay("", None)
        self.context.host.conceal_details(True)
        self._ask(self.question)
        self._show_state()

    def _comeback(self) -> datetime | None:
        """When the first card missed this sitting is due again (None when none was missed)."""
        assert self.session is not None
        times = [datetime.fromisoformat(card.due) for key in self._missed if (card := self.session.card(key))]
        return min(times) if times else None

    def _wait_for(self, comeback: datetime) -> None:
        """Nothing is due, but a card missed a moment ago comes back soon (FSRS's short learning steps): wait."""
        self.question = None
        self.suggested = 0
        self._restore_map()
        self.context.host.conceal_details(False)
        seconds = max(1, int((comeback - _now()).total_seconds()) + 1)
        self.prompt.setText("")
        self.hint.setText("")
        self._set_choices(None)
        self.feedback.setHtml(
            f"<p><b>Nothing else is due.</b> A card you missed comes back in {seconds // 60} min {seconds % 60} s, "
            "when FSRS says it is time to try it again; the quiz waits for it (Escape stops).</p>"
        )
        self.waiting.start(seconds * 1000)
        self._show_state()

    def _ask(self, question: Question) -> None:
        point = self.context.material.points[question.card.code]
        self.prompt.setText(question.prompt)
        self.typed.clear()
        self._set_choices(question)
        map_view = self.context.map
        kind = question.card.kind
        if kind in ("locate", "name") and views_of(point):
            self.context.host.switch_view(views_of(point)[0])
            map_view.fit()  # the whole figure: a zoom left from the last answer would point at the region
        if kind == "locate":
            map_view.select(None)
            map_view.set_visible_layers(frozenset({"landmarks"}))  # the figure and its landmarks; no points
            map_view.set_concealed(True)
            map_view.set_placing(True, self)
            self._focus(map_view)
            self.hint.setText("Click the map where it is, or move the cross with the arrow keys and press Enter.")
        elif kind == "name":
            assert self._layers is not None
            map_view.set_visible_layers(self._layers - {"labels", "cautions"})  # a caution ring is a clue too
            map_view.set_concealed(True)
            map_view.select(point.code)
            self._focus(self.typed)
            self.hint.setText("Type its code, pinyin or hanzi, or choose one below (keys 1-4), then Enter.")
        else:
            self._restore_map()
            self.hint.setText(
                "Tick every right answer (keys 1-9), then Enter." if question.multiple else "Choose one, then Enter."
            )
            if self.choices:
                self._focus(self.choices[0])

    def _focus(self, widget: QWidget) -> None:
        """Gives the keyboard to the new question, if the student was answering from the keyboard; after the
        new widgets are shown (a hidden one cannot take it)."""
        if self._keyboard_here:
            QTimer.singleShot(0, lambda: widget.setFocus(Qt.FocusReason.OtherFocusReason))

    def _set_choices(self, question: Question | None) -> None:
        for old in self.choices:
            self.choices_box.removeWidget(old)
            old.deleteLater()
        self.choices = []
        for number, code in enumerate(question.choices if question else (), start=1):
            point = self.context.material.points[code]
            text = f"&{number}  {code}  {point.pinyin_toned} {point.hanzi}"
            if question and question.card.kind != "name":
                text += f" — {point.english}"  # a name question shows names only: the English is a clue
            button: QAbstractButton = QCheckBox(text) if question and question.multiple else QRadioButton(text)
            button.setProperty("code", code)
            self.choices_box.addWidget(button)
            self.choices.append(button)

    # --- answering -------------------------------------------------------------------------------------------
    def chosen(self) -> frozenset[str]:
        return frozenset(str(b.property("code")) for b in self.choices if b.isChecked())

    def check(self) -> None:
        """Marks a worded answer (name or clinical); a locate answer comes from the map instead."""
        question = self.question
        if question is None or self.suggested or question.card.kind == "locate":
            return
        point = self.context.material.points[question.card.code]
        typed = self.typed.text().strip()
        if typed.isdigit() and 0 < int(typed) <= len(self.choices):
            self.choices[int(typed) - 1].setChecked(True)  # "choose one below (keys 1-4)" typed into the field
            typed = ""
        if question.card.kind == "name" and typed:
            right = typed_name_correct(point, typed)
            self.detail = f"typed “{typed}”"
            self.suggested = GOOD if right else AGAIN
        else:
            chosen = self.chosen()
            if not chosen:
                self.message.emit("Choose an answer first.")
                return
            self.suggested = rating_for_choice(chosen, question.answers)
            right = self.suggested >= GOOD
            self.detail = "chose " + ", ".join(sorted(chosen))
        self._reveal(question, right)

    def answer_at(self, view: str, x: float, y: float) -> None:
        """A locate answer: the place clicked (or chosen with the keyboard) on a view of the map."""
        question = self.question
        if question is None or question.card.kind != "locate" or self.suggested:
            return
        if not self.context.map.placing_for(self):
            return  # the planner took the map for an Ashi point or a painful place: not an answer
        found = self.context.measures(question.card.code, view)
        if not found:
            self.message.emit(f"{question.card.code} is not drawn in this view: try another view (Ctrl+1/2/3).")
            return
        best = min(found, key=lambda m: m.distance_in_cun((x, y)))
        cun = best.distance_in_cun((x, y))
        self.suggested = rating_for_distance(cun)
        words = describe_distance(cun)
        self.detail = words
        self.context.map.set_placing(False, self)
        self._reveal(question, self.suggested >= GOOD, self.detail)
        self.context.map.set_overlay(view, lambda: answer_items(best, (x, y), words))
        self.context.map.frame([*best.places(), (x, y)])  # the miss and the true place, both in sight

    def _reveal(self, question: Question, right: bool, distance: str = "") -> None:
        self._restore_map()
        self.context.host.conceal_details(False)
        self.context.host.select_point(question.card.code)
        if question.card.kind != "locate":
            found = self.context.measure(question.card.code)
            if found is not None:
                self.context.map.set_overlay(found.view, lambda: measure_items(found))
                self.context.map.frame(found.places())
        self.feedback.setHtml(feedback_html(question, right, distance, self.chosen()))
        for button in self.choices:
            button.setEnabled(False)
        self._show_state()
        self.rating_buttons[self.suggested].setFocus(Qt.FocusReason.OtherFocusReason)

    def rate(self, rating: int) -> None:
        """Records the answer with this rating (the suggested one, or the student's own) and asks the next card."""
        if self.session is None or self.question is None or not self.suggested:
            return
        self.session.record(self.question.card, rating, self.detail)
        (self._missed.add if rating == AGAIN else self._missed.discard)(self.question.card)
        error = self.session.last_error
        if error and error != self._error_shown:  # once per problem, not after every answer
            self.message.emit(f"Your answers are not being saved: {error}")
        self._error_shown = error
        self.answered.emit()
        self.next_question()

    def _enter(self) -> None:
        if self.suggested:
            self.rate(self.suggested)
        elif self.question is not None and self.question.card.kind == "locate":
            if not self.context.map.place_cross():
                self.message.emit("Click the map, or press Tab to reach it and move the cross with the arrow keys.")
        else:
            self.check()

    def _digit(self, n: int) -> None:
        if self.suggested:
            if n <= len(RATINGS):
                self.rate(n)
        elif 0 < n <= len(self.choices):
            self.choices[n - 1].toggle() if self.question and self.question.multiple else self.choices[n - 1].click()

    # --- look ------------------------------------------------------------------------------------------------
    def _restore_map(self) -> None:
        map_view = self.context.map
        if map_view.placing_for(self):
            map_view.set_placing(False, self)
        map_view.set_concealed(False)
        if self._layers is not None:
            map_view.set_visible_layers(self._layers)

    def _show_state(self) -> None:
        running = self.session is not None
        asking = running and self.question is not None and not self.suggested
        self.start_button.setText("S&top (Esc)" if running else "Star&t")
        for widget in (self.deck, self.new_limit, *self.kinds.values()):
            widget.setEnabled(not running)
        kind = self.question.card.kind if self.question else ""
        self.typed.setVisible(asking and kind == "name")
        self.check_button.setVisible(asking and kind != "locate")
        for n, button in self.rating_buttons.items():
            button.setEnabled(running and bool(self.suggested))
            button.setDefault(n == self.suggested)
            button.setText(f"{n} {RATINGS[n - 1][1]}" + (" ✓" if n == self.suggested else ""))
        if self.session is not None:
            self.status.setText(f"Answered {self.session.answered} · due or new now {self.session.due_count}")
        else:
            self.status.setText("Choose a deck and press Start. Cards that are due come first.")


def _now() -> datetime:
    return datetime.now(UTC)


def feedback_html(question: Question, right: bool, distance: str, chosen: frozenset[str] = frozenset()) -> str:
    """What the student sees after answering: the verdict, the right answer, and why."""
    verdict = "✓ Right" if right else "✗ Not quite"
    colour = "#1b7f3b" if right else "#c62828"
    lines = [f"<p style='color:{colour}'><b>{verdict}</b>{' — ' + escape(distance) if distance else ''}</p>"]
    if question.choices:
        marks = []
        for code in question.choices:
            if code in question.answers:
                words = "✓ yes" if code in chosen or not chosen else "✓ yes — missed"
            else:
                words = "✗ no — wrongly chosen" if code in chosen else "no"
            marks.append(f"<li><b>{escape(code)}</b>: {words}</li>")
        lines.append(f"<ul>{''.join(marks)}</ul>")
    lines += [f"<p>{escape(line)}</p>" for line in question.explanation.splitlines() if line.strip()]
    return "".join(lines)
