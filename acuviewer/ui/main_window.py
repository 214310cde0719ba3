"""The main window: the body map in the centre, search and channels on the left, the point's details on the right."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QCloseEvent, QFont, QPalette
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QMainWindow,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from acuviewer.bodymap.bundle import MapBundle
from acuviewer.catalogue.model import VIEWS, Point
from acuviewer.catalogue.repository import Repository
from acuviewer.ui.channel_model import ChannelModel, groups_of
from acuviewer.ui.details_html import point_html
from acuviewer.ui.map_view import MapView
from acuviewer.ui.menus import build_menus
from acuviewer.ui.point_notes import PointNotes
from acuviewer.ui.search_model import CODE_ROLE, SearchModel
from acuviewer.ui.settings import MAX_TEXT, MIN_TEXT, Settings
from acuviewer.userdata.errors import UserDataError

if TYPE_CHECKING:
    from acuviewer.ui.planner_panel import PlannerPanel
    from acuviewer.ui.study_panel import StudyPanel
    from acuviewer.userdata.store import UserStore

SEARCH_LIMIT = 50


class MainWindow(QMainWindow):
    point_selected = Signal(str)

    def __init__(
        self, repo: Repository, maps: dict[str, MapBundle], settings: Settings, data_dir: Path | None = None
    ) -> None:
        super().__init__()
        self.repo = repo
        self._data_dir = data_dir
        self.maps = maps
        self.settings = settings
        self.current: Point | None = None
        self.sources = {s.id: s for s in repo.sources()}
        self.channel_names = {c.code: f"{c.english} ({c.code}, {c.pinyin_toned} {c.hanzi})" for c in repo.channels()}
        summaries = repo.summaries()
        self.point_count = len(summaries)
        self.setWindowTitle("AcuViewer")

        self.search_field = QLineEdit(placeholderText="Search: code, pinyin, hanzi, English, indication…")
        self.search_field.setAccessibleName("Search points")
        self.search_field.setClearButtonEnabled(True)
        self.search_model = SearchModel()
        self.results = QListView()
        self.results.setModel(self.search_model)
        self.results.setAccessibleName("Search results")
        self.channel_model = ChannelModel(groups_of(repo.channels(), summaries))
        self.channels = QTreeView()
        self.channels.setModel(self.channel_model)
        self.channels.setHeaderHidden(True)
        self.channels.setAccessibleName("Channels and their points")
        self.map = MapView()
        self.map.set_tooltips({s.code: f"{s.code}  {s.pinyin_toned}  {s.hanzi}\n{s.english}" for s in summaries})
        self.details = QTextBrowser()
        self.details.setAccessibleName("Point details")
        self.details.setOpenLinks(False)
        self.notes = PointNotes()
        self.user_store: UserStore | None = None
        self.planner_dock: QDockWidget | None = None
        self._planner: PlannerPanel | None = None
        self.study_dock: QDockWidget | None = None
        self._study: StudyPanel | None = None
        self.user_data_message = ""

        side = QWidget()
        layout = QVBoxLayout(side)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.search_field)
        layout.addWidget(self.results, 1)
        channels_label = QLabel("&Channels")
        channels_label.setBuddy(self.channels)
        layout.addWidget(channels_label)
        layout.addWidget(self.channels, 3)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.details, 1)
        right_layout.addWidget(self.notes)
        self.splitter = QSplitter()
        self.splitter.addWidget(side)
        self.splitter.addWidget(self.map)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([300, 700, 400])
        self.setCentralWidget(self.splitter)
        self.warning = QLabel()
        self.warning.setAccessibleName("Warning")
        self.warning.setVisible(False)
        self.statusBar().addPermanentWidget(self.warning)
        self.resize(1400, 900)

        # Tab follows the screen from left to right: search, results, channels, map, details, my notes.
        for first, second in itertools.pairwise(
            [self.search_field, self.results, self.channels, self.map, self.details, self.notes.favourite]
        ):
            QWidget.setTabOrder(first, second)
        self.commands = build_menus(self)
        self.search_field.textChanged.connect(self.search)
        self.search_field.returnPressed.connect(self.choose_result)
        self.results.activated.connect(self._chosen)
        self.results.clicked.connect(self._chosen)
        self.channels.selectionModel().currentChanged.connect(self._channel_current)
        self.map.point_clicked.connect(self.select_point)
        self.map.zoom_changed.connect(lambda z: self.statusBar().showMessage(f"Zoom {z:.0%}", 1500))
        self.notes.message.connect(self.show_message)
        self.point_selected.connect(self.notes.show_point)
        self._restore()

    # --- state ---------------------------------------------------------------------------------------------
    def _restore(self) -> None:
        geometry, splitter = self.settings.geometry(), self.settings.splitter()
        if geometry is not None:
            self.restoreGeometry(geometry)
        if splitter is not None:
            self.splitter.restoreState(splitter)
        self.set_text_size(self.settings.text_size(self.font().pointSize() or 10))
        self.set_layers(self.settings.layers())
        self.show_view(self.settings.view())
        code = self.settings.point()
        if code and self.repo.resolve(code):
            self.select_point(code)
        else:
            self.statusBar().showMessage(f"{self.point_count} points. Search, or pick a channel.")

    def show_warning(self, text: str) -> None:
        """A lasting notice in the status bar (transient messages do not cover it)."""
        self.warning.setText(f"⚠ {text}")
        self.warning.setVisible(True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange and self.current is not None:
            self._show_details(self.current)  # light or dark caution tints follow the system palette
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._planner is not None and not self._planner.confirm_discard():
            event.ignore()  # the practitioner chose to go back to an unsaved plan
            return
        if self._study is not None and self.study_dock is not None:
            self._study.leave()  # the user's layers back before they are saved; nothing more once the window goes
            self.study_dock.visibilityChanged.disconnect()
        self.notes.save()
        self.settings.save_window(self.saveGeometry(), self.splitter.saveState())
        self.settings.set_planner_open(self.planner_dock is not None and self.planner_dock.isVisible())
        self.settings.sync()
        super().closeEvent(event)

    @property
    def data_dir(self) -> Path:
        """Where the practitioner's data file and its backups live (platformdirs is loaded only when asked)."""
        if self._data_dir is None:
            from acuviewer.userdata.paths import default_data_dir

            self._data_dir = default_data_dir()
        return self._data_dir

    def show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    # --- the practitioner's data ---------------------------------------------------------------------------
    def attach_user_data(self, store: UserStore | None, message: str | None) -> None:
        """Called once the data file is open (after the first paint, off the start path); `message` says what
        happened to it when something did (a recovery from a backup), and stays in view until read."""
        self.user_store = store
        self.notes.set_store(store)
        if self._planner is not None:
            self._planner.set_store(store)
        if self._study is not None:
            self._study.set_store(store)
        if message:
            self.show_warning(message.split(". ")[0] + ". See Plan ▸ About my data.")
            self.user_data_message = message
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Warning, "Your data", message, parent=self)
            box.setModal(False)  # tell, do not block: the window is usable while the note is read
            box.show()

    def favourite_codes(self) -> list[str]:
        if self.user_store is None:
            return []
        try:
            return self.user_store.favourites()
        except UserDataError as error:
            self.show_message(str(error))
            return []

    def point_label(self, code: str) -> str:
        return self.map.tooltip_for_code(code)

    def planner(self) -> PlannerPanel:
        """The planning panel, built on first use so that it costs nothing at start."""
        if self._planner is None:
            from acuviewer.ui.planner_panel import PlannerPanel

            panel = PlannerPanel(self.repo, self.map)
            panel.message.connect(self.show_message)
            panel.point_chosen.connect(self.select_point)
            self.point_selected.connect(panel.set_current_point)
            if self.current is not None:
                panel.set_current_point(self.current.code)
            panel.set_store(self.user_store)
            self.planner_dock = self._dock("Planner", "planner", panel, 360, 420)
            self._planner = panel
        return self._planner

    def _dock(self, title: str, key: str, panel: QWidget, minimum: int, width: int) -> QDockWidget:
        """A panel docked on the right, its menu action checked while it shows."""
        dock = QDockWidget(title, self)
        dock.setObjectName(f"{key}-dock")
        dock.setWidget(panel)
        dock.setMinimumWidth(minimum)
        dock.visibilityChanged.connect(self.commands.named[key].setChecked)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
        self.resizeDocks([dock], [width], Qt.Orientation.Horizontal)
        return dock

    def show_planner(self, shown: bool) -> None:
        if shown or self._planner is not None:
            self.planner()
            if self.planner_dock is not None:
                self.planner_dock.setVisible(shown)

    def study(self) -> StudyPanel:
        """The study panel (walk, quiz, progress), built on first use like the planner."""
        if self._study is None:
            from acuviewer.ui.study_panel import StudyHost, StudyPanel

            host = StudyHost(self.select_point, self.switch_view, self.conceal_details)
            panel = StudyPanel(self.repo, self.map, host)
            panel.message.connect(self.show_message)
            panel.walk.start_from(self.current.code if self.current else None)
            self.point_selected.connect(panel.walk.point_selected)
            panel.set_store(self.user_store)
            self.study_dock = self._dock("Study", "study", panel, 380, 440)
            self.study_dock.visibilityChanged.connect(lambda shown: None if shown else panel.leave())
            self._study = panel
        return self._study

    def show_study(self, shown: bool, tab: int | None = None) -> None:
        if shown or self._study is not None:
            panel = self.study()
            if self.study_dock is not None:
                self.study_dock.setVisible(shown)
                if shown:
                    self.study_dock.raise_()
            if tab is not None:
                panel.tabs.setCurrentIndex(tab)
            if shown:
                panel.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)  # keyboard users start here

    def conceal_details(self, concealed: bool) -> None:
        """While a quiz question is open nothing in the window may name the point asked about: the selection
        (details, channel list, notes, title, status bar) is dropped, and the layers are the quiz's, not the user's
        to change (the menu would save the quiz's choice as theirs)."""
        if concealed:
            self.current = None
            self.map.select(None)
            self.channels.selectionModel().clearCurrentIndex()
            self.channels.clearSelection()
            self.notes.show_point(None)
            self.setWindowTitle("AcuViewer")
            self.statusBar().clearMessage()
            self.details.setHtml("<p><i>The details are hidden while a question is open.</i></p>")
        elif self.current is not None:
            self._show_details(self.current)
        for action in self.commands.layers.values():
            action.setEnabled(not concealed)

    # --- map -----------------------------------------------------------------------------------------------
    def show_view(self, view: str) -> None:
        if self._switch_view(view) and self.current is not None:
            self.map.select(self.current.code)
            self._show_details(self.current)  # "drawn in the … view" changes with the view

    def switch_view(self, view: str) -> None:
        """Shows a view without selecting anything on it (a quiz must not ring the answer)."""
        if view != self.map.view_name:
            self._switch_view(view)

    def _switch_view(self, view: str) -> bool:
        if view not in self.maps:
            return False
        if not self.map.show_bundle(self.maps[view]):
            self.statusBar().showMessage(f"The {view} map could not be read; try rebuilding with 'acuviewer build-db'.")
        self.commands.views[view].setChecked(True)
        self.settings.set_view(view)
        return True

    def set_layers(self, layers: frozenset[str]) -> None:
        self.map.set_visible_layers(layers)
        for name, action in self.commands.layers.items():
            action.blockSignals(True)  # the menu follows the state; it must not toggle the layer back
            action.setChecked(name in layers)
            action.blockSignals(False)
        self.settings.set_layers(layers)

    def toggle_layer(self, name: str, shown: bool) -> None:
        layers = set(self.map.item.visible_layers())
        (layers.add if shown else layers.discard)(name)
        self.set_layers(frozenset(layers))

    # --- selection -----------------------------------------------------------------------------------------
    def select_point(self, code: str) -> None:
        """Shows a point everywhere: its details, its place in the channel list, and on the map (switching to a view
        that draws it, and scrolling to it)."""
        point = self.repo.point(code)
        if point is None:
            self.statusBar().showMessage(f"No point {code} in the catalogue.")
            return
        self.current = point
        if not self.map.spots_of(point.code):
            drawn_in = self._drawn_in(point.code)
            if drawn_in is not None:
                self._switch_view(drawn_in)  # selecting and the details follow just below, once
        self.map.select(point.code)
        self._show_details(point)
        index = self.channel_model.index_of(point.code)
        if index.isValid() and self.channels.currentIndex() != index:
            self.channels.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.channels.scrollTo(index)
        self.settings.set_point(point.code)
        self.setWindowTitle(f"AcuViewer — {point.code} {point.pinyin_toned}")
        where = f"drawn in the {self.map.view_name} view" if self.map.spots_of(point.code) else "not drawn on the map"
        self.statusBar().showMessage(f"{point.code} {point.pinyin_toned} {point.hanzi} — {point.english}; {where}")
        self.point_selected.emit(point.code)

    def _drawn_in(self, code: str) -> str | None:
        """The first view that draws the point, or None when no view does."""
        return next((v for v in VIEWS if v in self.maps and any(s.code == code for s in self.maps[v].spots)), None)

    def _show_details(self, point: Point) -> None:
        dark = self.palette().color(QPalette.ColorRole.Base).lightness() < 128
        self.details.setHtml(self.details_page(point, dark=dark))

    def details_page(self, point: Point, *, dark: bool = False) -> str:
        """The details as HTML, for the panel and for the printed card."""
        channel = self.channel_names.get(point.channel or "", point.region or "Extra point")
        drawn = self.map.view_name if self.map.spots_of(point.code) else self._drawn_in(point.code) or ""
        return point_html(point, channel, self.sources, dark=dark, drawn_view=drawn)

    def step_along_channel(self, step: int) -> None:
        """Next (1) or previous (-1) point along the current point's channel: a student can walk BL1 to BL67."""
        if self.current is None:
            first = self.channel_model.index(0, 0, self.channel_model.index(0, 0))
            code = first.data(CODE_ROLE)
        else:
            code = self.channel_model.neighbour(self.current.code, step)
        if code:
            self.select_point(str(code))
        else:
            self.statusBar().showMessage("End of the channel.", 2000)

    def _channel_current(self, index: QModelIndex, _previous: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code and (self.current is None or self.current.code != code):
            self.select_point(str(code))

    # --- search --------------------------------------------------------------------------------------------
    def search(self, text: str) -> None:
        hits = self.repo.search(text, SEARCH_LIMIT)
        self.search_model.set_hits(hits)
        if text.strip():
            self.statusBar().showMessage(f"{len(hits)} result{'s' * (len(hits) != 1)} for “{text.strip()}”")
        if hits:
            self.results.setCurrentIndex(self.search_model.index(0, 0))

    def choose_result(self) -> None:
        index = self.results.currentIndex()
        self._chosen(index if index.isValid() else self.search_model.index(0, 0))

    def _chosen(self, index: QModelIndex) -> None:
        code = index.data(CODE_ROLE)
        if code:
            self.select_point(str(code))

    def focus_search(self) -> None:
        self.search_field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_field.selectAll()

    # --- text size -----------------------------------------------------------------------------------------
    def set_text_size(self, size: int) -> None:
        size = min(MAX_TEXT, max(MIN_TEXT, size))
        font = QFont(self.details.font())
        font.setPointSize(size)
        self.details.setFont(font)
        self.details.document().setDefaultFont(font)
        self.settings.set_text_size(size)

    def text_size(self) -> int:
        return self.details.font().pointSize()
