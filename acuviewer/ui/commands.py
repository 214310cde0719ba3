"""File and Edit commands: export the map, print or save the point card, copy a point. Each has a dialog-free core
that tests and the screenshot command call directly; failures become a message box, never a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from acuviewer.ui.export import export_map, map_options
from acuviewer.ui.pdf import save_pdf
from acuviewer.ui.point_card import card_document, map_crop

if TYPE_CHECKING:
    from PySide6.QtGui import QTextDocument

    from acuviewer.ui.main_window import MainWindow


def export_view(window: MainWindow, path: Path) -> None:
    """The current view, with the layers shown and the selected point highlighted, as SVG or PNG."""
    code = window.current.code if window.current else None
    channels = [c.code for c in window.repo.channels()]
    options = map_options(window.map.view_name, window.map.item.visible_layers(), channels, code)
    export_map(path, window.repo.points(), window.repo.segments(), options)


def card(window: MainWindow) -> QTextDocument | None:
    point = window.current
    if point is None:
        return None
    spots = window.map.spots_of(point.code)
    crop = map_crop(window.map.item, spots[0]) if spots else None
    html = window.details_page(point)  # paper is light: light tints
    font = QFont(QGuiApplication.font())
    font.setPointSize(10)
    return card_document(html, crop, font)


def save_card_pdf(window: MainWindow, path: Path) -> None:
    document = card(window)
    if document is None:
        raise ValueError("select a point first")
    save_pdf(document, path)


def save_with_dialog(
    window: MainWindow, title: str, hint: Path, kind: str, write: Callable[[Path], None], failed: str
) -> None:
    """Asks where to save (adding the hint's suffix when the user left it out), writes, and reports the outcome."""
    name, _filter = QFileDialog.getSaveFileName(window, title, str(hint), kind)
    if not name:
        return
    path = Path(name) if Path(name).suffix.lower() == hint.suffix else Path(name + hint.suffix)
    try:
        write(path)
    except (OSError, ValueError) as error:
        QMessageBox.warning(window, failed, str(error))
    else:
        window.statusBar().showMessage(f"Saved {path}", 4000)


def export_view_dialog(window: MainWindow, suffix: str) -> None:
    kind = "SVG image (*.svg)" if suffix == ".svg" else "PNG image (*.png)"
    code = window.current.code if window.current else "map"
    hint = Path.home() / f"acuviewer-{window.map.view_name}-{code}{suffix}"
    save_with_dialog(window, "Export view", hint, kind, lambda p: export_view(window, p), "Export failed")


def save_card_dialog(window: MainWindow) -> None:
    if window.current is None:
        window.statusBar().showMessage("Select a point first: the card is the selected point's.", 4000)
        return
    hint = Path.home() / f"acuviewer-card-{window.current.code}.pdf"
    save_with_dialog(
        window, "Save point card as PDF", hint, "PDF (*.pdf)", lambda p: save_card_pdf(window, p), "Saving failed"
    )


def print_card_dialog(window: MainWindow) -> None:
    document = card(window)
    if document is None:
        window.statusBar().showMessage("Select a point first: the card is the selected point's.", 4000)
        return
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, window)
    if dialog.exec() == QDialog.DialogCode.Accepted:
        document.print_(printer)


def copy_point(window: MainWindow) -> None:
    point = window.current
    if point is None:
        return
    text = f"{point.code} {point.pinyin_toned} {point.hanzi} ({point.english}): {point.location}"
    QGuiApplication.clipboard().setText(text)
    window.statusBar().showMessage(f"Copied {point.code}", 2000)
