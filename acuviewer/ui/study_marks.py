"""Marks drawn over the map for study: how a point is measured (landmark, cun legs, the proportional ruler) and
where a quiz answer fell.

Lines are in map units with cosmetic pens, so they stay where the body is at every zoom; tick marks, labels and
end marks keep their size on screen (ItemIgnoresTransformations), like the planner's marks.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsSimpleTextItem,
)

from acuviewer.bodymap.figure import MID
from acuviewer.bodymap.measure import Measure
from acuviewer.ui.map_marks import fixed

XY = tuple[float, float]
LEG_COLOUR = QColor("#00796b")
RULER_COLOUR = QColor("#5e35b1")
REFERENCE_COLOUR = QColor("#1565c0")
TARGET_COLOUR = QColor("#ff6d00")
MISS_COLOUR = QColor("#c62828")
TICK_PIXELS = 10.0
STUDY_TAG = "study"  # the data every study mark carries, as the planner's carry their point or Ashi number


def _line(start: XY, end: XY, colour: QColor, width: float, dashed: bool = False) -> QGraphicsItem:
    pen = QPen(colour, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    pen.setCosmetic(True)  # the same width on screen at every zoom
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    line = QGraphicsLineItem(start[0], start[1], end[0], end[1])
    line.setPen(pen)
    line.setZValue(1.0)
    line.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
    return line


def _ticks(start: XY, end: XY, ticks: tuple[XY, ...], colour: QColor) -> list[QGraphicsItem]:
    """A short bar across the line at every whole cun: the division a student counts along."""
    angle = math.atan2(end[1] - start[1], end[0] - start[0]) + math.pi / 2
    dx, dy = math.cos(angle) * TICK_PIXELS / 2, math.sin(angle) * TICK_PIXELS / 2
    items: list[QGraphicsItem] = []
    for tick in ticks:
        bar = QGraphicsLineItem(-dx, -dy, dx, dy)
        bar.setPen(QPen(colour, 2))
        items.append(fixed(bar, *tick, 1.1, STUDY_TAG))
    return items


def _label(text: str, at: XY, colour: QColor, offset: XY = (8, -8), left: bool = False) -> QGraphicsItem:
    """Text on a pale plate, so it reads over the figure and the channel lines; `left` puts it left of `at`."""
    plate = QGraphicsRectItem()
    label = QGraphicsSimpleTextItem(text, plate)
    font = QFont()
    font.setPixelSize(12)
    font.setBold(True)
    label.setFont(font)
    label.setBrush(QBrush(colour))
    box = label.boundingRect()
    x = -offset[0] - box.width() if left else offset[0]
    label.setPos(x, offset[1] - box.height())
    plate.setRect(QRectF(x - 3, offset[1] - box.height() - 1, box.width() + 6, box.height() + 2))
    plate.setBrush(QBrush(QColor(255, 255, 255, 215)))
    plate.setPen(QPen(colour.lighter(150), 1))
    return fixed(plate, *at, 1.3, STUDY_TAG)


def _dot(at: XY, colour: QColor, pixels: float, ring: bool = False) -> QGraphicsItem:
    half = pixels / 2
    dot = QGraphicsEllipseItem(QRectF(-half, -half, pixels, pixels))
    dot.setPen(QPen(colour, 3 if ring else 1.5))
    dot.setBrush(QBrush(QColor(255, 255, 255, 60) if ring else colour))
    return fixed(dot, *at, 1.2, STUDY_TAG)


def _room_on_left(at: XY) -> bool:
    """Labels go toward the middle of the figure, where the map has room for them, not off its edge."""
    return at[0] > MID


def _midpoint(start: XY, end: XY) -> XY:
    return ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)


def measure_items(measure: Measure, show_target: bool = True) -> list[QGraphicsItem]:
    """The measuring path of one point: ruler first (underneath), then the legs, the reference and the point."""
    items: list[QGraphicsItem] = []
    ruler = measure.ruler
    if ruler is not None:
        items.append(_line(ruler.start, ruler.end, RULER_COLOUR, 2, dashed=True))
        items += _ticks(ruler.start, ruler.end, ruler.ticks, RULER_COLOUR)
        items.append(_dot(ruler.start, RULER_COLOUR, 7))
        items.append(_dot(ruler.end, RULER_COLOUR, 7))
        middle = _midpoint(ruler.start, ruler.end)
        words = ruler.label.replace(" to ", " to\n", 1)  # two short lines fit beside a leg on a narrow map
        items.append(_label(words, middle, RULER_COLOUR, (14, 0), left=_room_on_left(middle)))
    for number, leg in enumerate(measure.legs):
        items.append(_line(leg.start, leg.end, LEG_COLOUR, 3))
        items += _ticks(leg.start, leg.end, leg.ticks, LEG_COLOUR)
        middle = _midpoint(leg.start, leg.end)
        # Each leg's words a line lower than the last: short legs sit close together.
        items.append(_label(leg.label, middle, LEG_COLOUR, (8, -8 + 20 * number), left=_room_on_left(middle)))
    # Between two landmarks, the reference is where the first leg starts; `origin` is the point on the line.
    first = measure.legs[0] if measure.legs and measure.legs[0].direction == "between" else None
    reference = first.start if first is not None else measure.origin
    items.append(_dot(reference, REFERENCE_COLOUR, 10))
    # Opposite the legs' words, which go toward the middle of the figure: short legs would cover it.
    items.append(
        _label(measure.reference_label, reference, REFERENCE_COLOUR, (8, -6), left=not _room_on_left(reference))
    )
    if show_target:
        items.append(_dot(measure.target, TARGET_COLOUR, 20, ring=True))
    return items


def answer_items(measure: Measure, clicked: XY, words: str) -> list[QGraphicsItem]:
    """After a locate question: the measuring path to the true place, and a red cross where the student clicked."""
    items = measure_items(measure)
    items.append(_line(clicked, measure.target, MISS_COLOUR, 1.5, dashed=True))
    path = QPainterPath()
    for dx, dy in ((-7, -7), (7, -7)):
        path.moveTo(dx, dy)
        path.lineTo(-dx, -dy)
    cross = QGraphicsPathItem(path)
    cross.setPen(QPen(MISS_COLOUR, 3))
    items.append(fixed(cross, *clicked, 1.25, STUDY_TAG))
    items.append(_label(words, clicked, MISS_COLOUR, (10, 16)))
    return items
