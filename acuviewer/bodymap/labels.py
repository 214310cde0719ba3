"""Label placement for the body map: a box beside each point, none overlapping, with leader lines when pushed away."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice

MIDLINE = 400.0
LINE_HEIGHT = 1.2  # box height in em: DejaVu Sans reaches 0.93 above the baseline and 0.24 below
ASCENT = 0.95  # baseline below the box top, in em
NEAR_RINGS = (0.0, 0.5, 1.0)  # em beyond the point's rim that a label without a leader line may sit
LEADER_GAP = 1.25  # em of space between a point's rim and its label beyond which a leader line is drawn
LEADER_REACH = 16.0  # em: how far out on the outer side the search for a spot with a leader line goes
SEARCH_REACH = 8.0  # em: how much further than the nearest free spot the last resort looks for a clear leader
CLEAR_TRIES = 16  # how many of the nearest free spots the last resort tries for a leader that crosses nothing
CROSSING_COST = 2.0  # em: how much nearer a spot across the midline must be, to be preferred by the last resort

# Advances in em, at least those of DejaVu Sans Book for every ASCII character (measured with QRawFont): a flat
# 0.62 em would underestimate codes such as "BL23" (0.63 em a character) or "GV4" (0.70).
_NARROW = frozenset(" !'(),-./:;IJ[]\\fijlrt|")  # all at most 0.41 em
_WIDE = frozenset("MWmw")  # up to 0.99 em

_Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
_Line = tuple[float, float, float, float]  # x1, y1, x2, y2
_Spot = tuple[_Rect, _Line | None]


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
        x_apart = self.x >= other.x + other.width or other.x >= self.x + self.width
        return not (x_apart or self.y >= other.y + other.height or other.y >= self.y + self.height)


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
    base = unicodedata.normalize("NFD", ch)[0]  # pinyin tone marks do not change the advance
    if unicodedata.east_asian_width(ch) in ("W", "F") or not base.isascii() or base in _WIDE:
        return 1.0  # hanzi, and whatever we know nothing about
    if base in _NARROW:
        return 0.45
    return 0.64 if base.isdigit() or base.islower() else 0.8 if base.isupper() else 1.0


def text_width(text: str, font_size: float) -> float:
    """A conservative width of `text`: never less than DejaVu Sans for Latin, 1 em for CJK and unknown characters."""
    return sum(_char_em(ch) for ch in text) * font_size


class _Grid:
    """A uniform grid of rectangles (or lines filed by their bounding boxes), so a collision test looks at a few
    cells instead of at every box."""

    def __init__(self, cell: float) -> None:
        self.cell = cell
        self.cells: dict[tuple[int, int], list[_Rect]] = {}

    def add(self, r: _Rect, item: _Rect | None = None) -> None:
        c = self.cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                self.cells.setdefault((i, j), []).append(item or r)

    def items(self, r: _Rect) -> Iterator[_Rect]:
        """Everything filed under the cells that r touches, some of it more than once."""
        c = self.cell
        for i in range(int(r[0] // c), int(r[2] // c) + 1):
            for j in range(int(r[1] // c), int(r[3] // c) + 1):
                yield from self.cells.get((i, j), ())

    def is_free(self, r: _Rect, ignore: _Rect | None = None) -> bool:
        """True when no rectangle but `ignore` overlaps r."""
        for o in self.items(r):
            if o[0] < r[2] and r[0] < o[2] and o[1] < r[3] and r[1] < o[3] and o != ignore:
                return False
        return True


class _Placer:
    """The space taken so far in one place_labels call, and the searches for a free spot for a label."""

    def __init__(self, anchors: Sequence[Anchor], font_size: float, bounds: Box, radius: float) -> None:
        self.fs, self.bounds, self.radius, self.h = font_size, bounds, radius, LINE_HEIGHT * font_size
        self.reach = radius + 0.5  # half the side of a point's square
        self.gap = max(1.0, 0.15 * font_size)  # between a point and a label right beside it
        self.pad = 0.05 * font_size  # kept clear around each label, so that neighbours do not touch
        cell = max(4.0 * font_size, 1.0)
        self.taken = _Grid(cell)  # points, `avoid` boxes and labels: no label may overlap them
        self.points = _Grid(cell)  # points only: to tell whose label a label looks like
        self.leaders = _Grid(cell)
        for a in anchors:
            self.taken.add(self.square(a))
            self.points.add(self.square(a))

    def square(self, a: Anchor) -> _Rect:
        return a.x - self.reach, a.y - self.reach, a.x + self.reach, a.y + self.reach

    def spot(self, a: Anchor, r: _Rect) -> tuple[float, _Line | None, bool]:
        """How far box r is from the point, its leader, and False if r, unlinked, could pass for another's label."""
        nx, ny = min(max(a.x, r[0]), r[2]), min(max(a.y, r[1]), r[3])
        dist = math.hypot(nx - a.x, ny - a.y)
        if dist - self.radius > LEADER_GAP * self.fs:
            ny = (r[1] + r[3]) / 2 if nx != a.x else ny  # to the middle of a side, so lines run between rows
            start = (self.radius + 1.0) * math.sqrt(2) / math.hypot(nx - a.x, ny - a.y)  # off the point's square
            return dist, (a.x + (nx - a.x) * start, a.y + (ny - a.y) * start, nx, ny), True
        e = dist + 0.25 * self.fs - self.reach  # an unlinked label must be clearly nearer its point than any other
        return dist, None, self.points.is_free((r[0] - e, r[1] - e, r[2] + e, r[3] + e), self.square(a))

    def free(self, r: _Rect) -> bool:
        """True when r, with a little room around it, overlaps no point, label or `avoid` box."""
        return self.taken.is_free((r[0] - self.pad, r[1] - self.pad, r[2] + self.pad, r[3] + self.pad))

    def off_leaders(self, r: _Rect) -> bool:
        return not any(_crosses(line, r) for line in self.leaders.items(r))

    def clear(self, line: _Line, grid: _Grid | None = None) -> bool:
        """True when a leader line crosses nothing in `grid`: by default no point, label or `avoid` box."""
        return not any(_crosses(line, o) for o in (grid or self.taken).items(_bbox(line)))

    def commit(self, spot: _Spot) -> None:
        self.taken.add(spot[0])
        if spot[1]:
            self.leaders.add(_bbox(spot[1]), spot[1])

    def first_fit(self, a: Anchor, centres: Iterator[tuple[float, float]], w: float) -> _Spot | None:
        """The first box centred on one of `centres` that is inside the bounds, free, and has a clear leader."""
        b, h = self.bounds, self.h
        for cx, cy in centres:
            r = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if r[0] < b.x or r[1] < b.y or r[2] > b.x + b.width or r[3] > b.y + b.height:
                continue
            found = self.free(r) and self.off_leaders(r) and self.spot(a, r)
            if found and found[2] and (found[1] is None or self.clear(found[1])):
                return r, found[1]
        return None

    def near(self, a: Anchor, w: float, side: float) -> Iterator[tuple[float, float]]:
        """Box centres beside the point, then a little further: outer side, above, below, inner side."""
        h = self.h
        for ring in NEAR_RINGS:
            d = self.reach + self.gap + ring * self.fs
            yield from ((a.x + side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2))
            for dx in (0.0, side * w / 2, -side * w / 2):
                yield from ((a.x + dx, a.y - d - h / 2), (a.x + dx, a.y + d + h / 2))
            yield from ((a.x - side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2))

    def outward(self, a: Anchor, w: float, side: float) -> Iterator[tuple[float, float]]:
        """Box centres further out on the outer side, level with the point or up to a line above or below it."""
        h, d = self.h, self.reach + self.gap + (NEAR_RINGS[-1] + 0.5) * self.fs
        while d <= LEADER_REACH * self.fs:
            yield from ((a.x + side * (d + w / 2), a.y + dy) for dy in (0.0, -h / 2, h / 2, -h, h))
            d += self.fs / 2

    def rows(self, a: Anchor, exhaustive: bool) -> list[float]:
        """Tops for a label box, nearest the point first: every half line up and down from it; or, exhaustive, every
        height at which a box touches the bounds or something taken, so that no free gap can be missed."""
        b, h, q, step = self.bounds, self.h, 1.25 * self.pad, self.h / 2
        if exhaustive:
            taken = {o for cell in self.taken.cells.values() for o in cell}
            ys = [*(o[3] + q for o in taken), *(o[1] - q - h for o in taken)]
        else:
            k0, k1 = math.floor((b.y - a.y) / step) - 1, math.ceil((b.y + b.height - a.y) / step) + 1
            ys = [a.y - h / 2 + k * step for k in range(k0, k1 + 1)]
        ys += [b.y, b.y + b.height - h]
        return sorted((y for y in ys if b.y <= y <= b.y + b.height - h), key=lambda y: (abs(y + h / 2 - a.y), y))

    def nearest_free(self, a: Anchor, w: float, exhaustive: bool = False) -> _Spot | None:
        """The nearest free box in the bounds, row by row outward from the point (one pass over the boxes of a
        row, not one test per spot); rather one with a clear leader among the next few, up to SEARCH_REACH."""
        b, h, p = self.bounds, self.h, self.pad
        q = 1.25 * p  # a little more than the pad, so that rounding cannot make a box placed against a span overlap
        found: list[tuple[float, int, _Rect]] = []  # (distance, when, box): the nearest place in each gap of a row
        limit = 2.0 * (b.width + b.height)
        for y0 in self.rows(a, exhaustive):
            vd = max(0.0, abs(y0 + h / 2 - a.y) - h / 2)  # how far the boxes of this row are from the point
            if vd >= limit:
                break
            band = (max(b.x, a.x - limit - w - q), y0 - p, min(b.x + b.width, a.x + limit + w + q), y0 + h + p)
            taken = [o for o in self.taken.items(band) if o[1] < band[3] and band[1] < o[3]]
            lo, top = b.x, b.x + b.width - w  # a box's left edge may go anywhere in [lo, top] between spans
            for s0, s1 in [*sorted((o[0] - q - w, o[2] + q) for o in taken), (top, math.inf)]:
                x0 = min(max(a.x - w / 2, lo), s0, top)
                dist = math.hypot(max(0.0, x0 - a.x, a.x - x0 - w), vd)
                if lo <= min(s0, top) and dist < limit:  # beyond the limit, not every box in the way was seen
                    across = (x0 + w / 2 - MIDLINE) * (a.x - MIDLINE) < 0
                    found.append((dist + across * CROSSING_COST * self.fs, len(found), (x0, y0, x0 + w, y0 + h)))
                    limit = min(limit, found[-1][0] + SEARCH_REACH * self.fs)
                lo = max(lo, s1)
        spots = ((r, *self.spot(a, r)[1:]) for _, _, r in sorted(found) if self.free(r))
        ranked: list[tuple[bool, bool, bool, int, _Spot]] = []  # failing that: rather unambiguous, no point crossed
        for n, (r, line, owned) in enumerate(islice(spots, CLEAR_TRIES)):
            off = self.off_leaders(r)
            if owned and off and (line is None or self.clear(line)):
                return r, line
            crosses_points = line is not None and not self.clear(line, self.points)
            ranked.append((not owned, crosses_points, not off, n, (r, line)))
        return min(ranked)[4] if ranked else None


