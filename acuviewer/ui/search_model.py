"""Search results as a Qt list model: one row per matching point, best match first."""

from __future__ import annotations

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from acuviewer.catalogue.model import SearchHit

CODE_ROLE = Qt.ItemDataRole.UserRole

Index = QModelIndex | QPersistentModelIndex


def point_data(role: int, code: str, shown: str, described: str) -> object:
    """What a row standing for one point gives each role: its text, a fuller description, and its code."""
    if role == Qt.ItemDataRole.DisplayRole:
        return shown
    if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
        return described
    return code if role == CODE_ROLE else None


class SearchModel(QAbstractListModel):
    def __init__(self) -> None:
        super().__init__()
        self._hits: list[SearchHit] = []

    def set_hits(self, hits: list[SearchHit]) -> None:
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def code_at(self, row: int) -> str | None:
        return self._hits[row].code if 0 <= row < len(self._hits) else None

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self._hits)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        return point_data(
            role,
            hit.code,
            f"{hit.code}   {hit.pinyin}   {hit.hanzi}   {hit.english}",
            f"{hit.code} {hit.pinyin} {hit.hanzi} {hit.english}; matched {hit.matched}",
        )
