"""What the window remembers between runs, read back defensively: a hand-edited or old settings file never breaks
the start, it only falls back to defaults."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSettings

from acuviewer.catalogue.model import VIEWS
from acuviewer.ui.map_item import LAYERS

MIN_TEXT, MAX_TEXT = 7, 32


class Settings:
    def __init__(self, store: QSettings) -> None:
        self._store = store

    def _set(self, key: str, value: object) -> None:
        """Writes only a change: restoring the window at start then leaves the settings file untouched."""
        if self._store.value(key) != value:
            self._store.setValue(key, value)

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._store.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        return self._bytes("window/geometry")

    def splitter(self) -> QByteArray | None:
        return self._bytes("window/splitter")

    def save_window(self, geometry: QByteArray, splitter: QByteArray) -> None:
        self._set("window/geometry", geometry)
        self._set("window/splitter", splitter)

    def planner_open(self) -> bool:
        return str(self._store.value("planner/open", "false")) == "true"

    def set_planner_open(self, shown: bool) -> None:
        self._set("planner/open", "true" if shown else "false")  # INI files read booleans back as text

    def view(self) -> str:
        value = str(self._store.value("map/view", VIEWS[0]))
        return value if value in VIEWS else VIEWS[0]

    def set_view(self, view: str) -> None:
        self._set("map/view", view)

    def layers(self) -> frozenset[str]:
        value = self._store.value("map/layers")
        if not isinstance(value, str):
            return frozenset(LAYERS)
        return frozenset(name for name in value.split(",") if name in LAYERS)

    def set_layers(self, layers: frozenset[str]) -> None:
        # Stored as one comma-joined string: QSettings' INI lists of one item come back as plain strings.
        self._set("map/layers", ",".join(name for name in LAYERS if name in layers))

    def point(self) -> str | None:
        value = self._store.value("selection/point")
        return value if isinstance(value, str) and value else None

    def set_point(self, code: str | None) -> None:
        self._set("selection/point", code or "")

    def text_size(self, default: int) -> int:
        try:
            size = int(str(self._store.value("details/text_size", default)))
        except ValueError:
            return default
        return min(MAX_TEXT, max(MIN_TEXT, size))

    def set_text_size(self, size: int) -> None:
        self._set("details/text_size", str(size))  # INI files read numbers back as text

    def sync(self) -> None:
        self._store.sync()
