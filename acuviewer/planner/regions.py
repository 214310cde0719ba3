"""Pain regions of the body map, and the course of sciatic pain that the marked regions indicate (no Qt).

The practitioner marks the pain by clicking the map; each click falls in a named region (low back, buttock, back or
side of the thigh, ...) and the regions marked tell the course: down the back of the leg (Bladder type), down its
side (Gallbladder type), or both. Each region is drawn from figure.py's landmarks and cut along the drawn body
outline where it meets the edge of the body, so the regions stay on the figure when either changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache

from acuviewer.bodymap.figure import ANTERIOR, LATERAL, MID, POSTERIOR, VIEWS, View
from acuviewer.bodymap.outline import figure_shapes
from acuviewer.bodymap.smooth import Pt, polylines

Polygon = tuple[Pt, ...]
LOW_BACK = "low-back"


def inside(polygon: Sequence[Pt], x: float, y: float) -> bool:
    """Ray casting. A point on an edge shared by two polygons counts for exactly one of them."""
    found = False
    xj, yj = polygon[-1]
    for xi, yi in polygon:
        if (yi > y) != (yj > y) and x < xi + (y - yi) * (xj - xi) / (yj - yi):
            found = not found
        xj, yj = xi, yi
    return found


@dataclass(frozen=True)
class Region:
    """A named area of one view where pain can be marked, and the course it indicates (None: it tells none)."""

    id: str
    view: str
    label: str
    course: str | None  # "posterior" (Bladder type), "lateral" (Gallbladder type) or None
    note: str
    polygons: tuple[Polygon, ...] = field(repr=False)  # in the view's 800 x 1600 viewBox, one per side of the body
    _boxes: tuple[tuple[float, float, float, float], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        boxes = tuple(
            (min(x for x, _ in p), min(y for _, y in p), max(x for x, _ in p), max(y for _, y in p))
            for p in self.polygons
        )
        object.__setattr__(self, "_boxes", boxes)  # a click tests a few boxes before any long polygon

    def contains(self, x: float, y: float) -> bool:
        return any(
            x0 <= x <= x1 and y0 <= y <= y1 and inside(polygon, x, y)
            for polygon, (x0, y0, x1, y1) in zip(self.polygons, self._boxes, strict=True)
        )


_SHARED = "Shared by both courses, so it tells no course by itself."
_NOT_SCIATIC = "Not a sciatic course: neither the Bladder nor the Gallbladder type runs here."
_BL = "Bladder (foot-Taiyang) type, close to the S1 root."
_GB = "Gallbladder (foot-Shaoyang) type, close to the L5 root."
# id: (label, course, note)
_KINDS: dict[str, tuple[str, str | None, str]] = {
    LOW_BACK: ("low back and sacrum", None, f"{_SHARED} Marked, it adds local lumbosacral points to the plan."),
    "buttock": ("buttock", None, f"{_SHARED} Both courses start here, at GB30 where the two channels cross."),
    "back-of-thigh": ("back of the thigh and knee", "posterior", _BL),
    "side-of-thigh": ("side of the hip and thigh", "lateral", _GB),
    "front-of-thigh": ("front of the thigh", None, f"{_NOT_SCIATIC} Think of the hip or an upper lumbar root."),
    "back-of-calf": ("back of the calf", "posterior", _BL),
    "side-of-leg": ("side of the leg", "lateral", _GB),
    "front-of-leg": ("front and inner side of the leg", None, f"{_NOT_SCIATIC} The inner leg is L4 territory."),
    "outer-ankle-top-of-foot": ("outer ankle and top of the foot to the 4th toe", "lateral", _GB),
    "heel-little-toe": ("heel, outer edge of the foot and little toe", "posterior", _BL),
}


# --- Building the shapes ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Cut:
    """Where the body outline crosses height y, the crossing nearest x. Two cuts in a row follow the outline."""

    y: float
    x: float


Spec = Sequence[Pt | _Cut]


@cache
def _outline(view: str) -> Polygon:
    """The drawn body silhouette (figure_shapes puts it first), flattened to a closed polyline."""
    points = polylines(figure_shapes(VIEWS[view])[0].d, steps=6)[0]
    return tuple(points[:-1] if points[0] == points[-1] else points)


def _crossing(outline: Polygon, cut: _Cut) -> tuple[int, Pt]:
    """The outline segment crossing height cut.y nearest cut.x: its index, and the crossing point."""
    best: tuple[int, Pt] | None = None
    for i, (x0, y0) in enumerate(outline):
        x1, y1 = outline[(i + 1) % len(outline)]
        if (y0 > cut.y) != (y1 > cut.y):
            x = x0 + (cut.y - y0) * (x1 - x0) / (y1 - y0)
            if best is None or abs(x - cut.x) < abs(best[1][0] - cut.x):
                best = (i, (x, cut.y))
    if best is None:
        raise ValueError(f"the body outline does not reach y={cut.y}")
    return best


def _run(outline: Polygon, a: int, b: int) -> list[Pt]:
    """The outline's vertices from a crossing on segment a to one on segment b, the shorter way round."""
    n = len(outline)
    forward = (b - a) % n
    if forward <= n - forward:
        return [outline[(a + k) % n] for k in range(1, forward + 1)]
    return [outline[(a - k) % n] for k in range(n - forward)]


