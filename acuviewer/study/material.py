"""What study mode reads from the catalogue, read once: the points, their study order, flows, conditions, regions.

The catalogue's own `region` field is filled for a few extra points only, so the region a point is studied in
comes from where the body map draws it: its height on the figure, cut into bands at figure landmarks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from acuviewer.bodymap.figure import POSTERIOR, VIEWS
from acuviewer.bodymap.geometry import Geometry, Unplaceable, zone_at
from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import Channel, MapLocation, Point, Segment
from acuviewer.catalogue.repository import Repository

# Region id -> its name, from the top of the body down: the order region decks are listed in.
REGIONS: Mapping[str, str] = MappingProxyType(
    {
        "head-neck": "Head and neck",
        "upper-back": "Upper back and shoulders",
        "chest-flank": "Chest and flank",
        "low-back": "Low back",
        "buttock-hip": "Sacrum, buttock and hip",
        "arm-hand": "Arm and hand",
        "thigh-knee": "Thigh and knee",
        "leg": "Lower leg",
        "ankle-foot": "Ankle and foot",
    }
)

# The figure draws the upper limb hanging beside the thigh, so height alone would put a hand point on the thigh.
# A point measured from one of these landmarks (directly or through another point) is on the arm or hand; add
# elbow and wrist landmarks here when figure.py gains them.
UPPER_LIMB_LANDMARKS = frozenset({"second-metacarpal-midpoint", "fifth-mcp-joint"})


def _y(name: str) -> float:
    """A landmark's height: every view shares one set of heights, so the posterior view's serves all three."""
    found = POSTERIOR.landmark(name, "L")
    if found is None:
        raise KeyError(f"figure.py has no posterior landmark {name!r}")
    return found[1]


def _cun_at(y: float) -> float:
    return zone_at(POSTERIOR, y).vertical


# Band edges. Each band runs from its top edge (included) to the next one; the figure marks each spinous process
# at the depression below its tip, so a point "at C7" (GV14) is already on the back.
_C7 = _y("C7")
# Half way between the T12 and L1 levels: BL21/BL50 (level with T12, over the ribs and flagged for pneumothorax)
# stay on the upper back, BL22/BL51 (level with L1) start the low back.
_LOW_BACK = (_y("T12") + _y("L1")) / 2
_SACRUM = _y("sacral-foramen-1")  # BL27 and BL31, level with the first sacral foramen, are on the sacrum
_GLUTEAL_FOLD = _y("gluteal-fold")  # BL36 at the midpoint of the fold starts the thigh
# One cun below the popliteal crease: the crease (BL40, BL39) belongs to the knee, the fibular head (GB34) and the
# points below it to the leg.
_KNEE = _y("popliteal-crease") + _cun_at(_y("popliteal-crease"))
# One cun above the higher malleolus: points level with a malleolus (BL60, KI3) belong to the ankle.
_ANKLE = min(_y("medial-malleolus"), _y("lateral-malleolus")) - _cun_at(_y("medial-malleolus"))


@dataclass(frozen=True)
class Material:
    """Everything study mode reads from the catalogue, read once."""

    points: Mapping[str, Point]
    order: tuple[str, ...]  # every point in study order: channels in catalogue order, each in flow order, then the rest
    channels: tuple[Channel, ...]
    flows: Mapping[str, tuple[str, ...]]  # channel code -> point codes in flow order (BL1..BL67, GB1..GB44)
    conditions: tuple[Condition, ...]
    regions: Mapping[str, str]  # point code -> region id (a key of REGIONS); only points the map draws

    @classmethod
    def load(cls, repo: Repository) -> Material:
        points = {p.code: p for p in repo.points()}
        channels = tuple(repo.channels())
        # Channel.points is the catalogue's flow order (the order the window steps along a channel).
        flows = {c.code: tuple(code for code in c.points if code in points) for c in channels}
        chained = [code for c in channels for code in flows[c.code]]
        seen = set(chained)
        order = (*chained, *(code for code in points if code not in seen))
        found = (repo.condition(condition_id) for condition_id, _name in repo.conditions())
        return cls(
            points=MappingProxyType(points),
            order=order,
            channels=channels,
            flows=MappingProxyType(flows),
            conditions=tuple(c for c in found if c is not None),
            regions=MappingProxyType(drawn_regions(points, repo.segments())),
        )


def drawn_regions(points: Mapping[str, Point], segments: Sequence[Segment]) -> dict[str, str]:
    """Point code -> region id for every point the body map can draw; a point it cannot place is left out."""
    geometries = {name: Geometry(view, points, segments) for name, view in VIEWS.items()}
    regions: dict[str, str] = {}
    for code, point in points.items():
        heights: dict[str, float] = {}
        for location in point.map:
            geometry = geometries.get(location.view)
            if geometry is None or location.view in heights:
                continue
            try:
                placed = geometry.place(point)
            except Unplaceable:
                continue
            if placed:
                heights[location.view] = placed[0].y
        if heights:
            # The point's first drawn view gives its height (the views share heights, within a few units).
            y = next(iter(heights.values()))
            on_back = "posterior" in heights
            regions[code] = region_at(y, on_back=on_back, on_upper_limb=_on_upper_limb(point, points, set()))
    return regions


def region_at(y: float, *, on_back: bool, on_upper_limb: bool = False) -> str:
    """The region id for a point drawn at height y; `on_back` when it is drawn in the posterior view."""
    if on_upper_limb:
        return "arm-hand"
    if y < _C7:
        return "head-neck"
    if y < _SACRUM:
        # The trunk is the one band where front and back differ: GB22-GB26 share heights with the Back-Shu points.
        if not on_back:
            return "chest-flank"
        return "upper-back" if y < _LOW_BACK else "low-back"
    bands = ((_GLUTEAL_FOLD, "buttock-hip"), (_KNEE, "thigh-knee"), (_ANKLE, "leg"))
    return next((region for bottom, region in bands if y < bottom), "ankle-foot")


def _on_upper_limb(point: Point, points: Mapping[str, Point], seen: set[str]) -> bool:
    """Whether any of the point's locations is measured, through any chain of points, from an upper-limb landmark."""
    seen.add(point.code)
    return any(_refers_to_upper_limb(location, points, seen) for location in point.map)


def _refers_to_upper_limb(location: MapLocation, points: Mapping[str, Point], seen: set[str]) -> bool:
    refs: Iterable[str] = location.between if location.between else (location.ref,)
    for ref in refs:
        if ref in UPPER_LIMB_LANDMARKS:
            return True
        other = points.get(ref)
        if other is not None and ref not in seen and _on_upper_limb(other, points, seen):
            return True
    return False