def _bbox(line: _Line) -> _Rect:
    return min(line[0], line[2]), min(line[1], line[3]), max(line[0], line[2]), max(line[1], line[3])


def _crosses(line: _Line, r: _Rect) -> bool:
    """True when the segment passes through the inside of r (Liang-Barsky clipping); touching is not crossing."""
    x, y, dx, dy = line[0], line[1], line[2] - line[0], line[3] - line[1]
    if min(x, line[2]) >= r[2] or max(x, line[2]) <= r[0] or min(y, line[3]) >= r[3] or max(y, line[3]) <= r[1]:
        return False  # the common case, decided quickly
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x - r[0]), (dx, r[2] - x), (-dy, y - r[1]), (dy, r[3] - y)):
        if p == 0.0 and q <= 0.0:
            return False  # parallel to this edge, and outside it or on it
        if p < 0.0:
            t0 = max(t0, q / p)
        elif p > 0.0:
            t1 = min(t1, q / p)
    return t0 < t1


def place_labels(
    anchors: Sequence[Anchor], font_size: float, bounds: Box, point_radius: float, avoid: Sequence[Box] = ()
) -> list[Label]:
    """One label per anchor, in the order given; no label overlaps another label, any point or any `avoid` box.

    Each point counts as a square of side 2 * point_radius + 1. Deterministic: anchors are handled in order of
    position. Every label first tries a spot right beside its point (outer side first: left of points with
    x < 400, right of x > 400); only then do those left over move further out with a leader line, and failing
    that to the nearest free spot in the bounds. Labels stay inside `bounds`; they overlap something only when
    the bounds have no free room left at all.
    """
    placer = _Placer(anchors, font_size, bounds, point_radius)
    for box in avoid:
        placer.taken.add((box.x, box.y, box.x + box.width, box.y + box.height))
    order = sorted(range(len(anchors)), key=lambda i: (anchors[i].y, anchors[i].x, anchors[i].key, i))
    widths = [text_width(a.text, font_size) for a in anchors]
    sides = [-1.0 if a.x < MIDLINE else 1.0 for a in anchors]
    placed: dict[int, _Spot] = {}

    # Every label has its chance beside its point before any is sent further out, so that no far-flung label
    # takes a neighbour's natural place; then the rest, outermost points first, so that leaders cross fewer labels.
    for i in order:
        spot = placer.first_fit(anchors[i], placer.near(anchors[i], widths[i], sides[i]), widths[i])
        if spot is not None:
            placed[i] = spot
            placer.commit(spot)
    for i in sorted((i for i in order if i not in placed), key=lambda i: -abs(anchors[i].x - MIDLINE)):
        a, w = anchors[i], widths[i]
        spot = placer.first_fit(a, placer.outward(a, w, sides[i]), w) or placer.nearest_free(a, w)
        spot = spot or placer.nearest_free(a, w, exhaustive=True)
        if spot is None:  # no free room left in the bounds: beside the point on the outer side, clamped into them
            x0 = a.x + sides[i] * (placer.reach + placer.gap) - (w if sides[i] < 0 else 0.0)
            x0 = min(max(x0, bounds.x), bounds.x + bounds.width - w)
            y0 = min(max(a.y - placer.h / 2, bounds.y), bounds.y + bounds.height - placer.h)
            spot = (x0, y0, x0 + w, y0 + placer.h), None
        placed[i] = spot
        placer.commit(spot)

    labels = []
    for i, a in enumerate(anchors):
        r, leader = placed[i]
        box = Box(r[0], r[1], r[2] - r[0], r[3] - r[1])
        labels.append(Label(a.key, a.text, box, r[0], r[1] + ASCENT * font_size, leader))
    return labels
