"""Label placement for the body map: a box beside each point, none overlapping, with leader lines when pushed away."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

MIDLINE = 400.0
LINE_HEIGHT = 1.2  # box height in em: DejaVu Sans spans 0.93 above the baseline and 0.24 below
ASCENT = 0.95  # baseline below the box top, in em
NEAR_RINGS = (0.0, 0.5, 1.0)  # extra distance from the point, in em, for labels drawn without a leader
LEADER_REACH = 16.0  # how far out (em) the horizontal search for a leader-line spot goes
SPIRAL_STEP = 1.0  # em between neighbouring spots, across, in the last-resort search
LEADER_GAP = 1.25  # em of clear space between point and label above which a leader line is drawn

# Advance widths in em, chosen to be >= DejaVu Sans Book for every ASCII character (measured with QRawFont):
# a flat 0.62 would underestimate codes such as "BL23" (0.63 em a character) or "GV4" (0.70).
_NARROW = frozenset(" !'(),-./:;IJ[]\\fijlrt|")  # all <= 0.41 em
_WIDE_LATIN = frozenset("MWmw")  # up to 0.99 em


@dataclass(frozen=True, slots=True)
class Anchor:
    """A point's centre and the text of its label."""

    key: str
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class Box:
    """An axis-aligned rectangle with its origin at the top left."""

    x: float
    y: float
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        """True when the interiors intersect; boxes that only touch along an edge do not overlap."""
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )


@dataclass(frozen=True, slots=True)
class Label:
    """Where to draw one anchor's text: its box, the SVG <text> start and baseline, and an optional leader line."""

    key: str
    text: str
    box: Box
    text_x: float
    text_y: float
    leader: tuple[float, float, float, float] | None


@lru_cache(maxsize=4096)
def _char_em(ch: str) -> float:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    if unicodedata.east_asian_width(ch) in ("W", "F"):
        return 1.0
    base = unicodedata.normalize("NFD", ch)[0]  # pinyin tone marks do not change the advance
    if not base.isascii():
        return 1.0
    if base in _NARROW:
        return 0.45
    if base in _WIDE_LATIN:
        return 1.0
    if base.isdigit() or base.islower():
        return 0.64
    return 0.8 if base.isupper() else 1.0


def text_width(text: str, font_size: float) -> float:
    """A conservative width of `text`: never less than DejaVu Sans for Latin, 1 em for CJK and unknown characters."""
    return sum(_char_em(ch) for ch in text) * font_size


_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
_Line = tuple[float, float, float, float]  # x1, y1, x2, y2
_Spot = tuple[_Rect, _Line | None]


