"""Proportional cun: places a catalogue point in a view from its landmark (or point) and offsets in cun.

A cun is a different length on each body segment. An offset is measured on the segment that starts at the
reference landmark and runs the way the offset goes (SP6: 3 cun up the medial malleolus-to-knee segment of 13
cun); otherwise on the body region the reference lies in (figure.Zone); on the scalp seen from the front or back,
along the sagittal arc (figure.Arc), which the view foreshortens.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from acuviewer.bodymap.figure import MID, Arc, View, Zone
from acuviewer.catalogue.model import MapLocation, Point, Segment

XY = tuple[float, float]


class Unplaceable(Exception):
    """A location that cannot be computed in this view (its reference is not drawn there)."""


@dataclass(frozen=True)
class Placed:
    code: str
    side: str
    x: float
    y: float


class Geometry:
    """Resolves map locations of one view; point references are resolved recursively and cached."""

    def __init__(self, view: View, points: Mapping[str, Point], segments: Sequence[Segment]) -> None:
        self.view = view
        self.points = points
        self._segments = [s for s in segments if self._has(s.start) and self._has(s.end)]
        self._cache: dict[tuple[str, str], XY] = {}
        self._resolving: set[tuple[str, str]] = set()

    def _has(self, landmark: str) -> bool:
        return any(self.view.landmark(landmark, side) for side in ("L", "R", "M"))

    def sides(self, point: Point) -> tuple[str, ...]:
        location = self.location(point)
        if location is None:
            return ()
        return ("M",) if location.midline else self.view.sides

    def location(self, point: Point) -> MapLocation | None:
        return next((m for m in point.map if m.view == self.view.name), None)

    def place(self, point: Point) -> list[Placed]:
        """Every side the point is drawn on in this view; empty if the point has no location here."""
        return [Placed(point.code, side, *self.position(point.code, side)) for side in self.sides(point)]

    def position(self, ref: str, side: str) -> XY:
        key = (ref, side)
        if key not in self._cache:
            if key in self._resolving:
                raise Unplaceable(f"{ref}: its location refers back to itself in a circle")
            self._resolving.add(key)
            try:
                self._cache[key] = self._resolve(ref, side)
            finally:
                self._resolving.discard(key)
        return self._cache[key]

    def _resolve(self, ref: str, side: str) -> XY:
        landmark = self.view.landmark(ref, side)
        if landmark is not None and ref not in self.points:
            return landmark
        point = self.points.get(ref)
        location = self.location(point) if point else None
        if point is None or location is None:
            raise Unplaceable(f"{ref} is not drawn in the {self.view.name} view")
        if location.between:
            a = self.position(location.between[0], side)
            b = self.position(location.between[1], side)
            start = (a[0] + (b[0] - a[0]) * location.fraction, a[1] + (b[1] - a[1]) * location.fraction)
        else:
            start = self.position(location.ref, side)
        return self.offset(start, location, side)

    def offset(self, start: XY, m: MapLocation, side: str) -> XY:
        x, y = start
        ref = m.ref if not m.between else ""
        vertical = m.offset("down") - m.offset("up")
        if vertical:
            x, y = self.vertical(ref, x, y, vertical, side)
        across = self.across(m)
        if across:
            x += across * self.across_unit(x, y, side)
        return (x, y)

    def across(self, m: MapLocation) -> float:
        """The sideways cun this view draws: anterior minus posterior seen from the side, else lateral minus medial."""
        if self.view.name == "lateral":
            return m.offset("anterior") - m.offset("posterior")
        return m.offset("lateral") - m.offset("medial")

    def across_unit(self, x: float, y: float, side: str) -> float:
        """Drawing units along x for +1 cun of `across` from (x, y): the region's width of a cun, signed."""
        horizontal = zone_at(self.view, y).horizontal
        return horizontal if self.view.name == "lateral" else horizontal * self._outward(x, side)

    def _outward(self, x: float, side: str) -> float:
        """+1 or -1: the x direction away from the midline for this side of this view."""
        if side == "M" or x == MID:
            left_is_negative = self.view.name == "posterior"
            return -1.0 if (side in ("L", "M")) == left_is_negative else 1.0
        return 1.0 if x > MID else -1.0

    def vertical(self, ref: str, x: float, y: float, cun: float, side: str) -> XY:
        """Moves `cun` down (positive) or up (negative) from (x, y), which is where `ref` is drawn."""
        arc = self.arc(ref)
        if arc is not None:
            angle = math.radians(arc.start_deg + cun * arc.deg_per_cun)  # up = toward the vertex = smaller
            return (x, arc.centre_y - arc.radius * math.cos(angle))
        ruler = self.ruler(ref, side, cun)
        if ruler is not None:
            return (x, y + cun * ruler[1])
        return (x, _walk(self.view, y, cun))

    def arc(self, ref: str) -> Arc | None:
        """The scalp arc a vertical offset from `ref` follows, if any."""
        return next((arc for arc in self.view.arcs if arc.ref == ref), None)

    def ruler(self, ref: str, side: str, cun: float) -> tuple[Segment, float] | None:
        """The segment a vertical offset of `cun` from `ref` is measured on, with its drawing units per cun.

        None when the offset follows a scalp arc or walks the zones instead.
        """
        if self.arc(ref) is not None:
            return None
        for segment in self._segments:
            scale = self._segment_scale(segment, ref, side, cun)
            if scale is not None:
                return segment, scale
        return None

    def _segment_scale(self, segment: Segment, ref: str, side: str, cun: float) -> float | None:
        if ref not in (segment.start, segment.end) or segment.start == segment.end:
            return None
        other = segment.end if ref == segment.start else segment.start
        here, there = self.view.landmark(ref, side), self.view.landmark(other, side)
        if here is None or there is None:
            return None
        span = there[1] - here[1]
        if span == 0 or (span > 0) != (cun > 0):
            return None  # the segment runs the other way from this offset
        return abs(span) / segment.cun


def zone_at(view: View, y: float) -> Zone:
    return next((z for z in view.zones if z.top <= y < z.bottom), view.zones[-1])


def _walk(view: View, y: float, cun: float) -> float:
    """Moves through the zones one by one, so an offset crossing a boundary uses each region's cun."""
    remaining, direction = abs(cun), 1.0 if cun > 0 else -1.0
    for _ in range(len(view.zones) + 1):
        zone = next((z for z in view.zones if z.top <= y < z.bottom or (direction < 0 and y == z.bottom)), None)
        if zone is None:
            break
        edge = zone.bottom if direction > 0 else zone.top
        room = abs(edge - y) / zone.vertical
        if room >= remaining:
            return y + direction * remaining * zone.vertical
        y, remaining = edge, remaining - room
    return y + direction * remaining * view.zones[-1].vertical
