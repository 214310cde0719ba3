"""Marks drawn over the map for a plan: its points, its Ashi points, and the places the patient says hurt.

Each mark keeps the same size on screen at every zoom (ItemIgnoresTransformations), like the selection ring, so a
plan stays readable at fit-to-window. Shapes differ as well as colours, for colour-blind readers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsEllipseItem, QGraphicsItem, QGraphicsPathItem, QGraphicsSimpleTextItem

PLAN_COLOUR = QColor("#1b7f3b")
ASHI_COLOUR = QColor("#c2185b")
PAIN_COLOUR = QColor(211, 47, 47, 90)
PLAN_PIXELS = 18
ASHI_PIXELS = 16
PAIN_PIXELS = 30


@dataclass(frozen=True)
class Place:
    """A spot on one view of the map, in its viewBox: an Ashi point ("ashi") or a painful place ("pain")."""

    kind: str
    view: str
    x: float
    y: float
    label: str = ""


def fixed(item: QGraphicsItem, x: float, y: float, z: float, tag: str) -> QGraphicsItem:
    """A mark of a constant size on screen at (x, y), which lets clicks through to the map."""
    item.setPos(x, y)
    item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
    item.setZValue(z)
    item.setData(0, tag)
    item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)  # clicks go to the view: the map decides what they mean
    return item


def plan_ring(x: float, y: float, code: str) -> QGraphicsItem:
    half = PLAN_PIXELS / 2
    ring = QGraphicsEllipseItem(QRectF(-half, -half, PLAN_PIXELS, PLAN_PIXELS))
    ring.setPen(QPen(PLAN_COLOUR, 3))
    ring.setBrush(QBrush(QColor(27, 127, 59, 45)))
    return fixed(ring, x, y, 0.8, code)


def ashi_mark(place: Place, number: int) -> QGraphicsItem:
    """A diamond numbered as in the plan's list, so the sheet and the map agree on which is which."""
    half = ASHI_PIXELS / 2
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(0, -half), QPointF(half, 0), QPointF(0, half), QPointF(-half, 0)]))
    path.closeSubpath()
    mark = QGraphicsPathItem(path)
    mark.setPen(QPen(QColor("white"), 1.5))
    mark.setBrush(QBrush(ASHI_COLOUR))
    text = QGraphicsSimpleTextItem(str(number), mark)
    font = QFont()
    font.setPixelSize(10)
    font.setBold(True)
    text.setFont(font)
    text.setBrush(QBrush(QColor("white")))
    box = text.boundingRect()
    text.setPos(-box.width() / 2, -box.height() / 2)
    mark.setToolTip(f"Ashi {number}" + (f": {place.label}" if place.label else ""))
    return fixed(mark, place.x, place.y, 0.9, f"ashi-{number}")


def pain_mark(place: Place) -> QGraphicsItem:
    half = PAIN_PIXELS / 2
    disc = QGraphicsEllipseItem(QRectF(-half, -half, PAIN_PIXELS, PAIN_PIXELS))
    pen = QPen(QColor(183, 28, 28), 1.5, Qt.PenStyle.DashLine)
    disc.setPen(pen)
    disc.setBrush(QBrush(PAIN_COLOUR))
    disc.setToolTip(place.label or "Pain marked here")
    return fixed(disc, place.x, place.y, 0.7, "pain")


def crosshair(x: float, y: float) -> QGraphicsItem:
    """The cross that the arrow keys move when a place is chosen with the keyboard."""
    path = QPainterPath()
    for dx, dy in ((-12, 0), (12, 0), (0, -12), (0, 12)):
        path.moveTo(dx / 3, dy / 3)
        path.lineTo(dx, dy)
    cross = QGraphicsPathItem(path)
    cross.setPen(QPen(QColor("#0d47a1"), 2))
    return fixed(cross, x, y, 1.2, "cross")