def _polygon(view: str, spec: Spec) -> Polygon:
    outline = _outline(view)
    crossings = {k: _crossing(outline, item) for k, item in enumerate(spec) if isinstance(item, _Cut)}
    points: list[Pt] = []
    for k, item in enumerate(spec):
        if isinstance(item, _Cut):
            segment, point = crossings[k]
            points.append(point)
            following = crossings.get((k + 1) % len(spec))
            if following is not None:
                points.extend(_run(outline, segment, following[0]))
        else:
            points.append(item)
    return tuple((round(x, 1), round(y, 1)) for x, y in points)


def _at(view: View, name: str, out: float = 0.0, down: float = 0.0) -> Pt:
    """A landmark on the viewer's left half, moved `out` away from the midline and `down`.

    The regions are drawn on the viewer's left and mirrored: the patient's left in the posterior view, the right in
    the anterior view. In the lateral view (the right side only) `out` is towards the front (+x).
    """
    side = {"posterior": "L", "anterior": "R"}.get(view.name, "R")
    found = view.landmark(name, side)
    if found is None:
        raise KeyError(f"the {view.name} view has no landmark {name!r}")
    x, y = found
    return (x + out, y + down) if view.name == "lateral" else (x - out, y + down)


def _level(view: View, name: str, down: float = 0.0) -> float:
    return _at(view, name)[1] + down


def _half(y: float, from_midline: float) -> _Cut:
    """A cut on the viewer's left half of a symmetric view, near that distance from the midline."""
    return _Cut(y, MID - from_midline)


def _on(p: Pt, q: Pt, y: float) -> Pt:
    """The point of the line through p and q at height y."""
    return (p[0] + (y - p[1]) * (q[0] - p[0]) / (q[1] - p[1]), y)


def _on_x(p: Pt, q: Pt, x: float) -> Pt:
    """The point of the line through p and q at x."""
    return (x, p[1] + (x - p[0]) * (q[1] - p[1]) / (q[0] - p[0]))


def _mid(p: Pt, q: Pt) -> Pt:
    return ((p[0] + q[0]) / 2, (p[1] + q[1]) / 2)


# Heights shared by the views (one person, the same heights in every view).
_T12 = _level(POSTERIOR, "T12")  # the low back starts at the lumbar spine
# About 1 cun below the popliteal crease: the crease and BL40 belong to the thigh, the fibular head to the leg.
_KNEE = _level(POSTERIOR, "popliteal-crease", 20)


def _posterior() -> dict[str, Spec]:
    v = POSTERIOR
    # The iliac crest and the edge of the sacrum as outline.py draws them, and the flank where the crest meets it.
    crest = [_at(v, "iliac-crest-top"), _at(v, "iliac-crest-top", -30, 5), _at(v, "psis", 28, -38), _at(v, "psis")]
    sacrum = [_at(v, "sacral-foramen-4", 24), _at(v, "sacral-hiatus", 18, 8), _at(v, "coccyx-tip")]
    flank = _half(_level(v, "iliac-crest-top", 8), 145)
    # From behind, the side of the hip and thigh shows as a strip along the outer edge, from the top of the greater
    # trochanter down to the knee; it narrows to the biceps tendon, which keeps BL38 and BL39 on the back.
    hip, trochanter = _half(_level(v, "greater-trochanter", -22), 160), _at(v, "greater-trochanter", -10, -22)
    # The thigh starts a little above the drawn gluteal fold: the fold, and BL36 at its midpoint, belong to the thigh.
    fold = [_at(v, "gluteal-fold", dx, dy - 8) for dx, dy in ((-78, -20), (-44, -4), (0, 2), (36, -8), (58, -26))]
    crotch = _half(_level(v, "coccyx-tip", 28), 1)
    tendon, fibula = _at(v, "biceps-femoris-tendon", 8), _at(v, "fibular-head", -8)
    knee = _on(tendon, fibula, _KNEE)
    ankle, malleolus_foot = _at(v, "lateral-malleolus", -5, -13), _at(v, "lateral-malleolus", -2, 12)
    inner_knee, outer_knee = _half(_KNEE, 30), _half(_KNEE, 128)
    inner_ankle, outer_ankle = _half(ankle[1], 45), _half(ankle[1], 105)
    outer_foot = _half(malleolus_foot[1], 108)
    return {
        LOW_BACK: [(MID, _T12), _half(_T12, 140), flank, *crest, *sacrum],
        "buttock": [*sacrum[::-1], *crest[::-1], flank, hip, trochanter, *fold[::-1], crotch],
        "side-of-thigh": [hip, trochanter, fold[-1], tendon, knee, outer_knee],
        "back-of-thigh": [crotch, *fold, tendon, knee, inner_knee],
        "back-of-calf": [inner_knee, knee, fibula, ankle, inner_ankle],
        "side-of-leg": [knee, outer_knee, outer_ankle, ankle, fibula],
        "outer-ankle-top-of-foot": [ankle, outer_ankle, outer_foot, malleolus_foot],  # from behind: the malleolus
        "heel-little-toe": [inner_ankle, ankle, malleolus_foot, outer_foot],
    }


