"""Progress per channel: how many cards are new, being learned, learned, due now and weak (and which are weak)."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from acuviewer.study.cards import CardKey
from acuviewer.study.decks import Deck, all_decks, deck_cards
from acuviewer.study.progress import progress
from acuviewer.ui.study_panel import StudyContext
from acuviewer.userdata.errors import UserDataError

COLUMNS = ("Channel", "Cards", "New", "Learning", "Learned", "Due", "Weak")


class ProgressTab(QWidget):
    message = Signal(str)

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.tree = QTreeWidget()
        self.tree.setColumnCount(len(COLUMNS))
        self.tree.setHeaderLabels(list(COLUMNS))
        self.tree.setAccessibleName("Study progress by channel")
        self.tree.setRootIsDecorated(True)
        self.tree.setAlternatingRowColors(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the counts always in sight; names give way
        for column in range(1, len(COLUMNS)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.refresh_button = QPushButton("&Update counts")
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.refresh_button)
        self.refresh_button.clicked.connect(self.refresh)
        self.tree.itemActivated.connect(self._activated)
        self.channel_decks: list[Deck] = [d for d in all_decks(context.material) if d.kind == "channel"]

    def groups(self) -> dict[str, list[CardKey]]:
        return {deck.value: deck_cards(deck, self.context.material) for deck in self.channel_decks}

    def refresh(self) -> None:
        store = self.context.store
        try:
            cards = store.study_cards() if store is not None else {}
        except UserDataError as error:
            self.message.emit(str(error))
            cards = {}
        rows = progress(self.groups(), cards, self.context.schedule, datetime.now(UTC))
        # "Bladder (BL)": the dock is narrow and every count column must stay in sight.
        titles = {deck.value: deck.title.replace(" channel", "") for deck in self.channel_decks}
        self.tree.clear()
        for row in rows:
            counts = (row.total, row.new, row.learning, row.learned, row.due, len(row.weak))
            item = QTreeWidgetItem([titles.get(row.name, row.name), *map(str, counts)])
            item.setData(0, Qt.ItemDataRole.UserRole + 1, row.name)
            for column in range(1, len(COLUMNS)):
                item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            children: list[QTreeWidgetItem] = []
            for code in row.weak:
                point = self.context.material.points.get(code)
                child = QTreeWidgetItem([f"{code}  {point.pinyin_toned} {point.hanzi}" if point else code])
                child.setData(0, Qt.ItemDataRole.UserRole, code)
                child.setToolTip(0, "Weak: last answered Again or Hard, lapsed twice, or likely forgotten by now")
                item.addChild(child)
                children.append(child)
            self.tree.addTopLevelItem(item)
            for child in children:
                child.setFirstColumnSpanned(True)  # once in the tree: the names need the whole row
        seen = len(cards)
        where = "" if store is not None else " Your data file is not open, so nothing is kept."
        self.summary.setText(
            f"{seen} card{'s' * (seen != 1)} studied so far. Learned: in long-term review and not yet due. "
            f"Weak cards are listed under each channel; choose one to see the point.{where}"
        )

    def row(self, channel: str) -> QTreeWidgetItem | None:
        """The row of a channel, by its code."""
        for index in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(index)
            if item is not None and item.data(0, Qt.ItemDataRole.UserRole + 1) == channel:
                return item
        return None

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        code = item.data(0, Qt.ItemDataRole.UserRole)
        if code:
            self.context.host.select_point(str(code))
