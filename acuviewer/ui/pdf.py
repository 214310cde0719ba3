"""Writes a rich-text document to an A4 PDF file (the point card, the treatment sheet, the patient handout)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter


def pdf_printer(path: Path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer


def save_pdf(document: QTextDocument, path: Path) -> None:
    """Writes `document` as a PDF; raises OSError when the file did not appear (a folder that cannot be written)."""
    if not path.parent.is_dir():  # checked first: Qt would only warn on the console and write nothing
        raise OSError(f"could not write {path}: the folder {path.parent} does not exist")
    path.unlink(missing_ok=True)
    printer = pdf_printer(path)
    printer.setDocName(document.metaInformation(QTextDocument.MetaInformation.DocumentTitle))  # the PDF's title
    document.print_(printer)
    if not path.is_file() or path.stat().st_size == 0:
        raise OSError(f"could not write {path}")