class _Grid:
    """A uniform grid of rectangles, so a collision test looks at a few cells instead of at every box."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self._cells: dict[tuple[int, int], list[_Rect]] = {}

    def add(self, r: _Rect) -> None:
        c = self.cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                self._cells.setdefault((i, j), []).append(r)

    def is_free(self, r: _Rect, ignore: _Rect | None = None) -> bool:
        """True when no rectangle (other than `ignore`) overlaps r; the hot loop, hence written out."""
        x0, y0, x1, y1 = r
        c, cells = self.cell, self._cells
        for i in range(int(x0 // c), int(x1 // c) + 1):
            for j in range(int(y0 // c), int(y1 // c) + 1):
                for o in cells.get((i, j), ()):
                    if o[0] < x1 and x0 < o[2] and o[1] < y1 and y0 < o[3] and o != ignore:
                        return False
        return True


class _Placer:
    """The occupied space of one place_labels call, and the candidate spots (box centres) for a label."""

    def __init__(self, anchors: Sequence[Anchor], font_size: float, bounds: Box, radius: float, avoid: Sequence[Box]):
        self.fs, self.bounds, self.radius = font_size, bounds, radius
        self.h = LINE_HEIGHT * font_size
        self.reach = radius + 0.5  # half the side of a point's collision box
        self.gap = max(1.0, 0.15 * font_size)  # between a point and its label
        self.pad = 0.05 * font_size  # kept clear around each label so that neighbours do not touch
        self.taken = _Grid(4.0 * font_size)  # points, `avoid` boxes and placed labels: nothing may overlap them
        self.points = _Grid(4.0 * font_size)  # points only, to tell whose label a nearby label looks like
        self.lines = _Grid(4.0 * font_size)  # short samples of the leader lines drawn so far
        self._rings: dict[tuple[int, float], list[tuple[float, float]]] = {}  # spiral offsets, shared by anchors
        for a in anchors:
            self.taken.add(self.square(a))
            self.points.add(self.square(a))
        for box in avoid:
            self.taken.add((box.x, box.y, box.x + box.width, box.y + box.height))

    def square(self, a: Anchor) -> _Rect:
        return a.x - self.reach, a.y - self.reach, a.x + self.reach, a.y + self.reach

    def fit(self, a: Anchor, cx: float, cy: float, w: float, clear_leader: bool) -> _Spot | None:
        """The label centred at (cx, cy) and its leader, or None when the spot is out of bounds or unsuitable."""
        r = (cx - w / 2, cy - self.h / 2, cx + w / 2, cy + self.h / 2)
        b, p = self.bounds, self.pad
        if r[0] < b.x or r[1] < b.y or r[2] > b.x + b.width or r[3] > b.y + b.height:
            return None
        padded = (r[0] - p, r[1] - p, r[2] + p, r[3] + p)
        if not (self.taken.is_free(padded) and self.lines.is_free(padded)):
            return None
        nx, ny = min(max(a.x, r[0]), r[2]), min(max(a.y, r[1]), r[3])
        dist = math.hypot(nx - a.x, ny - a.y)
        leader = _leader(a, r, dist, self.radius, self.fs)
        if leader is None:
            # Without a line, a label must be clearly nearer its own point than any other point.
            e = dist + 0.25 * self.fs - self.reach
            return (r, None) if self.points.is_free((r[0] - e, r[1] - e, r[2] + e, r[3] + e), self.square(a)) else None
        if clear_leader and not self.clear(leader):
            return None
        return r, leader

    def clear(self, line: _Line) -> bool:
        """True when a leader line crosses no point, label or `avoid` box."""
        return all(map(self.taken.is_free, self._samples(line)))

    def _samples(self, line: _Line) -> list[_Rect]:
        """Small squares along a leader line, to test it with the same grids as the boxes."""
        x0, y0, x1, y1 = line
        n = max(1, math.ceil(math.hypot(x1 - x0, y1 - y0) / min(2.0, self.fs / 4)))
        pts = [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(n)]  # its end touches its label
        return [(x - 0.25, y - 0.25, x + 0.25, y + 0.25) for x, y in pts]

    def commit(self, spot: _Spot) -> None:
        self.taken.add(spot[0])
        for sample in self._samples(spot[1]) if spot[1] else ():
            self.lines.add(sample)

    def near(self, a: Anchor, w: float, side: float) -> Iterator[tuple[float, float]]:
        """Spots beside the point, then a little further: outer side, above, below, inner side."""
        h = self.h
        for ring in NEAR_RINGS:
            d = self.reach + self.gap + ring * self.fs
            yield from ((a.x + side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2))
            for dx in (0.0, side * w / 2, -side * w / 2):
                yield a.x + dx, a.y - d - h / 2
                yield a.x + dx, a.y + d + h / 2
            yield from ((a.x - side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2))

    def outward(self, a: Anchor, w: float, side: float) -> Iterator[tuple[float, float]]:
        """Spots further out on the outer side, level with the point or up to a line above or below it."""
        h, d = self.h, self.reach + self.gap + (NEAR_RINGS[-1] + 0.5) * self.fs
        while d <= LEADER_REACH * self.fs:
            yield from ((a.x + side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2, -h, h))
            d += self.fs / 2

    def spiral(self, a: Anchor, side: float) -> Iterator[tuple[float, float]]:
        """Grid spots ring by ring outward to the edge of the bounds, nearest and outer side first in a ring."""
        sx, sy, b = SPIRAL_STEP * self.fs, self.h / 2, self.bounds
        for k in range(1, math.ceil(max(b.width / sx, b.height / sy)) + 1):
            if (k, side) not in self._rings:
                ring = [(i, j) for i in range(-k, k + 1) for j in (-k, k)]
                ring += [(i, j) for i in (-k, k) for j in range(1 - k, k)]
                ring.sort(key=lambda ij: ((ij[0] * sx) ** 2 + (ij[1] * sy) ** 2, ij[0] * side < 0, ij[1], ij[0]))
                self._rings[k, side] = [(i * sx, j * sy) for i, j in ring]
            yield from ((a.x + dx, a.y + dy) for dx, dy in self._rings[k, side])

    def first_fit(self, a: Anchor, spots: Iterator[tuple[float, float]], w: float) -> _Spot | None:
        return next((s for cx, cy in spots if (s := self.fit(a, cx, cy, w, True)) is not None), None)

    def nearest_free(self, a: Anchor, w: float, side: float) -> _Spot | None:
        """The nearest free spot whose leader crosses nothing, if there is one within reach; else the nearest."""
        blocked: _Spot | None = None
        for cx, cy in self.spiral(a, side):
            if blocked and math.hypot(cx - a.x, cy - a.y) > LEADER_REACH * self.fs:
                return blocked
            spot = self.fit(a, cx, cy, w, False)
            if spot is not None and (spot[1] is None or self.clear(spot[1])):
                return spot
            blocked = blocked or spot
        return blocked

    def forced(self, a: Anchor, w: float, side: float) -> _Spot:
        """Last resort, when the bounds have no free room at all: beside the point, clamped into the bounds."""
        b, h = self.bounds, self.h
        x0 = a.x + side * (self.reach + self.gap) - (w if side < 0 else 0.0)
        x0 = min(max(x0, b.x), b.x + b.width - w)
        y0 = min(max(a.y - h / 2, b.y), b.y + b.height - h)
        r = (x0, y0, x0 + w, y0 + h)
        nx, ny = min(max(a.x, r[0]), r[2]), min(max(a.y, r[1]), r[3])
        return r, _leader(a, r, math.hypot(nx - a.x, ny - a.y), self.radius, self.fs)


def _leader(a: Anchor, r: _Rect, dist: float, radius: float, font_size: float) -> _Line | None:
    """A line from the rim of the point to the middle of the label's near side, when the label is `dist` away."""
    if dist - radius <= LEADER_GAP * font_size:
        return None
    nx, ny = min(max(a.x, r[0]), r[2]), min(max(a.y, r[1]), r[3])
    if nx != a.x:  # beside the point: aim at the middle of the near edge, so the line can pass between rows
        ny = (r[1] + r[3]) / 2
    start = (radius + 1.0) * math.sqrt(2) / math.hypot(nx - a.x, ny - a.y)  # clear of the point's own square
    return a.x + (nx - a.x) * start, a.y + (ny - a.y) * start, nx, ny


