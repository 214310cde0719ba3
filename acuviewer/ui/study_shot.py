"""Puts the study panel in a state worth a picture (the screenshot command): a walk, or a quiz question on a point."""

from __future__ import annotations

from typing import TYPE_CHECKING

from acuviewer.catalogue.repository import CatalogueError
from acuviewer.study.answers import HARD_WITHIN_CUN
from acuviewer.study.cards import CardKey
from acuviewer.study.questions import question_for

if TYPE_CHECKING:
    from acuviewer.ui.main_window import MainWindow

STATES = ("walk", "locate", "name", "prescription", "pregnancy")


def show_study_state(window: MainWindow, state: str, code: str | None) -> None:
    """walk: walking `code`'s channel, at `code`; locate: answered a little off, with the measuring path shown;
    name: the question as asked; prescription and pregnancy: answered right, with the explanation."""
    if state not in STATES or code is None:
        raise CatalogueError(f"A study picture needs one of {', '.join(STATES)} and a point.")
    panel = window.study()
    window.show_study(True)
    if state == "walk":
        panel.tabs.setCurrentWidget(panel.walk)
        walk = panel.walk
        point = panel.context.material.points[code]
        index = walk.channel.findData(point.channel)
        if index < 0:
            raise CatalogueError(f"{code} is on no channel to walk (an extra point); choose a channel's point.")
        walk.channel.setCurrentIndex(index)
        walk.start_at(walk.codes().index(code))
        return
    panel.tabs.setCurrentWidget(panel.quiz)
    quiz = panel.quiz
    try:
        question_for(CardKey(state, code), panel.context.material, quiz.rng)
    except ValueError as error:
        raise CatalogueError(f"No {state} question can be asked about {code}: {error}") from None
    quiz.start_with([CardKey(state, code)])
    question = quiz.question
    if question is None:
        return
    if state == "locate":
        measure = panel.context.measures(code, window.map.view_name)[0]
        x, y = measure.target
        # Between "right" and "close": the picture shows the miss, its distance and the path to the true place.
        quiz.answer_at(
            measure.view, x + 0.6 * HARD_WITHIN_CUN * measure.units_per_cun[0], y + 0.6 * measure.units_per_cun[1]
        )
    elif state in ("prescription", "pregnancy"):
        for button in quiz.choices:
            button.setChecked(str(button.property("code")) in question.answers)
        quiz.check()
