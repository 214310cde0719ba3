"""The practitioner's own note and favourite mark for the selected point, under its details.

A plain-text editor: whatever is typed is kept and shown as text, never as HTML. Saved a moment after typing
stops, and at once when another point is chosen or the window closes; a failed save keeps the text on screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from acuviewer.userdata.errors import UserDataError

if TYPE_CHECKING:
    from acuviewer.userdata.store import UserStore

SAVE_AFTER_MS = 600


class PointNotes(QWidget):
    message = Signal(str)
    favourites_changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.store: UserStore | None = None
        self.code: str | None = None
        self._unsaved = False
        self.title = QLabel("My notes")
        self.favourite = QCheckBox("★ Favourite")
        self.favourite.setAccessibleName("Favourite point")
        self.editor = QPlainTextEdit()
        self.editor.setAccessibleName("My notes on this point")
        self.editor.setPlaceholderText("Your own notes on this point (kept on this computer, in plain text)")
        self.editor.setMaximumHeight(110)
        header = QHBoxLayout()
        header.addWidget(self.title, 1)
        header.addWidget(self.favourite)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(header)
        layout.addWidget(self.editor)
        self._timer = QTimer(self, singleShot=True, interval=SAVE_AFTER_MS)
        self._timer.timeout.connect(self.save)
        self.editor.textChanged.connect(self._typed)
        self.favourite.toggled.connect(self._favourite)
        self._enable()

    def set_store(self, store: UserStore | None) -> None:
        self.store = store
        self.show_point(self.code)

    def show_point(self, code: str | None) -> None:
        self.save()  # the previous point's note first
        self.code = code
        text, favourite = "", False
        if self.store is not None and code is not None:
            try:
                text = self.store.note(code)
                favourite = code in self.store.favourites()
            except UserDataError as error:
                self.message.emit(str(error))
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.favourite.blockSignals(True)
        self.favourite.setChecked(favourite)
        self.favourite.blockSignals(False)
        self.title.setText(f"My notes on {code}" if code else "My notes")
        self._enable()

    def _enable(self) -> None:
        usable = self.store is not None and self.code is not None
        self.editor.setEnabled(usable)
        self.favourite.setEnabled(usable)

    def _typed(self) -> None:
        self._unsaved = True
        self._timer.start()

    def save(self) -> bool:
        """Writes a pending note; False (and a message) when the store refused it. The text stays either way."""
        self._timer.stop()
        if not self._unsaved or self.store is None or self.code is None:
            return True
        try:
            self.store.set_note(self.code, self.editor.toPlainText())
        except UserDataError as error:
            self.message.emit(f"Your note on {self.code} was not saved: {error}")
            return False
        self._unsaved = False
        return True

    def _favourite(self, on: bool) -> None:
        if self.store is None or self.code is None:
            return
        try:
            self.store.set_favourite(self.code, on)
        except UserDataError as error:
            self.message.emit(str(error))
            return
        self.favourites_changed.emit()
