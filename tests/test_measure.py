"""How a point is found: the legs, ticks and ruler of measure() agree with where geometry draws the point."""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from acuviewer.bodymap.figure import VIEWS, Arc, View, Zone
from acuviewer.bodymap.geometry import Geometry, Unplaceable
from acuviewer.bodymap.measure import Measure, measure, views_of
from acuviewer.catalogue.model import MapLocation, Needling, Point, Segment
from acuviewer.catalogue.repository import Repository

POSTERIOR, LATERAL, ANTERIOR = VIEWS["posterior"], VIEWS["lateral"], VIEWS["anterior"]
Catalogue = tuple[dict[str, Point], list[Segment]]


@pytest.fixture(scope="module")
def catalogue(real_catalogue: Path) -> Iterator[Catalogue]:
    with Repository.open(real_catalogue) as repo:
        yield {p.code: p for p in repo.points()}, repo.segments()


def _measure(view: View, catalogue: Catalogue, code: str, side: str) -> Measure:
    return measure(view, *catalogue, code, side)


def test_every_measure_ends_where_the_map_draws_the_point(catalogue: Catalogue) -> None:
    points, segments = catalogue
    checked = 0
    for point in points.values():
        for name in views_of(point):
            geometry = Geometry(VIEWS[name], points, segments)
            for side in geometry.sides(point):
                m = measure(VIEWS[name], points, segments, point.code, side)
                where = (point.code, name, side)
                assert m.target == pytest.approx(geometry.position(point.code, side)), where
                assert (m.code, m.view, m.side) == (point.code, name, side)
                if not m.legs:
                    assert m.target == pytest.approx(m.origin), where
                    continue
                assert m.legs[-1].end == pytest.approx(m.target), where
                for before, after in pairwise(m.legs):
                    assert before.end == pytest.approx(after.start), where  # one unbroken path
                first = m.legs[0]
                assert (first.end if first.direction == "between" else first.start) == pytest.approx(m.origin), where
                for leg in m.legs:
                    assert leg.cun > 0, where
                    if leg.direction != "between":
                        assert len(leg.ticks) == int(leg.cun + 1e-9), where
                        assert f"{leg.cun:g} cun" in m.text, where
                assert m.reference_label in m.text, where
                checked += 1
    assert checked > 200


def test_bl37_is_six_cun_down_the_fourteen_cun_thigh(catalogue: Catalogue) -> None:
    m = _measure(POSTERIOR, catalogue, "BL37", "L")
    assert (m.reference, m.reference_label) == ("gluteal-fold", "gluteal fold")
    assert m.origin == POSTERIOR.landmark("gluteal-fold", "L")
    [leg] = m.legs
    assert (leg.direction, leg.cun, leg.label) == ("down", 6.0, "6 cun down")
    assert len(leg.ticks) == 6 and leg.ticks[-1] == pytest.approx(m.target)
    steps = [b[1] - a[1] for a, b in pairwise((leg.start, *leg.ticks))]
    assert steps == pytest.approx([steps[0]] * 6) and all(b[0] == leg.start[0] for b in leg.ticks)
    ruler = m.ruler
    assert ruler is not None
    assert (ruler.name, ruler.start_name, ruler.end_name, ruler.cun) == (
        "thigh-posterior",
        "gluteal-fold",
        "popliteal-crease",
        14,
    )
    assert (ruler.start, ruler.end) == (m.origin, POSTERIOR.landmark("popliteal-crease", "L"))
    assert len(ruler.ticks) == 13 and ruler.label == "gluteal fold to popliteal crease = 14 cun"
    assert steps[0] == pytest.approx((ruler.end[1] - ruler.start[1]) / 14) == pytest.approx(m.units_per_cun[1])
    assert m.text == "From the gluteal fold, 6 cun down (gluteal fold to popliteal crease = 14 cun)."


