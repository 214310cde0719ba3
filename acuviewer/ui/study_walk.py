"""Walk a channel: its points one by one in the order the channel flows, with how each is found drawn on the map."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSlider,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from acuviewer.catalogue.model import Point
from acuviewer.ui.study_marks import measure_items
from acuviewer.ui.study_panel import StudyContext

SPEEDS_S = (0.75, 1.0, 1.5, 2.0, 3.0, 4.0, 6.0)  # seconds per point; the slider picks one
DEFAULT_SPEED = 3  # 2 s: time to read the card's names and glance at the map


class WalkTab(QWidget):
    message = Signal(str)

    def __init__(self, context: StudyContext) -> None:
        super().__init__()
        self.context = context
        self.channel = QComboBox()
        self.channel.setAccessibleName("Channel to walk")
        for code, codes in context.material.flows.items():
            if codes:
                name = next((c.english for c in context.material.channels if c.code == code), code)
                self.channel.addItem(f"{name} ({code}): {codes[0]} → {codes[-1]}", code)
        self.back = QPushButton("◀ Back")
        self.play = QPushButton("▶ Play")
        self.forward = QPushButton("Forward ▶")
        self.play.setCheckable(True)
        for button, tip in (
            (self.back, "Previous point along the flow (Left)"),
            (self.play, "Play or pause the walk (Space)"),
            (self.forward, "Next point along the flow (Right)"),
        ):
            button.setToolTip(tip)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(0, len(SPEEDS_S) - 1)
        self.speed.setValue(DEFAULT_SPEED)
        self.speed.setInvertedAppearance(True)  # to the right is faster: fewer seconds per point
        self.speed.setAccessibleName("Walk speed")
        self.speed_label = QLabel()
        self.position = QLabel()
        self.position.setAccessibleName("Position along the channel")
        self.card = QTextBrowser()
        self.card.setAccessibleName("Point card")
        self.card.setOpenLinks(False)
        self.timer = QTimer(self)
        self.index = 0

        buttons = QHBoxLayout()
        for button in (self.back, self.play, self.forward):
            buttons.addWidget(button)
        speed_row = QHBoxLayout()
        speed_label = QLabel("Speed")  # + and - change it; Alt+S is the Study menu
        speed_row.addWidget(speed_label)
        speed_row.addWidget(self.speed, 1)
        speed_row.addWidget(self.speed_label)
        layout = QVBoxLayout(self)
        channel_label = QLabel("Channel to wal&k")  # Alt+C is the window's channel list
        channel_label.setBuddy(self.channel)
        layout.addWidget(channel_label)
        layout.addWidget(self.channel)
        layout.addLayout(buttons)
        layout.addLayout(speed_row)
        layout.addWidget(self.position)
        layout.addWidget(self.card, 1)

        self.channel.currentIndexChanged.connect(lambda _i: self.start_at(0))
        self.back.clicked.connect(lambda: self.step(-1))
        self.forward.clicked.connect(lambda: self.step(1))
        self.play.toggled.connect(self._playing)
        self.speed.valueChanged.connect(self._speed_changed)
        self.timer.timeout.connect(self._tick)
        context_ = Qt.ShortcutContext.WidgetWithChildrenShortcut  # only while the walk has the keyboard
        for key, slot in (
            ("Space", self.play.toggle),
            ("Left", lambda: self.step(-1)),
            ("Right", lambda: self.step(1)),
            ("Home", lambda: self.start_at(0)),
            ("End", lambda: self.start_at(len(self.codes()) - 1)),
            ("+", lambda: self.speed.setValue(self.speed.value() - 1)),
            ("-", lambda: self.speed.setValue(self.speed.value() + 1)),
        ):
            QShortcut(QKeySequence(key), self, slot, context=context_)
        self._speed_changed(self.speed.value())

    # --- the walk --------------------------------------------------------------------------------------------
    def codes(self) -> tuple[str, ...]:
        return self.context.material.flows.get(str(self.channel.currentData()), ())

    def current_code(self) -> str | None:
        codes = self.codes()
        return codes[self.index] if 0 <= self.index < len(codes) else None

    def start_at(self, index: int) -> None:
        self.index = max(0, min(index, len(self.codes()) - 1))
        self.show_current()

    def step(self, direction: int) -> None:
        """One point along the flow (1) or against it (-1); at either end the walk stops there."""
        codes = self.codes()
        target = self.index + direction
        if not 0 <= target < len(codes):
            self.pause()
            self.message.emit("End of the channel." if direction > 0 else "Start of the channel.")
            return
        self.index = target
        self.show_current()

    def show_current(self) -> None:
        code = self.current_code()
        if code is None:
            return
        codes = self.codes()
        self.position.setText(f"<b>{escape(code)}</b> · {self.index + 1} of {len(codes)} ({codes[0]} → {codes[-1]})")
        self.context.host.select_point(code)  # the window switches to a view that draws it: the map follows
        found = self.context.measure(code)
        if found is None:
            self.context.map.set_overlay("", None)
        else:
            self.context.map.set_overlay(found.view, lambda: measure_items(found))
            self.context.map.frame(found.places())  # close enough to count the cun
        self.card.setHtml(card_html(self.context.material.points[code], found.text if found else ""))

    def start_from(self, code: str | None) -> None:
        """Opens on the window's point, when it is on a channel; otherwise says how to begin."""
        point = self.context.material.points.get(code) if code else None
        index = self.channel.findData(point.channel) if point is not None else -1
        if point is None or index < 0:
            self.card.setHtml("<p>Choose a channel, then press <b>Play</b> (Space) or <b>Forward</b> (Right).</p>")
            return
        self.channel.blockSignals(True)  # the channel's own start would select its first point
        self.channel.setCurrentIndex(index)
        self.channel.blockSignals(False)
        self.start_at(self.codes().index(point.code))

    def point_selected(self, code: str) -> None:
        """Another point chosen in the window: the walk's measuring path no longer belongs on the map."""
        if code != self.current_code():
            self.context.map.set_overlay("", None)

    # --- playing ---------------------------------------------------------------------------------------------
    def _playing(self, on: bool) -> None:
        self.play.setText("❚❚ Pause" if on else "▶ Play")
        if on:
            if self.index >= len(self.codes()) - 1:
                self.start_at(0)  # play from the top once the end was reached
            self.timer.start()
        else:
            self.timer.stop()

    def pause(self) -> None:
        self.play.setChecked(False)

    def _tick(self) -> None:
        self.step(1)

    def _speed_changed(self, value: int) -> None:
        seconds = SPEEDS_S[value]
        self.timer.setInterval(int(seconds * 1000))
        self.speed_label.setText(f"{seconds:g} s per point")


def card_html(point: Point, how: str) -> str:
    """The walk's card: names, where it is and how it is measured, and what kind of point it is."""
    categories = "".join(f"<li>{escape(c.name)}</li>" for c in point.categories)
    measured = f"<p><b>How to find it on the map:</b> {escape(how)}</p>" if how else ""
    return (
        f"<h2>{escape(point.code)} {escape(point.pinyin_toned)} {escape(point.hanzi)}</h2>"
        f"<p>{escape(point.english)}"
        + (f" · traditional {escape(point.hanzi_traditional)}" if point.hanzi_traditional != point.hanzi else "")
        + f"</p><p><b>Location</b> ({escape(point.location_source)}): {escape(point.location)}</p>"
        + measured
        + (f"<p><b>Categories</b></p><ul>{categories}</ul>" if categories else "")
    )