def _lateral() -> dict[str, Spec]:
    v = LATERAL
    asis = _at(v, "asis")
    crest = [_at(v, "asis", dx, dy) for dx, dy in ((-116, -34), (-88, -62), (-50, -70), (-22, -54), (-6, -28))]
    # The lumbar region lies behind the tip of the 12th rib; the buttock behind the greater trochanter. GB30 (a third
    # of the way from the trochanter to the sacral hiatus) is on the buttock, not the side of the thigh: it is the
    # crossing point of both channels and is needled for both types, so pain there tells no course.
    back_edge, buttock_edge = _at(v, "rib-12-free-end", -16)[0], _at(v, "greater-trochanter", -12)[0]
    crest_back, crest_buttock = _on_x(crest[1], crest[2], back_edge), _on_x(crest[1], crest[2], buttock_edge)
    trochanter = _at(v, "greater-trochanter", -12, 20)
    fold = [_at(v, "greater-trochanter", -46, 76), _at(v, "greater-trochanter", -62, 82)]
    fold_end = _Cut(_level(v, "greater-trochanter", 80), 320)
    # Behind the fibula (shifted back from the line fibular head - lateral malleolus) is the calf: BL58 and GB35,
    # drawn 8 units apart, fall on either side of it. Below the ankle the line passes under the malleolus, between
    # BL62 (below it) and GB40 (in front of and below it), then along the foot between the little toe's edge (BL)
    # and the 4th toe (GB).
    tendon = _at(v, "biceps-femoris-tendon")
    fibula_top, fibula_bottom = _at(v, "fibular-head", -6), _at(v, "lateral-malleolus", -6)
    knee = _on(tendon, fibula_top, _KNEE)
    ankle = _on(fibula_top, fibula_bottom, _level(v, "lateral-malleolus", -14))
    foot = [
        _at(v, "lateral-malleolus", -10),
        _at(v, "lateral-malleolus", 8, 20),
        _mid(_at(v, "fifth-metatarsal-tuberosity"), _at(v, "fourth-fifth-metatarsal-junction")),
        _mid(_at(v, "fourth-fifth-toe-web"), _at(v, "fifth-mtp-joint")),
        _mid(_at(v, "little-toe-nail-corner"), _at(v, "fourth-toe-nail-corner")),
    ]
    toe = _Cut(foot[-1][1] + 1, 600)
    # The front of the thigh: in front of a line from the ASIS to behind the patella.
    patella = _at(v, "lateral-knee-eye", 0, -68)
    front_knee = (patella[0], _KNEE)
    back_knee, front_of_knee = _Cut(_KNEE, 350), _Cut(_KNEE, 452)
    back_ankle, front_ankle = _Cut(ankle[1], 360), _Cut(ankle[1], 440)
    crest_end = _Cut(crest[0][1], 325)
    return {
        LOW_BACK: [_Cut(_T12, 320), (back_edge, _T12), crest_back, crest[1], crest[0], crest_end],
        "buttock": [crest_end, crest[0], crest[1], crest_back, crest_buttock, trochanter, *fold, fold_end],
        "side-of-thigh": [crest_buttock, *crest[2:], asis, patella, front_knee, knee, tendon, trochanter],
        "front-of-thigh": [asis, _Cut(asis[1], 485), front_of_knee, front_knee, patella],
        "back-of-thigh": [fold_end, *fold[::-1], trochanter, tendon, knee, back_knee],
        "back-of-calf": [back_knee, knee, fibula_top, ankle, back_ankle],
        "side-of-leg": [knee, front_of_knee, front_ankle, ankle, fibula_top],
        "outer-ankle-top-of-foot": [ankle, front_ankle, toe, *foot[::-1]],
        "heel-little-toe": [back_ankle, ankle, *foot, toe],
    }


