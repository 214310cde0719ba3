"""Channels and their points as a two-level Qt tree model: each channel, then its points in flow order."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt

from acuviewer.catalogue.model import Channel, PointSummary
from acuviewer.ui.search_model import Index, point_data

EXTRA_GROUP = "Extra"


@dataclass(frozen=True)
class Group:
    code: str
    title: str
    points: tuple[PointSummary, ...]


def groups_of(channels: list[Channel], summaries: list[PointSummary]) -> list[Group]:
    """The catalogue's channels in its order, each with its points, then the extra points; empty ones left out."""
    groups = [
        Group(
            c.code,
            f"{c.code}  {c.english}  {c.pinyin_toned} {c.hanzi}",
            tuple(p for p in summaries if p.channel == c.code),
        )
        for c in channels
    ]
    groups.append(Group(EXTRA_GROUP, "Extra points", tuple(p for p in summaries if p.channel is None)))
    return [g for g in groups if g.points]


class ChannelModel(QAbstractItemModel):
    """Top-level rows are channels (internal id 0); a point row's internal id is its channel's row + 1."""

    def __init__(self, groups: list[Group]) -> None:
        super().__init__()
        self._groups = groups
        self._where = {p.code: (g, r) for g, group in enumerate(groups) for r, p in enumerate(group.points)}

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        if column != 0 or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, 0, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() == 0 and row < len(self._groups[parent.row()].points):
            return self.createIndex(row, 0, parent.row() + 1)
        return QModelIndex()

    def parent(self, child: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        if not child.isValid() or child.internalId() == 0:
            return QModelIndex()
        return self.createIndex(child.internalId() - 1, 0, 0)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == 0 and parent.column() == 0:
            return len(self._groups[parent.row()].points)
        return 0

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 1

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            group = self._groups[index.row()]
            return {Qt.ItemDataRole.DisplayRole: group.title, Qt.ItemDataRole.AccessibleTextRole: group.title}.get(
                Qt.ItemDataRole(role)
            )
        point = self._groups[index.internalId() - 1].points[index.row()]
        return point_data(
            role,
            point.code,
            f"{point.code}   {point.pinyin_toned}  {point.hanzi}",
            f"{point.code} {point.pinyin_toned} {point.hanzi} {point.english}",
        )

    def index_of(self, code: str) -> QModelIndex:
        where = self._where.get(code)
        return self.createIndex(where[1], 0, where[0] + 1) if where else QModelIndex()

    def neighbour(self, code: str, step: int) -> str | None:
        """The next (step 1) or previous (step -1) point along the same channel, or None at its end."""
        where = self._where.get(code)
        if where is None:
            return None
        points = self._groups[where[0]].points
        row = where[1] + step
        return points[row].code if 0 <= row < len(points) else None
