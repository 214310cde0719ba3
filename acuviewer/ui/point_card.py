"""A point's card for printing or PDF (written by pdf.py): names, location, needling and cautions, and a map crop."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QTextDocument

from acuviewer.bodymap.bundle import Spot
from acuviewer.ui.map_item import MapItem

CROP_HALF = 90.0  # map units either side of the point: enough to show its neighbours and landmarks
CROP_PIXELS = 600
MAP_URL = QUrl("acuviewer:map-crop.png")


def map_crop(item: MapItem, spot: Spot) -> QImage:
    """The visible layers around a point, with the point ringed, as a square image."""
    image = QImage(CROP_PIXELS, CROP_PIXELS, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor("white"))
    scale = CROP_PIXELS / (2 * CROP_HALF)
    painter = QPainter(image)
    painter.scale(scale, scale)
    painter.translate(CROP_HALF - spot.x, CROP_HALF - spot.y)
    item.draw_layers(painter)
    painter.setPen(QPen(QColor("#ff9800"), 2.4))
    painter.drawEllipse(QRectF(spot.x - 8, spot.y - 8, 16, 16))
    painter.end()
    return image


def card_document(html: str, crop: QImage | None, font: QFont) -> QTextDocument:
    document = QTextDocument()
    document.setDefaultFont(font)
    if crop is not None:
        document.addResource(QTextDocument.ResourceType.ImageResource, MAP_URL, crop)
        html = f'<p align="center"><img src="{MAP_URL.toString()}" width="260" height="260"></p>' + html
    document.setHtml(html)
    return document
