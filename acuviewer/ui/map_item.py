"""Draws the visible layers of a pre-rendered body map, from one shared SVG renderer."""

from __future__ import annotations

import math

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from acuviewer.bodymap.ids import layer_id
from acuviewer.bodymap.options import FAMILIES

# Layers a user can hide, beside the four point families (BL, GB, other channels, extra points).
OVERLAYS = ("labels", "landmarks", "cautions")
LAYERS = (*FAMILIES, *OVERLAYS)
CACHE_MARGIN = 0.2  # of the visible width/height, on each side: how far a pan runs on copied pixels
PREVIEW_SCALE = 1.25  # the stand-in drawn while zooming: sharp enough to follow, small enough to scale fast


def drawing_order(visible: frozenset[str]) -> list[str]:
    """The SVG groups to draw, bottom to top, for the visible layers."""
    order = ["background", layer_id("figure")]
    if "landmarks" in visible:
        order.append(layer_id("landmarks"))
    families = [f for f in FAMILIES if f in visible]
    order += [layer_id("channels", f) for f in families]
    if "cautions" in visible:
        order += [layer_id("cautions", f) for f in families]
    order += [layer_id("points", f) for f in families]
    if "labels" in visible:
        order += [layer_id("labels", f) for f in families]
    return order


class MapItem(QGraphicsObject):
    """The map in scene coordinates equal to the SVG's viewBox, so a point's cx/cy is its scene position.

    Drawing the vectors of a whole view takes several milliseconds, so the item keeps its own cache: an image of
    the visible area and a margin around it, at the current scale. Panning inside the margin only copies pixels.
    While the user zooms or pans beyond the margin, a small pre-drawn image of the whole view stands in, and the
    vectors are drawn again once the movement settles (`set_moving(False)`).
    """

    def __init__(self) -> None:
        super().__init__()
        self._renderer = QSvgRenderer()
        self._visible = frozenset(LAYERS)
        self._bounds: dict[str, QRectF] = {}
        self._preview: QImage | None = None
        self._cache: QImage | None = None
        self._cache_rect = QRectF()
        self._cache_scale = 0.0
        self._moving = False

    def load(self, svg: str) -> bool:
        self.prepareGeometryChange()
        ok = bool(self._renderer.load(QByteArray(svg.encode("utf-8"))))
        self._bounds = {}
        self._forget()
        return ok

    def set_visible_layers(self, visible: frozenset[str]) -> None:
        if visible != self._visible:
            self._visible = visible
            self._forget()

    def visible_layers(self) -> frozenset[str]:
        return self._visible

    def _forget(self) -> None:
        self._preview = None
        self._cache = None
        self.update()

    def set_moving(self, moving: bool) -> None:
        if moving != self._moving:
            self._moving = moving
            if not moving:
                self.update()  # settle: draw the vectors again where the stand-in was shown

    def boundingRect(self) -> QRectF:
        return self._renderer.viewBoxF() if self._renderer.isValid() else QRectF()

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        if not self._renderer.isValid():
            return
        transform = painter.worldTransform()
        scale = transform.m11()
        if widget is None or transform.isRotating():
            self.draw_layers(painter)  # printing or exporting: no cache, full quality
            return
        shown = transform.inverted()[0].mapRect(QRectF(widget.rect())) & self.boundingRect()
        fresh = self._cache is not None and abs(scale - self._cache_scale) < 1e-9
        if fresh and self._cache_rect.contains(shown):
            self._blit(painter)
        elif self._moving:
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)
            painter.drawImage(self.boundingRect(), self._preview_image())
            if fresh:
                self._blit(painter)  # keep the sharp part sharp; only the newly uncovered edge is the stand-in
        else:
            self._fill_cache(shown, scale, painter.device().devicePixelRatio())
            self._blit(painter)

    def _blit(self, painter: QPainter) -> None:
        assert self._cache is not None
        painter.drawImage(self._cache_rect, self._cache)

    def _fill_cache(self, shown: QRectF, scale: float, ratio: float) -> None:
        margin_x, margin_y = shown.width() * CACHE_MARGIN, shown.height() * CACHE_MARGIN
        area = shown.adjusted(-margin_x, -margin_y, margin_x, margin_y) & self.boundingRect()
        pixels = scale * ratio
        # Whole device pixels, so drawing the image back at this scale is a straight copy.
        left, top = math.floor(area.left() * pixels), math.floor(area.top() * pixels)
        right, bottom = math.ceil(area.right() * pixels), math.ceil(area.bottom() * pixels)
        image = QImage(max(1, right - left), max(1, bottom - top), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.white)
        image.setDevicePixelRatio(ratio)
        painter = QPainter(image)
        painter.scale(scale, scale)
        painter.translate(-left / pixels, -top / pixels)
        self.draw_layers(painter)
        painter.end()
        self._cache = image
        self._cache_rect = QRectF(left / pixels, top / pixels, (right - left) / pixels, (bottom - top) / pixels)
        self._cache_scale = scale

    def draw_layers(self, painter: QPainter) -> None:
        """Draws the visible layers in scene coordinates onto any painter (the view, an image, a printer)."""
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for element in drawing_order(self._visible):
            bounds = self._element_bounds(element)
            if not bounds.isEmpty():
                self._renderer.render(painter, element, bounds)

    def _element_bounds(self, element: str) -> QRectF:
        if element not in self._bounds:
            found = self._renderer.elementExists(element)
            self._bounds[element] = self._renderer.boundsOnElement(element) if found else QRectF()
        return self._bounds[element]

    def prepare_preview(self) -> None:
        """Draws the stand-in ahead of time (the view calls this when idle), so the first zoom frame is quick."""
        if self._renderer.isValid():
            self._preview_image()

    def _preview_image(self) -> QImage:
        if self._preview is None:
            box = self.boundingRect()
            image = QImage(
                round(box.width() * PREVIEW_SCALE),
                round(box.height() * PREVIEW_SCALE),
                QImage.Format.Format_ARGB32_Premultiplied,
            )
            image.fill(Qt.GlobalColor.white)
            painter = QPainter(image)
            painter.scale(PREVIEW_SCALE, PREVIEW_SCALE)
            painter.translate(-box.topLeft())
            self.draw_layers(painter)
            painter.end()
            self._preview = image
        return self._preview
