"""The plan's points as a tree: grouped by role, each with its one-line reason, then the Ashi points the
practitioner placed (their notes editable in place), then what was left out for this patient and why."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
)

from acuviewer.planner.suggest import Excluded
from acuviewer.userdata.model import AshiPoint, PlanPoint

GROUP_TITLES = {
    "local": "Local points",
    "adjacent": "Adjacent points",
    "distal": "Distal points",
    "pattern": "Pattern add-ons",
    "ea-pair": "Electroacupuncture pair members",
    "added": "Added by you",
}
ASHI_GROUP = "Ashi points (placed on the map)"
LEFT_OUT_GROUP = "Left out for this patient"
KIND_ROLE = Qt.ItemDataRole.UserRole  # "point", "ashi" or "excluded"
KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the point's code, or the Ashi point's index
CONCERN = QColor("#b71c1c")
TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


class _WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their wrapped "Why" text: QTreeView's own size hint never wraps, so reasons were cut."""

    def __init__(self, tree: QTreeWidget) -> None:
        super().__init__(tree)
        self._tree = tree

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        base = super().sizeHint(option, index)
        if index.column() != 1:
            return base
        width = max(40, self._tree.columnWidth(1) - 8)
        text = str(index.data() or "")
        needed = option.fontMetrics.boundingRect(QRect(0, 0, width, 100_000), Qt.TextFlag.TextWordWrap, text)
        return QSize(base.width(), max(base.height(), needed.height() + 6))


class PlanTree(QTreeWidget):
    """Shows a plan; emits what the practitioner does with it, and never changes the plan itself."""

    remove_requested = Signal(str)  # a point's code
    remove_ashi_requested = Signal(int)
    ashi_note_edited = Signal(int, str)
    point_chosen = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.setColumnCount(2)
        self.setHeaderLabels(["Point", "Why"])
        self.setAccessibleName("Plan points")
        self.setRootIsDecorated(False)
        self.setWordWrap(True)
        self.setItemDelegate(_WrappingDelegate(self))  # reasons wrap in full: a cut reason misleads
        self.setUniformRowHeights(False)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the panel scrolls, not the list
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.setColumnWidth(0, 110)
        self._filling = False
        self.itemChanged.connect(self._changed)
        self.itemActivated.connect(self._activated)

    def show_plan(
        self,
        points: Sequence[PlanPoint],
        ashi: Sequence[AshiPoint],
        excluded: Sequence[Excluded],
        concerns: Mapping[str, str],
    ) -> None:
        """`concerns` maps a code to why the patient's flags call for care with it (shown under the point)."""
        self._filling = True
        self.clear()
        for role, title in GROUP_TITLES.items():
            members = [p for p in points if p.role == role]
            if not members:
                continue
            group = self._group(f"{title} ({len(members)})")
            for point in members:
                item = QTreeWidgetItem(group, [point.code, point.reason])
                item.setTextAlignment(0, TOP_LEFT)
                item.setData(0, KIND_ROLE, "point")
                item.setData(0, KEY_ROLE, point.code)
                item.setToolTip(1, point.reason)
                concern = concerns.get(point.code)
                if concern:
                    item.setText(1, f"⚠ {concern}\n{point.reason}".strip())
                    item.setForeground(1, QBrush(CONCERN))
        if ashi:
            group = self._group(f"{ASHI_GROUP} ({len(ashi)})")
            for number, place in enumerate(ashi, start=1):
                item = QTreeWidgetItem(group, [f"Ashi {number}", place.note])
                item.setData(0, KIND_ROLE, "ashi")
                item.setData(0, KEY_ROLE, number - 1)
                item.setToolTip(0, f"{place.view} view, {_side_word(place.side)}")
                item.setToolTip(1, "Double-click to write a note (what you found there)")
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        if excluded:
            group = self._group(f"{LEFT_OUT_GROUP} ({len(excluded)})")
            for left_out in excluded:
                item = QTreeWidgetItem(group, [left_out.code, left_out.reason])
                item.setTextAlignment(0, TOP_LEFT)
                item.setData(0, KIND_ROLE, "excluded")
                item.setForeground(0, QBrush(CONCERN))
                item.setToolTip(1, left_out.reason)
        self.expandAll()
        self._filling = False
        self.fit_height()

    def fit_height(self) -> None:
        """As tall as its rows, so the whole plan reads in one scroll of the panel (no list scrolling inside)."""
        self.doItemsLayout()  # row heights again: the wrapped reasons depend on the width
        rows = 0
        item = self.topLevelItem(0)
        while item is not None:
            rows += self.visualItemRect(item).height() or self.sizeHintForRow(0)
            item = self.itemBelow(item)
        header = self.header().height() if not self.isHeaderHidden() else 0
        self.setFixedHeight(max(120, rows + header + 2 * self.frameWidth() + 4))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.fit_height()  # narrower means more wrapped lines

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem(self, [title])
        group.setFirstColumnSpanned(True)
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not selectable, not editable
        return group

    def items(self, kind: str) -> list[QTreeWidgetItem]:
        return [item for group in self._groups() for item in _children(group) if item.data(0, KIND_ROLE) == kind]

    def group_titles(self) -> list[str]:
        return [group.text(0) for group in self._groups()]

    def _groups(self) -> list[QTreeWidgetItem]:
        found = (self.topLevelItem(i) for i in range(self.topLevelItemCount()))
        return [group for group in found if group is not None]

    def remove_current(self) -> bool:
        item = self.currentItem()
        kind = item.data(0, KIND_ROLE) if item is not None else None
        if item is not None and kind == "point":
            self.remove_requested.emit(str(item.data(0, KEY_ROLE)))
        elif item is not None and kind == "ashi":
            self.remove_ashi_requested.emit(int(item.data(0, KEY_ROLE)))
        return kind in ("point", "ashi")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        deleting = event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        if not (deleting and self.state() != self.State.EditingState and self.remove_current()):
            super().keyPressEvent(event)

    def _changed(self, item: QTreeWidgetItem, column: int) -> None:
        if not self._filling and column == 1 and item.data(0, KIND_ROLE) == "ashi":
            self.ashi_note_edited.emit(int(item.data(0, KEY_ROLE)), item.text(1))

    def _activated(self, item: QTreeWidgetItem, _column: int) -> None:
        if item.data(0, KIND_ROLE) in ("point", "excluded"):
            self.point_chosen.emit(item.text(0))


def _children(group: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    found = (group.child(i) for i in range(group.childCount()))
    return [item for item in found if item is not None]


def _side_word(side: str) -> str:
    return {"L": "left side", "R": "right side"}.get(side, "midline")