def test_bl23_is_one_and_a_half_cun_lateral_to_l2(catalogue: Catalogue) -> None:
    for side in ("L", "R"):
        m = _measure(POSTERIOR, catalogue, "BL23", side)
        [leg] = m.legs
        assert (m.reference, leg.direction, leg.cun, leg.label) == ("L2", "lateral", 1.5, "1.5 cun lateral")
        assert m.ruler is None and len(leg.ticks) == 1
        assert abs(leg.ticks[0][0] - 400) == pytest.approx(m.units_per_cun[0])  # 1 cun out from the midline
        assert abs(m.target[0] - 400) > abs(m.origin[0] - 400)  # away from the midline on both sides
        assert m.text == "From L2, 1.5 cun lateral."


def test_sideways_legs_name_the_direction_the_view_draws(catalogue: Catalogue) -> None:
    side_on = _measure(LATERAL, catalogue, "GB34", "R")
    assert [leg.direction for leg in side_on.legs] == ["down", "anterior"]
    assert side_on.legs[1].end[0] > side_on.legs[1].start[0]  # the front of the body is +x seen from the side
    front = _measure(ANTERIOR, catalogue, "GB34", "L")
    assert [leg.direction for leg in front.legs] == ["down", "medial"]
    assert "then 0.3 cun medial" in front.text
    gb35 = _measure(LATERAL, catalogue, "GB35", "R")
    assert [leg.direction for leg in gb35.legs] == ["up", "posterior"]


def test_ticks_land_where_whole_cun_offsets_put_other_points(catalogue: Catalogue) -> None:
    bl57 = _measure(POSTERIOR, catalogue, "BL57", "L").legs[0]  # 8 cun below the popliteal crease
    assert bl57.ticks[1][1] == pytest.approx(_measure(POSTERIOR, catalogue, "BL55", "L").target[1])
    assert bl57.ticks[4][1] == pytest.approx(_measure(POSTERIOR, catalogue, "BL56", "L").target[1])
    gb35 = _measure(LATERAL, catalogue, "GB35", "R").legs[0]  # 7 cun above the lateral malleolus
    for code, cun in (("GB37", 5), ("GB38", 4), ("GB39", 3)):
        assert gb35.ticks[cun - 1][1] == pytest.approx(_measure(LATERAL, catalogue, code, "R").target[1]), code


def test_scalp_ticks_follow_the_arc(catalogue: Catalogue) -> None:
    bl7 = _measure(ANTERIOR, catalogue, "BL7", "L")  # 4 cun up from the anterior hairline, foreshortened
    up = bl7.legs[0]
    assert bl7.ruler is None and up.direction == "up" and "along the curve of the scalp" in bl7.text
    assert up.ticks[0][1] == pytest.approx(_measure(ANTERIOR, catalogue, "BL5", "L").target[1])  # 1 cun up
    steps = [a[1] - b[1] for a, b in pairwise((up.start, *up.ticks))]
    assert all(later < earlier for earlier, later in pairwise(steps))  # shorter near the vertex


def test_a_point_reference_starts_at_that_point_without_its_own_measure(catalogue: Catalogue) -> None:
    m = _measure(POSTERIOR, catalogue, "BL58", "L")
    assert (m.reference, m.reference_label) == ("BL60", "BL60")
    assert m.origin == pytest.approx(_measure(POSTERIOR, catalogue, "BL60", "L").target)
    assert [leg.direction for leg in m.legs] == ["up"] and m.text == "From BL60, 7 cun up."


def test_a_between_point_gives_a_between_leg(catalogue: Catalogue) -> None:
    m = _measure(POSTERIOR, catalogue, "GB30", "L")
    [leg] = m.legs
    assert (m.reference, leg.direction, leg.label) == ("greater-trochanter", "between", "1/3 of the way")
    assert leg.start == POSTERIOR.landmark("greater-trochanter", "L") and leg.end == pytest.approx(m.target)
    assert m.text == "1/3 of the way from the greater trochanter to the sacral hiatus."
    bl60 = _measure(LATERAL, catalogue, "BL60", "R")
    assert bl60.legs[0].label == "halfway"
    assert bl60.text == "Halfway between the lateral malleolus and the calcaneal tendon."


