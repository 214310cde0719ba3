"""How a point is found: its reference, the cun measured from it leg by leg, and the ruler those cun come from."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise

from acuviewer.bodymap.figure import View
from acuviewer.bodymap.geometry import Geometry, Unplaceable, zone_at
from acuviewer.catalogue.model import MapLocation, Point, Segment

XY = tuple[float, float]
_EPS = 1e-9  # 6.0 cun computed as 5.999999… still earns its 6th tick
_VERTEBRA = re.compile(r"[CTL]\d+")


@dataclass(frozen=True)
class Leg:
    """One straight measured stretch, drawn as a line with a tick at every whole cun."""

    start: XY
    end: XY
    cun: float  # length of this leg in cun (positive)
    direction: str  # "down", "up", "lateral", "medial", "anterior", "posterior", or "between"
    ticks: tuple[XY, ...]  # a mark at each whole cun from start (1, 2, ... cun), not at start itself
    label: str  # short words for the map: "6 cun down", "1.5 cun lateral", "1/3 of the way"


@dataclass(frozen=True)
class Ruler:
    """The proportional segment (bone-length measure) a vertical offset was measured on."""

    name: str
    start_name: str
    end_name: str
    cun: float  # the segment's total length in cun
    start: XY
    end: XY
    ticks: tuple[XY, ...]  # one mark per whole cun between start and end, excluding both ends
    label: str  # "gluteal fold to popliteal crease = 14 cun"


@dataclass(frozen=True)
class Measure:
    code: str
    view: str
    side: str
    reference: str  # the landmark name or point code the location starts from (for `between`: the first)
    reference_label: str  # "gluteal fold", or a point code
    origin: XY  # where measuring starts: the reference, or the point on the between-line
    legs: tuple[Leg, ...]  # in order; the last ends at `target`; empty when the point sits on its reference
    ruler: Ruler | None
    target: XY  # equals Geometry(view, points, segments).position(code, side)
    units_per_cun: tuple[float, float]  # (horizontal, vertical) drawing units per cun at the target
    text: str  # one plain sentence for the student

    def places(self) -> list[XY]:
        """Every position the measure draws: what a view must show to show the whole measure."""
        found = [self.origin, self.target, *(leg.start for leg in self.legs)]
        return found + ([self.ruler.start, self.ruler.end] if self.ruler is not None else [])

    def distance_in_cun(self, xy: XY) -> float:
        """How far `xy` is from the target, in cun: dx / horizontal and dy / vertical units, then hypot."""
        horizontal, vertical = self.units_per_cun
        return math.hypot((xy[0] - self.target[0]) / horizontal, (xy[1] - self.target[1]) / vertical)


def views_of(point: Point) -> tuple[str, ...]:
    """The views the point is drawn in, in catalogue order (its MapLocation views)."""
    return tuple(dict.fromkeys(m.view for m in point.map))


def measure(view: View, points: Mapping[str, Point], segments: Sequence[Segment], code: str, side: str) -> Measure:
    """Raises geometry.Unplaceable when the point is not drawn in this view."""
    geometry = Geometry(view, points, segments)
    point = points.get(code)
    location = geometry.location(point) if point else None
    if location is None:
        raise Unplaceable(f"{code} is not drawn in the {view.name} view")
    target = geometry.position(code, side)  # raises for a reference missing from this view, as the map would
    legs: list[Leg] = []
    if location.between:
        first, second = location.between
        a, b = geometry.position(first, side), geometry.position(second, side)
        origin = _lerp(a, b, location.fraction)
        cun, ticks = _along(view, a, origin)
        legs.append(Leg(a, origin, cun, "between", ticks, _fraction_words(location.fraction)))
        words = [_between_words(location.fraction, _words(first, points), _words(second, points))]
        reference = first
    else:
        reference = location.ref
        origin = geometry.position(reference, side)
        words = [_words(reference, points)]
    ruler = _vertical_leg(geometry, location, origin, side, legs, words)
    _across_leg(geometry, location, origin, side, legs, words)
    if not location.between:
        words[0] = f"from {words[0]}" if legs else f"at {words[0]}"
    sentence = ", ".join(words)
    return Measure(
        code=code,
        view=view.name,
        side=side,
        reference=reference,
        reference_label=_label(reference, points),
        origin=origin,
        legs=tuple(legs),
        ruler=_ruler(view, ruler[0], side) if ruler else None,
        target=target,
        # the quiz scores in the cun the point was measured in: the ruler's if there was one
        units_per_cun=(zone_at(view, target[1]).horizontal, ruler[1] if ruler else zone_at(view, target[1]).vertical),
        text=sentence[0].upper() + sentence[1:] + ".",
    )


def _vertical_leg(
    geometry: Geometry, m: MapLocation, start: XY, side: str, legs: list[Leg], words: list[str]
) -> tuple[Segment, float] | None:
    """Appends the down/up leg, its ticks where geometry puts a 1, 2, … cun offset; returns the ruler used."""
    cun = m.offset("down") - m.offset("up")
    if not cun:
        return None
    ref = "" if m.between else m.ref  # a between-point walks the zones, as geometry does
    direction, sign = ("down", 1.0) if cun > 0 else ("up", -1.0)
    x, y = start
    ticks = tuple(geometry.vertical(ref, x, y, sign * k, side) for k in range(1, _whole(cun) + 1))
    label = f"{_num(cun)} cun {direction}"
    legs.append(Leg(start, geometry.vertical(ref, x, y, cun, side), abs(cun), direction, ticks, label))
    ruler = geometry.ruler(ref, side, cun)
    if ruler is not None:
        label += f" ({_segment_words(ruler[0])})"
    elif geometry.arc(ref) is not None:
        label += " along the curve of the scalp"  # the view foreshortens these cun toward the vertex
    words.append(_then(label, legs))
    return ruler


def _across_leg(geometry: Geometry, m: MapLocation, origin: XY, side: str, legs: list[Leg], words: list[str]) -> None:
    """Appends the sideways leg (lateral/medial, or anterior/posterior seen from the side) from the last stop."""
    cun = geometry.across(m)
    if not cun:
        return
    start = legs[-1].end if legs else origin
    unit = geometry.across_unit(*start, side)
    if geometry.view.name == "lateral":
        direction = "anterior" if cun > 0 else "posterior"
    else:
        direction = "lateral" if cun > 0 else "medial"
    sign = 1.0 if cun > 0 else -1.0
    ticks = tuple((start[0] + sign * k * unit, start[1]) for k in range(1, _whole(cun) + 1))
    label = f"{_num(cun)} cun {direction}"
    legs.append(Leg(start, (start[0] + cun * unit, start[1]), abs(cun), direction, ticks, label))
    words.append(_then(label, legs))


def _then(words: str, legs: list[Leg]) -> str:
    return f"then {words}" if len(legs) > 1 else words


def _along(view: View, a: XY, b: XY) -> tuple[float, tuple[XY, ...]]:
    """Length of the straight line a→b in cun, region by region (a cun changes length at a zone edge), with ticks."""
    dy = b[1] - a[1]
    cuts = {0.0, 1.0}
    if dy:
        for zone in view.zones:
            t = (zone.top - a[1]) / dy
            if 0.0 < t < 1.0:
                cuts.add(t)
    total, ticks = 0.0, list[XY]()
    for t0, t1 in pairwise(sorted(cuts)):
        p0, p1 = _lerp(a, b, t0), _lerp(a, b, t1)
        zone = zone_at(view, (p0[1] + p1[1]) / 2)
        piece = math.hypot((p1[0] - p0[0]) / zone.horizontal, (p1[1] - p0[1]) / zone.vertical)
        k = math.floor(total + _EPS) + 1
        while piece and k <= total + piece + _EPS:
            ticks.append(_lerp(a, b, t0 + (t1 - t0) * (k - total) / piece))
            k += 1
        total += piece
    return total, tuple(ticks)


def _ruler(view: View, segment: Segment, side: str) -> Ruler:
    start, end = view.landmark(segment.start, side), view.landmark(segment.end, side)
    assert start is not None and end is not None  # geometry only measures on segments drawn in this view
    ticks = tuple(_lerp(start, end, k / segment.cun) for k in range(1, math.ceil(segment.cun - _EPS)))
    return Ruler(segment.name, segment.start, segment.end, segment.cun, start, end, ticks, _segment_words(segment))


def _segment_words(segment: Segment) -> str:
    return f"{_label(segment.start, {})} to {_label(segment.end, {})} = {_num(segment.cun)} cun"


def _label(name: str, points: Mapping[str, Point]) -> str:
    """A point code as it is; a landmark name in words ("gluteal-fold" → "gluteal fold")."""
    return name if name in points else name.replace("-", " ")


def _words(name: str, points: Mapping[str, Point]) -> str:
    """The reference as a sentence names it: "the gluteal fold", but "L2" and "BL60" bare."""
    label = _label(name, points)
    return label if name in points or _VERTEBRA.fullmatch(name) else f"the {label}"


def _fraction_words(t: float) -> str:
    if abs(t - 0.5) < _EPS:
        return "halfway"
    fraction = Fraction(t).limit_denominator(12)
    return f"{fraction.numerator}/{fraction.denominator} of the way"


def _between_words(t: float, first: str, second: str) -> str:
    if abs(t - 0.5) < _EPS:
        return f"halfway between {first} and {second}"
    return f"{_fraction_words(t)} from {first} to {second}"


def _whole(cun: float) -> int:
    return math.floor(abs(cun) + _EPS)


def _num(value: float) -> str:
    return f"{abs(value):g}"


def _lerp(a: XY, b: XY, t: float) -> XY:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