def place_labels(
    anchors: Sequence[Anchor], font_size: float, bounds: Box, point_radius: float, avoid: Sequence[Box] = ()
) -> list[Label]:
    """One label per anchor, in the order given; no label overlaps another label, any point or any `avoid` box.

    Deterministic: anchors are processed sorted by position. Every label first tries a spot beside its own point
    (outer side first: left of points with x<400, right of x>400); only then do the labels left over move further
    out with a leader line, and failing that to the nearest free spot in the bounds. Labels stay inside `bounds`;
    they overlap something only if the bounds have no free room left at all.
    """
    placer = _Placer(anchors, font_size, bounds, point_radius, avoid)
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].y, anchors[i].x, anchors[i].key, i))
    widths = [text_width(a.text, font_size) for a in anchors]
    sides = [-1.0 if a.x < MIDLINE else 1.0 for a in anchors]
    placed: dict[int, _Spot] = {}

    # Every label gets its chance at a spot beside its point before any is sent further out, so that no far-flung
    # label takes a neighbour's natural place; then the rest, outermost points first so that their leaders cross
    # fewer labels.
    for i in order:
        spot = placer.first_fit(anchors[i], placer.near(anchors[i], widths[i], sides[i]), widths[i])
        if spot is not None:
            placed[i] = spot
            placer.commit(spot)
    for i in sorted((i for i in order if i not in placed), key=lambda i: -abs(anchors[i].x - MIDLINE)):
        a, w, side = anchors[i], widths[i], sides[i]
        placed[i] = (
            placer.first_fit(a, placer.outward(a, w, side), w)
            or placer.nearest_free(a, w, side)
            or placer.forced(a, w, side)
        )
        placer.commit(placed[i])

    labels = []
    for i, a in enumerate(anchors):
        r, leader = placed[i]
        box = Box(r[0], r[1], r[2] - r[0], r[3] - r[1])
        labels.append(Label(a.key, a.text, box, r[0], r[1] + ASCENT * font_size, leader))
    return labels
