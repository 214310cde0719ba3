"""A point's card for printing or PDF: its names, location, needling and cautions, with a crop of the map."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QUrl
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPen, QTextDocument
from PySide6.QtPrintSupport import QPrinter

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


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def save_pdf(document: QTextDocument, path: Path) -> None:
    """Writes the card as a PDF; raises OSError when the file did not appear (a folder that cannot be written)."""
    path.unlink(missing_ok=True)
    document.print_(pdf_printer(path))
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
