"""The main window: channels and their points in flow order, search as you type, and a point's details."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from acuviewer.catalogue.report import point_text
from acuviewer.catalogue.repository import Repository

CODE_ROLE = Qt.ItemDataRole.UserRole


class MainWindow(QMainWindow):
    def __init__(self, repo: Repository) -> None:
        super().__init__()
        self._repo = repo
        self.setWindowTitle("AcuViewer")
        self.search_field = QLineEdit(placeholderText="Search: code, pinyin, hanzi, English, indication…")
        self.search_field.setAccessibleName("Search points")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.channels = QTreeWidget()
        self.channels.setHeaderLabels(["Channel / point", "Name"])
        self.channels.setAccessibleName("Channels")
        self.details = QPlainTextEdit(readOnly=True)  # plain text: catalogue text is never read as HTML
        self.details.setAccessibleName("Point details")

        side = QWidget()
        layout = QVBoxLayout(side)
        layout.addWidget(self.search_field)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.channels, 3)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.details)
        splitter.setSizes([350, 650])
        self.setCentralWidget(splitter)
        self.statusBar().showMessage(f"{len(repo.point_codes())} points")
        self.resize(1000, 700)

        self._fill_channels()
        self.search_field.textChanged.connect(self._search)
        self.search_field.returnPressed.connect(self._choose_first_result)
        self.results.currentItemChanged.connect(lambda item, _old: self._show_item(item))
        self.channels.currentItemChanged.connect(lambda item, _old: self._show_item(item))
        QShortcut(QKeySequence.StandardKey.Find, self, self.search_field.setFocus)
        QShortcut(QKeySequence.StandardKey.Quit, self, self.close)

    def _fill_channels(self) -> None:
        points = self._repo.points()  # read once: the tree needs every point's names
        groups = [(c.code, c.english, [p for p in points if p.channel == c.code]) for c in self._repo.channels()]
        groups.append(("Extra", "Extra points", [p for p in points if p.channel is None]))
        for code, title, members in groups:
            if not members:
                continue
            top = QTreeWidgetItem([code, title])
            for point in members:
                child = QTreeWidgetItem([point.code, f"{point.pinyin_toned} {point.hanzi}"])
                child.setData(0, CODE_ROLE, point.code)
                top.addChild(child)
            self.channels.addTopLevelItem(top)

    def _search(self, text: str) -> None:
        self.results.clear()
        for hit in self._repo.search(text, 30):
            item = QListWidgetItem(f"{hit.code}  {hit.pinyin}  {hit.hanzi}  {hit.english}")
            item.setData(CODE_ROLE, hit.code)
            self.results.addItem(item)

    def _choose_first_result(self) -> None:
        if self.results.count():
            self.results.setCurrentRow(0)

    def _show_item(self, item: QListWidgetItem | QTreeWidgetItem | None) -> None:
        if item is None:
            return
        code = item.data(0, CODE_ROLE) if isinstance(item, QTreeWidgetItem) else item.data(CODE_ROLE)
        self.show_point(code)

    def show_point(self, code: str | None) -> None:
        point = self._repo.point(code) if code else None
        if point is not None:
            self.details.setPlainText(point_text(point))
            self.statusBar().showMessage(f"{point.code} {point.pinyin_toned}")