def _anterior() -> dict[str, Spec]:
    v = ANTERIOR
    asis = _at(v, "asis")
    groin = [_at(v, "pubic-symphysis", 34, 68), _at(v, "asis", -40, 32), asis]  # the inguinal fold, inside out
    # The side of the hip and thigh: a strip along the outer edge, outside a line from the ASIS past the greater
    # trochanter to the fibular head.
    thigh = [_at(v, "greater-trochanter", -18, 30), _at(v, "fibular-head", 4, -60)]
    hip: list[Pt | _Cut] = [asis, _at(v, "asis", 20, -28), _half(_level(v, "asis", -28), 150)]  # crest, flank
    knee = _at(v, "fibular-head", -14, _KNEE - _level(v, "fibular-head"))
    # The side of the leg: outside a line well inside the fibula, since GB36-GB39 are drawn 1 cun inside it here.
    leg = [_at(v, "fibular-head", -20, 40), _at(v, "lateral-malleolus", -10, -150)]
    ankle = _at(v, "lateral-malleolus", -12, -13)
    # The outer edge of the foot and the little toe (Bladder) against the top of the foot (Gallbladder).
    web = _at(v, "fourth-fifth-toe-web")
    foot = [_at(v, "lateral-malleolus", 8, 20), _at(v, "lateral-malleolus", 13, 42), (web[0] - 3, web[1] - 2)]
    foot.append((web[0] - 7.5, web[1] + 13))
    toe = _half(foot[-1][1] + 0.5, 131)
    outer_foot = _half(_level(v, "lateral-malleolus", 12), 113)
    inner_knee, outer_knee = _half(_KNEE, 30), _half(_KNEE, 128)
    inner_ankle, outer_ankle = _half(ankle[1], 45), _half(ankle[1], 105)
    return {
        "front-of-thigh": [*groin, *thigh, knee, inner_knee, _half(_level(v, "pubic-symphysis", 113), 2)],
        "side-of-thigh": [*hip, outer_knee, knee, *thigh[::-1]],
        "front-of-leg": [inner_knee, knee, *leg, ankle, inner_ankle],
        "side-of-leg": [knee, outer_knee, outer_ankle, ankle, *leg[::-1]],
        "outer-ankle-top-of-foot": [inner_ankle, ankle, outer_ankle, outer_foot, *foot, toe],
        "heel-little-toe": [outer_foot, toe, *foot[::-1]],
    }


@cache
def regions(view: str) -> tuple[Region, ...]:
    """The regions of one view ("posterior", "lateral" or "anterior"); raises ValueError for another view."""
    builders = {"posterior": _posterior, "lateral": _lateral, "anterior": _anterior}
    if view not in builders:
        raise ValueError(f"unknown view {view!r} (known: {', '.join(builders)})")
    found = []
    for region_id, spec in builders[view]().items():
        shape = _polygon(view, spec)
        mirrored = (tuple((2 * MID - x, y) for x, y in shape),) if view != "lateral" else ()
        label, course, note = _KINDS[region_id]
        found.append(Region(region_id, view, label, course, note, (shape, *mirrored)))
    return tuple(found)


# --- What the practitioner's marks mean ------------------------------------------------------------------------
def region_at(view: str, x: float, y: float) -> Region | None:
    """The region under (x, y) of the view's viewBox, or None off the regions (head, chest, arms, upper back)."""
    return next((r for r in regions(view) if r.contains(x, y)), None)


def side_at(view: str, x: float) -> str:
    """The patient's side under x: "L" or "R". The lateral view shows the right side only.

    From behind the patient's left is on the viewer's left, from the front on the viewer's right; the midline
    itself counts with the viewer's right half.
    """
    if view not in VIEWS:
        raise ValueError(f"unknown view {view!r}")
    if view == "lateral":
        return "R"
    on_viewer_left = x < MID
    return "L" if on_viewer_left == (view == "posterior") else "R"


def course_from_regions(marked: Iterable[Region]) -> str | None:
    """The course the marked regions indicate: "posterior" or "lateral" when only that one, "mixed" when both.

    None when no marked region has a course: the low back and buttock are shared by both courses and the front of
    the thigh and leg belong to neither.
    """
    courses = {r.course for r in marked if r.course is not None}
    if len(courses) > 1:
        return "mixed"
    return courses.pop() if courses else None


def involves_low_back(marked: Iterable[Region]) -> bool:
    """Whether the low back is marked: the condition pack then adds local lumbosacral points."""
    return any(r.id == LOW_BACK for r in marked)
