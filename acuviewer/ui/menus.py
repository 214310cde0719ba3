"""The window's menus, toolbar and shortcuts: every command in one place, each with a standard key where one exists."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu, QToolBar, QToolButton

from acuviewer.catalogue.model import VIEWS
from acuviewer.ui.map_item import LAYERS

if TYPE_CHECKING:
    from acuviewer.ui.main_window import MainWindow

LAYER_TITLES = {
    "BL": "&Bladder channel (BL)",
    "GB": "&Gallbladder channel (GB)",
    "other": "&Other channels' points",
    "EX": "&Extra and local points",
    "labels": "&Labels",
    "landmarks": "Land&marks",
    "cautions": "&Caution badges",
}
VIEW_KEYS = {"posterior": "Ctrl+1", "lateral": "Ctrl+2", "anterior": "Ctrl+3"}


@dataclass
class Actions:
    views: dict[str, QAction] = field(default_factory=dict)
    layers: dict[str, QAction] = field(default_factory=dict)
    named: dict[str, QAction] = field(default_factory=dict)


def _later(module: str, name: str, *args: object) -> Callable[[], object]:
    """A slot that imports its module on first use: export, printing and help stay off the start path."""

    def slot() -> object:
        return getattr(importlib.import_module(f"acuviewer.ui.{module}"), name)(*args)

    return slot


def build_menus(window: MainWindow) -> Actions:
    actions = Actions()

    def add(menu_name: str, key: str, text: str, slot: Callable[[], object], shortcut: object = None) -> QAction:
        action = QAction(text, window)
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        elif isinstance(shortcut, str):
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        menus[menu_name].addAction(action)
        actions.named[key] = action
        return action

    bar = window.menuBar()
    menus = {name: bar.addMenu(title) for name, title in (("file", "&File"), ("edit", "&Edit"), ("view", "&View"))}

    add(
        "file", "export_svg", "Export view as &SVG…", _later("commands", "export_view_dialog", window, ".svg"), "Ctrl+E"
    )
    add(
        "file",
        "export_png",
        "Export view as P&NG…",
        _later("commands", "export_view_dialog", window, ".png"),
        "Ctrl+Shift+E",
    )
    menus["file"].addSeparator()
    add(
        "file",
        "print",
        "&Print point card…",
        _later("commands", "print_card_dialog", window),
        QKeySequence.StandardKey.Print,
    )
    add("file", "pdf", "Save point card as P&DF…", _later("commands", "save_card_dialog", window), "Ctrl+Shift+P")
    menus["file"].addSeparator()
    add("file", "quit", "&Quit", window.close, QKeySequence.StandardKey.Quit)

    add("edit", "find", "&Find point…", window.focus_search, QKeySequence.StandardKey.Find)
    add("edit", "copy_point", "&Copy point summary", _later("commands", "copy_point", window), "Ctrl+Shift+C")

    group = QActionGroup(window)
    for view in VIEWS:
        action = QAction(f"&{view.capitalize()} view", window, checkable=True)
        action.setShortcut(QKeySequence(VIEW_KEYS[view]))
        action.triggered.connect(lambda _checked=False, v=view: window.show_view(v))
        group.addAction(action)
        menus["view"].addAction(action)
        actions.views[view] = action
    menus["view"].addSeparator()
    add("view", "zoom_in", "Zoom &in", window.map.zoom_in, QKeySequence.StandardKey.ZoomIn)
    add("view", "zoom_out", "Zoom &out", window.map.zoom_out, QKeySequence.StandardKey.ZoomOut)
    add("view", "fit", "&Fit to window", window.map.fit, "Ctrl+0")
    layers_menu = menus["view"].addMenu("&Layers")
    for name in LAYERS:
        action = QAction(LAYER_TITLES[name], window, checkable=True, checked=True)
        action.toggled.connect(lambda shown, n=name: window.toggle_layer(n, shown))
        layers_menu.addAction(action)
        actions.layers[name] = action
    menus["view"].addSeparator()
    add("view", "next", "&Next point along the channel", lambda: window.step_along_channel(1), "Alt+Down")
    add("view", "previous", "P&revious point along the channel", lambda: window.step_along_channel(-1), "Alt+Up")
    menus["view"].addSeparator()
    add("view", "larger", "&Larger details text", lambda: window.set_text_size(window.text_size() + 1), "Ctrl+Shift+=")
    add(
        "view", "smaller", "&Smaller details text", lambda: window.set_text_size(window.text_size() - 1), "Ctrl+Shift+-"
    )

    menus["plan"] = bar.addMenu("&Plan")
    planner = QAction("&Planner", window, checkable=True)
    planner.setShortcut(QKeySequence("Ctrl+L"))
    planner.toggled.connect(window.show_planner)
    menus["plan"].addAction(planner)
    actions.named["planner"] = planner
    menus["plan"].addSeparator()
    for key, text, shortcut in (
        ("new_plan", "&New plan", QKeySequence.StandardKey.New),
        ("save_plan", "&Save plan", QKeySequence.StandardKey.Save),
        ("duplicate_plan", "&Duplicate plan", None),
        ("delete_plan", "De&lete plan…", None),
    ):
        add("plan", key, text, _later("plan_commands", key, window), shortcut)
    menus["plan"].addSeparator()
    add("plan", "print_sheet", "&Print treatment sheet…", _later("plan_commands", "print_sheet", window))
    add("plan", "sheet_pdf", "Save treatment sheet as P&DF…", _later("plan_commands", "save_sheet_dialog", window))
    add("plan", "print_handout", "Print patient &handout…", _later("plan_commands", "print_handout", window))
    add("plan", "handout_pdf", "Save patient handout as PD&F…", _later("plan_commands", "save_handout_dialog", window))
    menus["plan"].addSeparator()
    add("plan", "export_plans", "&Export plans…", _later("plan_commands", "export_plans_dialog", window))
    add("plan", "import_plans", "&Import plans…", _later("plan_commands", "import_plans_dialog", window))
    add("plan", "backup", "&Back up my data…", _later("plan_commands", "backup_dialog", window))
    add("plan", "restore", "&Restore my data from a backup…", _later("plan_commands", "restore_dialog", window))
    add("plan", "about_data", "&About my data", _later("plan_commands", "about_data", window))
    favourites = menus["view"].addMenu("F&avourite points")
    favourites.aboutToShow.connect(lambda: _fill_favourites(window, favourites))

    menus["study"] = bar.addMenu("&Study")
    study = QAction("&Study panel", window, checkable=True)
    study.setShortcut(QKeySequence("Ctrl+T"))
    study.toggled.connect(window.show_study)
    menus["study"].addAction(study)
    actions.named["study"] = study
    menus["study"].addSeparator()
    for tab, (key, text) in enumerate((("walk", "&Walk a channel"), ("quiz", "&Quiz"), ("progress", "&Progress"))):
        add("study", key, text, partial(window.show_study, True, tab))

    menus["help"] = bar.addMenu("&Help")
    add(
        "help",
        "help",
        "AcuViewer &Help",
        _later("help_dialogs", "show_help", window),
        QKeySequence.StandardKey.HelpContents,
    )
    add("help", "sources", "Catalogue &sources", _later("help_dialogs", "show_sources", window))
    add("help", "licences", "&Licences", _later("help_dialogs", "show_licences", window))
    add("help", "about", "&About AcuViewer", _later("help_dialogs", "show_about", window))

    toolbar = QToolBar("Map")
    toolbar.setObjectName("map-toolbar")
    toolbar.setAccessibleName("Map toolbar")
    for view in VIEWS:
        toolbar.addAction(actions.views[view])
    toolbar.addSeparator()
    for key in ("zoom_in", "zoom_out", "fit"):
        toolbar.addAction(actions.named[key])
    layers_button = QToolButton()
    layers_button.setText("Layers")
    layers_button.setAccessibleName("Map layers")
    layers_button.setMenu(layers_menu)
    layers_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    toolbar.addWidget(layers_button)
    toolbar.addSeparator()
    actions.named["previous"].setIconText("◀ Previous point")
    actions.named["next"].setIconText("Next point ▶")
    for view in VIEWS:
        actions.views[view].setIconText(view.capitalize())
    actions.named["fit"].setIconText("Fit")
    toolbar.addAction(actions.named["previous"])
    toolbar.addAction(actions.named["next"])
    toolbar.addSeparator()
    toolbar.addAction(planner)
    toolbar.addAction(study)
    window.addToolBar(toolbar)
    return actions


def _fill_favourites(window: MainWindow, menu: QMenu) -> None:
    """Built each time the menu opens, from the data file: favourites change while the window is open."""
    menu.clear()
    codes = window.favourite_codes()
    for code in codes:
        action = menu.addAction(window.point_label(code))
        action.triggered.connect(lambda _checked=False, c=code: window.select_point(c))
    if not codes:
        menu.addAction("No favourites yet: tick ★ Favourite under a point's details").setEnabled(False)
