"""Help menu dialogs: how to use the viewer, the catalogue's sources, the licences, and about."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

if TYPE_CHECKING:
    from acuviewer.ui.main_window import MainWindow

HELP = """
<h2>Using AcuViewer</h2>
<p>Find a point by typing in the search field (<b>Ctrl+F</b>): a code in any spelling (BL40, bl-40, UB40), its pinyin
with or without tones, its hanzi, its English name, an alias or an indication. <b>Enter</b> shows the first result.</p>
<p>Or pick a channel's point in the list. <b>Alt+Down</b> and <b>Alt+Up</b> walk along the channel in its flow order,
and the map follows.</p>
<h3>The map</h3>
<ul>
<li>Views: <b>Ctrl+1</b> posterior, <b>Ctrl+2</b> lateral (right side), <b>Ctrl+3</b> anterior.
In the posterior view the patient's left is on your left.</li>
<li>Zoom with the mouse wheel, <b>Ctrl++</b> and <b>Ctrl+-</b>; <b>Ctrl+0</b> fits the figure to the window.
Drag to pan.</li>
<li>Hover a point to see its names; click it to show its details.</li>
<li>View ▸ Layers shows or hides each channel, the extra points, labels, landmarks and caution badges.
A red ring marks a contraindication, orange a caution, a dashed ring a disputed caution.</li>
</ul>
<h3>Studying</h3>
<p>Study ▸ Study panel (<b>Ctrl+T</b>). <i>Walk a channel</i>: <b>Space</b> plays or pauses, <b>Left</b> and
<b>Right</b> step along the flow, <b>+</b> and <b>-</b> change the speed; the map draws how each point is measured.
<i>Quiz</i>: choose a deck and <b>Start</b>. Click the map (or move the cross with the arrow keys and press
<b>Enter</b>) for a locate question; type the name or press <b>1-4</b> for a name question; tick the answers for a
clinical one; <b>Enter</b> checks. Then <b>Enter</b> takes the suggested rating, or <b>1</b> Again, <b>2</b> Hard,
<b>3</b> Good, <b>4</b> Easy; <b>Escape</b> stops. FSRS brings each card back when it is due.
<i>Progress</i> shows, per channel, what is new, learned, due and weak.</p>
<h3>Files</h3>
<p>File ▸ Export saves the view as you see it as SVG or PNG. <b>Ctrl+P</b> prints the selected point's card;
File ▸ Save point card as PDF writes it to a file.</p>
<p>AcuViewer never uses the network.</p>
"""

LICENCES = """
<h2>Licences</h2>
<p><b>AcuViewer</b> is released under the MIT licence.</p>
<p><b>AcuViewer Hanzi</b>, the bundled font for Chinese characters, is a subset of Noto Sans CJK SC,
under the SIL Open Font License 1.1 (its text ships beside the font).</p>
<p><b>Qt for Python (PySide6)</b> is used under the GNU LGPL v3. <b>svgwrite</b> (MIT) and
<b>sqlite-utils</b> (Apache 2.0) build the map and the catalogue.</p>
<p>The clinical text is written for AcuViewer; each field names its source (Help ▸ Catalogue sources).</p>
"""


def _show(window: MainWindow, title: str, html: str) -> QDialog:
    dialog = QDialog(window)
    dialog.setWindowTitle(title)
    browser = QTextBrowser()
    browser.setAccessibleName(title)
    browser.setOpenExternalLinks(False)  # offline: nothing here opens a browser
    browser.setHtml(html)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(browser)
    layout.addWidget(buttons)
    dialog.resize(640, 560)
    dialog.show()
    return dialog


def show_help(window: MainWindow) -> QDialog:
    return _show(window, "AcuViewer Help", HELP)


def sources_html(window: MainWindow) -> str:
    items = "".join(
        f"<li><b>[{escape(s.id)}]</b> {escape(s.citation)}<br><i>{escape(s.note)}</i></li>"
        for s in window.sources.values()
    )
    return f"<h2>Catalogue sources</h2><p>Every clinical field in AcuViewer names one of these.</p><ul>{items}</ul>"


def show_sources(window: MainWindow) -> QDialog:
    return _show(window, "Catalogue sources", sources_html(window))


def show_licences(window: MainWindow) -> QDialog:
    return _show(window, "Licences", LICENCES)


def show_about(window: MainWindow) -> None:
    QMessageBox.about(
        window,
        "About AcuViewer",
        "<h3>AcuViewer</h3><p>An offline reference of the Bladder and Gallbladder channels and the points used for "
        f"sciatica.</p><p>{window.point_count} points; catalogue {escape(window.repo.source_hash()[:12])}.</p>",
    )
