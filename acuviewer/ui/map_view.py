"""The body map widget: one view of the map with zoom, pan, hover tooltips, click to select and a highlight."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QToolTip,
)

from acuviewer.bodymap.bundle import MapBundle, Spot
from acuviewer.ui.map_item import MapItem
from acuviewer.ui.map_marks import Place, ashi_mark, crosshair, pain_mark, plan_ring

if TYPE_CHECKING:
    from collections.abc import Callable

ZOOM_STEP = 1.25
MAX_ZOOM = 16.0  # times the fit-to-window scale: a single point fills a good part of the screen
MIN_ZOOM = 0.5
HIT_PIXELS = 9.0  # how close, on screen, the pointer must be to a point to hover or click it
SETTLE_MS = 180  # after the last zoom step, draw sharp vectors again
HIGHLIGHT = QColor("#ff6d00")
RING_PIXELS = 22
KEY_STEP = 8.0  # map units an arrow key moves the placing cross (about 1 cm on the body); Shift moves 1/8 of it
PREPARE_AFTER_MS = 300  # once the map is shown and the user idle, draw the zoom stand-in ahead of the first gesture


class MapView(QGraphicsView):
    point_clicked = Signal(str)
    place_clicked = Signal(str, float, float)  # view, x, y: a click while placing (an Ashi point, a painful place)
    first_painted = Signal()
    zoom_changed = Signal(float)

    def __init__(self) -> None:
        super().__init__()
        self.setAccessibleName("Body map")
        self.setScene(QGraphicsScene(self))
        self.item = MapItem()
        self.scene().addItem(self.item)
        self._spots: tuple[Spot, ...] = ()
        self._tooltips: dict[str, str] = {}
        self._rings: list[QGraphicsEllipseItem] = []
        self._selected: str | None = None
        self._plan_codes: frozenset[str] = frozenset()
        self._places: tuple[Place, ...] = ()
        self._marks: list[QGraphicsItem] = []
        self._placing = False
        self._placing_owner: object = None
        self._concealed = False
        self._overlay: tuple[str, Callable[[], list[QGraphicsItem]]] | None = None
        self._overlay_items: list[QGraphicsItem] = []
        self._cross: QGraphicsItem | None = None
        self._press: QPoint | None = None
        self._painted = False
        self._fit = 1.0
        self.view_name = ""
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.viewport().setMouseTracking(True)
        # One Tab stop for the map, the view itself. The viewport passes its focus policy on to the view (its focus
        # proxy), so the view's policy is set after it.
        self.viewport().setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._settle = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle.timeout.connect(lambda: self.item.set_moving(False))

    # --- content -------------------------------------------------------------------------------------------
    def show_bundle(self, bundle: MapBundle) -> bool:
        """Shows a view of the map, fitted to the window; False if Qt could not read its SVG."""
        ok = self.item.load(bundle.svg)
        self.view_name = bundle.view
        self._spots = bundle.spots
        self.scene().setSceneRect(self.item.boundingRect())
        self._draw_highlight()
        self._draw_marks()
        self._draw_overlay()
        if self._cross is not None:  # the keyboard's cross belongs to the view it was moved on
            self.scene().removeItem(self._cross)
            self._cross = None
        self.fit()
        QTimer.singleShot(PREPARE_AFTER_MS, self.item.prepare_preview)
        return ok

    def set_tooltips(self, tooltips: dict[str, str]) -> None:
        self._tooltips = tooltips

    def set_visible_layers(self, visible: frozenset[str]) -> None:
        self.item.set_visible_layers(visible)
        self._draw_highlight()
        self._draw_marks()
        QTimer.singleShot(PREPARE_AFTER_MS, self.item.prepare_preview)

    def spots_of(self, code: str) -> list[Spot]:
        return [s for s in self._spots if s.code == code]

    def visible_spots(self) -> list[Spot]:
        visible = self.item.visible_layers()
        return [s for s in self._spots if s.family in visible]

    def select(self, code: str | None, reveal: bool = True) -> None:
        """Highlights the point's every drawn side; with reveal, scrolls so that one of them is in sight."""
        self._selected = code
        self._draw_highlight()
        spots = self.spots_of(code) if code else []
        if reveal and spots and not any(self._in_sight(s) for s in spots):
            centre = self.mapToScene(self.viewport().rect().center())
            nearest = min(spots, key=lambda s: math.hypot(s.x - centre.x(), s.y - centre.y()))
            self.centerOn(QPointF(nearest.x, nearest.y))

    def _in_sight(self, spot: Spot) -> bool:
        return self.mapToScene(self.viewport().rect()).boundingRect().contains(QPointF(spot.x, spot.y))

    def _draw_highlight(self) -> None:
        for ring in self._rings:
            self.scene().removeItem(ring)
        self._rings = []
        if self._selected is None:
            return
        for spot in self.spots_of(self._selected):
            # The same size on screen at every zoom, so the selection is easy to find at fit-to-window.
            ring = QGraphicsEllipseItem(QRectF(-RING_PIXELS / 2, -RING_PIXELS / 2, RING_PIXELS, RING_PIXELS))
            ring.setPos(spot.x, spot.y)
            ring.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
            ring.setPen(QPen(HIGHLIGHT, 3))
            ring.setBrush(QBrush(QColor(255, 212, 0, 70)))
            ring.setZValue(1)
            ring.setData(0, spot.code)
            self.scene().addItem(ring)
            self._rings.append(ring)

    def highlight_rings(self) -> list[QGraphicsEllipseItem]:
        return list(self._rings)

    # --- a plan's marks ------------------------------------------------------------------------------------
    def set_plan_marks(self, codes: frozenset[str], places: tuple[Place, ...]) -> None:
        """Rings the plan's points and marks its Ashi points and painful places (those of the shown view)."""
        self._plan_codes = codes
        self._places = places
        self._draw_marks()

    def _draw_marks(self) -> None:
        for mark in self._marks:
            self.scene().removeItem(mark)
        self._marks = []
        visible = self.item.visible_layers()
        for spot in self._spots:
            if spot.code in self._plan_codes and spot.family in visible:
                self._marks.append(plan_ring(spot.x, spot.y, spot.code))
        ashi = [p for p in self._places if p.kind == "ashi"]
        for number, place in enumerate(ashi, start=1):  # numbered across views, as in the plan's list
            if place.view == self.view_name:
                self._marks.append(ashi_mark(place, number))
        self._marks += [pain_mark(p) for p in self._places if p.kind == "pain" and p.view == self.view_name]
        for mark in self._marks:
            self.scene().addItem(mark)

    def plan_marks(self) -> list[QGraphicsItem]:
        return list(self._marks)

    def set_placing(self, placing: bool, owner: object = None) -> None:
        """While placing, a click reports where it fell (place_clicked) instead of choosing a point. `owner` says
        whose click it is (the planner's or the quiz's), so that one click never serves both."""
        self._placing = placing
        self._placing_owner = owner if placing else None
        if placing:
            self.viewport().setCursor(Qt.CursorShape.CrossCursor)
        else:
            self.viewport().unsetCursor()
            if self._cross is not None:
                self.scene().removeItem(self._cross)
                self._cross = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """While placing, the arrow keys move a cross and Enter places it: the map can be answered without a mouse."""
        moves = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
        key = Qt.Key(event.key())
        if not self._placing or key not in (*moves, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            super().keyPressEvent(event)
            return
        if self._cross is None:
            centre = self.mapToScene(self.viewport().rect().center())
            self._cross = crosshair(centre.x(), centre.y())
            self.scene().addItem(self._cross)
        if key in moves:
            fine = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            step = KEY_STEP / 8 if fine else KEY_STEP
            dx, dy = moves[key]
            self._cross.moveBy(dx * step, dy * step)
            self.ensureVisible(self._cross, 40, 40)
        else:
            self.place_cross()
        event.accept()

    def place_cross(self) -> bool:
        """Places where the keyboard's cross is (Enter): False when there is no cross to place."""
        if not self._placing or self._cross is None:
            return False
        where = self._cross.pos()
        self.place_clicked.emit(self.view_name, where.x(), where.y())
        return True

    def placing(self) -> bool:
        return self._placing

    def placing_for(self, owner: object) -> bool:
        return self._placing and self._placing_owner is owner

    # --- study -------------------------------------------------------------------------------------------
    def set_overlay(self, view: str, build: Callable[[], list[QGraphicsItem]] | None) -> None:
        """Items drawn over one view (a measuring path, a quiz answer), built again whenever that view is shown."""
        self._overlay = (view, build) if build is not None else None
        self._draw_overlay()

    def _draw_overlay(self) -> None:
        for item in self._overlay_items:
            self.scene().removeItem(item)
        self._overlay_items = []
        if self._overlay is not None and self._overlay[0] == self.view_name:
            self._overlay_items = self._overlay[1]()
            for item in self._overlay_items:
                self.scene().addItem(item)

    def frame(self, places: list[tuple[float, float]], margin: float = 70.0, most: float = 4.0) -> None:
        """Zooms and scrolls so that these map positions are all in sight: between fit-to-window and `most` times it."""
        if not places or not self._fit:
            return
        xs, ys = [x for x, _ in places], [y for _, y in places]
        area = QRectF(
            min(xs) - margin, min(ys) - margin, max(xs) - min(xs) + 2 * margin, max(ys) - min(ys) + 2 * margin
        )
        port = self.viewport().rect()
        scale = min(port.width() / area.width(), port.height() / area.height())
        self.zoom_by(min(max(scale / self._fit, 1.0), most) / self.zoom())
        self.centerOn(area.center())

    def overlay_items(self) -> list[QGraphicsItem]:
        return list(self._overlay_items)

    def set_concealed(self, concealed: bool) -> None:
        """During a quiz the map gives nothing away: no names on hover, and a click does not select a point."""
        self._concealed = concealed
        if concealed:
            QToolTip.hideText()

    def concealed(self) -> bool:
        return self._concealed

    # --- zoom and pan --------------------------------------------------------------------------------------
    def zoom(self) -> float:
        """The scale relative to fit-to-window."""
        return self.transform().m11() / self._fit if self._fit else 1.0

    def fit(self) -> None:
        box = self.item.boundingRect()
        if box.isEmpty():
            return
        self.resetTransform()
        self.fitInView(box, Qt.AspectRatioMode.KeepAspectRatio)
        self._settle.stop()  # fitting is not a gesture: draw the vectors now, not the stand-in (its scroll set it)
        self.item.set_moving(False)
        self._fit = self.transform().m11()
        self.zoom_changed.emit(1.0)

    def zoom_by(self, factor: float) -> None:
        target = min(MAX_ZOOM, max(MIN_ZOOM, self.zoom() * factor))
        factor = target / self.zoom()
        if abs(factor - 1.0) < 1e-6:
            return
        self._moving()
        self.scale(factor, factor)
        self.zoom_changed.emit(self.zoom())

    def _moving(self) -> None:
        """The map moves: draw quickly now, and sharply once it has been still for a moment."""
        self.item.set_moving(True)
        self._settle.start()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self._moving()
        super().scrollContentsBy(dx, dy)

    def zoom_in(self) -> None:
        self._zoom_centred(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_centred(1 / ZOOM_STEP)

    def _zoom_centred(self, factor: float) -> None:
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.zoom_by(factor)
        self.setTransformationAnchor(anchor)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom_by(ZOOM_STEP**steps)
        event.accept()

    def resizeEvent(self, event: QResizeEvent) -> None:
        zoom = self.zoom()
        super().resizeEvent(event)
        if abs(zoom - 1.0) < 1e-6:
            self.fit()  # stay fitted while the user has not zoomed

    # --- pointer -------------------------------------------------------------------------------------------
    def spot_at(self, position: QPoint) -> Spot | None:
        """The visible point nearest to a viewport position, if the pointer is on it."""
        scene = self.mapToScene(position)
        reach = HIT_PIXELS / max(self.transform().m11(), 1e-6)
        best, best_distance = None, reach
        for spot in self.visible_spots():
            distance = math.hypot(spot.x - scene.x(), spot.y - scene.y())
            if distance <= best_distance:
                best, best_distance = spot, distance
        return best

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position().toPoint() if event.button() == Qt.MouseButton.LeftButton else None
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        position = event.position().toPoint()
        if self._press is not None and (position - self._press).manhattanLength() < QApplication.startDragDistance():
            if self._placing:
                where = self.mapToScene(position)
                if self.item.boundingRect().contains(where):
                    self.place_clicked.emit(self.view_name, where.x(), where.y())
            elif not self._concealed:
                spot = self.spot_at(position)
                if spot is not None:
                    self.point_clicked.emit(spot.code)  # a click, not a drag
        self._press = None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        if event.buttons() != Qt.MouseButton.NoButton:
            return
        if self._placing or self._concealed:
            return  # the cross cursor stays; no point tooltips while placing or during a quiz
        spot = self.spot_at(event.position().toPoint())
        if spot is None:
            self.viewport().unsetCursor()
            QToolTip.hideText()
            return
        self.viewport().setCursor(Qt.CursorShape.PointingHandCursor)
        QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_for(spot), self.viewport())

    def tooltip_for_code(self, code: str) -> str:
        return self._tooltips.get(code, code).replace("\n", " — ")

    def tooltip_for(self, spot: Spot) -> str:
        side = {"L": " (left)", "R": " (right)", "M": ""}[spot.side]
        return self._tooltips.get(spot.code, spot.code) + side

    def leaveEvent(self, event: QEvent) -> None:
        QToolTip.hideText()
        super().leaveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted and self._spots:
            self._painted = True
            self.first_painted.emit()
