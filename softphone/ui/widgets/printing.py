"""Qt's printing for orders, applications and reports: the print dialog, or straight to a PDF
file. `images` are pictures the HTML names in <img src="...">, such as a report's chart."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QWidget


def _document(html: str, images: dict[str, QImage] | None = None) -> QTextDocument:
    document = QTextDocument()
    for name, image in (images or {}).items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
    document.setHtml(html)
    return document


def save_pdf(html: str, path: Path, images: dict[str, QImage] | None = None) -> None:
    """Write the page as an A4 PDF (QPrinter's PDF output needs no printer or screen)."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    _document(html, images).print_(printer)


def print_with_dialog(
    html: str, parent: QWidget, images: dict[str, QImage] | None = None
) -> bool:
    """The system print dialog; True if the operator printed."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    _document(html, images).print_(printer)
    return True