def test_a_point_on_its_reference_has_no_legs(catalogue: Catalogue) -> None:
    m = _measure(POSTERIOR, catalogue, "GV3", "M")
    assert m.legs == () and m.ruler is None and m.origin == m.target and m.text == "At L4."


def test_distance_in_cun(catalogue: Catalogue) -> None:
    m = _measure(POSTERIOR, catalogue, "BL37", "L")
    assert m.ruler is not None
    x, y = m.target
    scale = (m.ruler.end[1] - m.ruler.start[1]) / m.ruler.cun
    assert m.distance_in_cun(m.target) == 0.0
    assert m.distance_in_cun((x, y + scale)) == pytest.approx(1.0)
    assert m.distance_in_cun((x + m.units_per_cun[0], y)) == pytest.approx(1.0)
    assert m.distance_in_cun((x - 3 * m.units_per_cun[0], y + 4 * scale)) == pytest.approx(5.0)


def test_a_point_not_drawn_in_the_view_is_unplaceable(catalogue: Catalogue) -> None:
    points, _ = catalogue
    assert views_of(points["BL37"]) == ("posterior",)
    assert views_of(points["GB34"]) == ("lateral", "anterior")
    with pytest.raises(Unplaceable):
        _measure(LATERAL, catalogue, "BL37", "R")
    with pytest.raises(Unplaceable):
        _measure(POSTERIOR, catalogue, "NOPE", "L")


# A small synthetic view where a cun changes length at y=200.
TOY = View(
    "posterior",
    {("top", "L"): (300.0, 100.0), ("bottom", "L"): (300.0, 300.0), ("crown", "M"): (400.0, 100.0)},
    zones=(Zone(0, 200, 10, 5), Zone(200, 400, 20, 5)),
    arcs=(Arc("crown", 200, 100, 90, 10),),
)


def _point(code: str, **location: object) -> Point:
    m = MapLocation(view="posterior", **location)  # type: ignore[arg-type]
    return Point(
        code, None, None, "", "", "", "", "", (), "", "", Needling("", 0, 0, "", ""), (), "", (), "", (), (), (m,)
    )


def test_ticks_crossing_a_zone_edge_are_where_each_whole_cun_offset_lands() -> None:
    points = {f"P{k}": _point(f"P{k}", ref="top", offsets=(("down", float(k)),)) for k in range(1, 16)}
    geometry = Geometry(TOY, points, [])
    leg = measure(TOY, points, [], "P15", "L").legs[0]
    assert leg.ticks == tuple(geometry.position(f"P{k}", "L") for k in range(1, 16))
    assert [y for _, y in leg.ticks[9:12]] == [200.0, 220.0, 240.0]  # 10 units a cun, then 20


def test_scalp_arc_ticks_are_where_each_whole_cun_offset_lands() -> None:
    points = {f"C{k}": _point(f"C{k}", ref="crown", offsets=(("up", float(k)),)) for k in range(1, 5)}
    geometry = Geometry(TOY, points, [])
    leg = measure(TOY, points, [], "C4", "L").legs[0]
    assert leg.ticks == tuple(geometry.position(f"C{k}", "L") for k in range(1, 5))


def test_a_between_leg_counts_cun_region_by_region() -> None:
    points = {"B": _point("B", between=("top", "bottom"), fraction=0.75)}
    m = measure(TOY, points, [], "B", "L")
    [leg] = m.legs
    assert m.target == (300.0, 250.0)
    assert leg.cun == pytest.approx(12.5)  # 100 units at 10 a cun, then 50 at 20
    assert [y for _, y in leg.ticks] == pytest.approx([110.0 + 10 * k for k in range(10)] + [220.0, 240.0])
    assert m.text == "3/4 of the way from the top to the bottom."
