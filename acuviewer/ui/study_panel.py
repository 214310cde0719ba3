"""The study panel: walk a channel, answer quizzes scheduled by FSRS, and see progress, all on the window's map.

The Qt-free rules live in acuviewer.study (decks, questions, answers, scheduling) and acuviewer.bodymap.measure
(how a point is found); this module builds the three tabs and hands them what they share.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from acuviewer.bodymap.figure import VIEWS as FIGURE_VIEWS
from acuviewer.bodymap.geometry import Unplaceable
from acuviewer.bodymap.measure import Measure, measure, views_of
from acuviewer.catalogue.model import Segment
from acuviewer.catalogue.repository import Repository
from acuviewer.study.material import Material
from acuviewer.study.schedule import Schedule
from acuviewer.ui.map_view import MapView
from acuviewer.userdata.store import UserStore


@dataclass
class StudyHost:
    """What study mode may ask of the window, and nothing more."""

    select_point: Callable[[str], None]  # show a point everywhere (details, channel list, map), switching views
    switch_view: Callable[[str], None]  # show a view of the map without selecting anything
    conceal_details: Callable[[bool], None]  # hide the details panel while a question is open


@dataclass
class StudyContext:
    """Shared by the tabs: the catalogue as study reads it, the map, the scheduler and the data file."""

    material: Material
    segments: list[Segment]
    map: MapView
    host: StudyHost
    schedule: Schedule = field(default_factory=Schedule)
    store: UserStore | None = None

    def measure(self, code: str, view: str | None = None) -> Measure | None:
        """How `code` is found in `view` (default: the shown one), on the side nearest the middle of the screen."""
        view = view or self.map.view_name
        found = self.measures(code, view)
        if not found or view != self.map.view_name:
            return found[-1] if found else None
        centre = self.map.mapToScene(self.map.viewport().rect().center())
        return min(found, key=lambda m: math.hypot(m.target[0] - centre.x(), m.target[1] - centre.y()))

    def measures(self, code: str, view: str) -> list[Measure]:
        """The point's measure on every side drawn in `view`: a quiz click may be on either leg."""
        point = self.material.points.get(code)
        if point is None or view not in views_of(point):
            return []
        sides = ("M",) if point.is_midline else FIGURE_VIEWS[view].sides
        found: list[Measure] = []
        for side in sides:
            try:
                found.append(measure(FIGURE_VIEWS[view], self.material.points, self.segments, code, side))
            except Unplaceable:
                continue
        return found


class StudyPanel(QWidget):
    message = Signal(str)

    def __init__(self, repo: Repository, map_view: MapView, host: StudyHost) -> None:
        super().__init__()
        from acuviewer.ui.study_progress import ProgressTab
        from acuviewer.ui.study_quiz import QuizTab
        from acuviewer.ui.study_walk import WalkTab

        self.context = StudyContext(Material.load(repo), repo.segments(), map_view, host)
        self.walk = WalkTab(self.context)
        self.quiz = QuizTab(self.context)
        self.progress = ProgressTab(self.context)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.walk, "&Walk a channel")
        self.tabs.addTab(self.quiz, "&Quiz")
        self.tabs.addTab(self.progress, "P&rogress")
        self.tabs.setAccessibleName("Study")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.tabs)
        for tab in (self.walk, self.quiz, self.progress):
            tab.message.connect(self.message)
        self.quiz.answered.connect(self.progress.refresh)
        self.tabs.currentChanged.connect(self._tab_changed)

    def set_store(self, store: UserStore | None) -> None:
        self.context.store = store
        self.quiz.stop()  # a sitting belongs to one data file (a restore swaps it)
        self.progress.refresh()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is not self.quiz:
            self.quiz.stop()
        if self.tabs.currentWidget() is not self.walk:
            self.walk.pause()
        if self.tabs.currentWidget() is self.progress:
            self.progress.refresh()
        elif self.tabs.currentWidget() is self.walk:
            self.walk.show_current()

    def leave(self) -> None:
        """The panel is hidden: stop the walk and any quiz, and take study marks off the map."""
        self.walk.pause()
        self.quiz.stop()
        self.context.map.set_overlay("", None)
