"""Proportional cun: points sit where their WHO locations put them, computed from the figure's landmarks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from acuviewer.bodymap.figure import VIEWS, Arc, View, Zone
from acuviewer.bodymap.geometry import Geometry, Unplaceable
from acuviewer.catalogue.model import MapLocation, Needling, Point, Segment
from acuviewer.catalogue.repository import Repository

POSTERIOR, LATERAL, ANTERIOR = VIEWS["posterior"], VIEWS["lateral"], VIEWS["anterior"]


@pytest.fixture(scope="module")
def catalogue(real_catalogue: Path) -> Iterator[tuple[dict[str, Point], list[Segment]]]:
    with Repository.open(real_catalogue) as repo:
        yield {p.code: p for p in repo.points()}, repo.segments()


def _geometry(view: View, catalogue: tuple[dict[str, Point], list[Segment]]) -> Geometry:
    return Geometry(view, *catalogue)


def _lm(view: View, name: str, side: str = "L") -> tuple[float, float]:
    found = view.landmark(name, side)
    assert found is not None, name
    return found


def test_back_shu_points_sit_level_with_their_vertebra(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    g = _geometry(POSTERIOR, catalogue)
    back_cun = (_lm(POSTERIOR, "scapular-spine-medial-end")[0] - 400) / -3  # 3 cun, midline to scapula
    for code, vertebra, cun in (
        ("BL23", "L2", 1.5),
        ("BL25", "L4", 1.5),
        ("BL26", "L5", 1.5),
        ("BL52", "L2", 3.0),
        ("BL17", "T7", 1.5),
        ("BL13", "T3", 1.5),
        ("GV3", "L4", 0),
        ("GV4", "L2", 0),
    ):
        for side in ("L", "R") if cun else ("M",):
            x, y = g.position(code, side)
            assert y == pytest.approx(_lm(POSTERIOR, vertebra)[1]), code
            assert abs(x - 400) == pytest.approx(cun * back_cun, abs=0.01), code
    assert g.position("BL23", "L")[0] < 400 < g.position("BL23", "R")[0]  # seen from behind: left on the left


def test_thigh_and_leg_points_follow_their_segments(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    g = _geometry(POSTERIOR, catalogue)
    fold, crease, malleolus = (_lm(POSTERIOR, n) for n in ("gluteal-fold", "popliteal-crease", "lateral-malleolus"))
    thigh, leg = (crease[1] - fold[1]) / 14, (malleolus[1] - crease[1]) / 16
    assert g.position("BL36", "L") == pytest.approx(fold)
    assert g.position("BL37", "L")[1] == pytest.approx(fold[1] + 6 * thigh)
    assert g.position("BL40", "L") == pytest.approx(crease)
    assert g.position("BL55", "L")[1] == pytest.approx(crease[1] + 2 * leg)
    assert g.position("BL56", "L")[1] == pytest.approx(crease[1] + 5 * leg)
    bl60 = g.position("BL60", "L")
    assert bl60[1] == pytest.approx(malleolus[1])
    tendon = _lm(POSTERIOR, "calcaneal-tendon")
    assert min(malleolus[0], tendon[0]) < bl60[0] < max(malleolus[0], tendon[0])
    assert g.position("BL58", "L")[1] == pytest.approx(bl60[1] - 7 * leg)
    assert g.position("BL59", "L")[1] == pytest.approx(bl60[1] - 3 * leg)


def test_gb30_is_a_third_of_the_way_to_the_sacral_hiatus(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    for view in (POSTERIOR, LATERAL):
        g = _geometry(view, catalogue)
        side = view.sides[0]
        trochanter, hiatus = _lm(view, "greater-trochanter", side), _lm(view, "sacral-hiatus", side)
        x, y = g.position("GB30", side)
        assert x == pytest.approx(trochanter[0] + (hiatus[0] - trochanter[0]) / 3, abs=0.1)
        assert y == pytest.approx(trochanter[1] + (hiatus[1] - trochanter[1]) / 3, abs=0.1)


def test_lateral_leg_points_count_cun_up_from_the_malleolus(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    g = _geometry(LATERAL, catalogue)
    crease, malleolus = _lm(LATERAL, "popliteal-crease", "R"), _lm(LATERAL, "lateral-malleolus", "R")
    leg = (malleolus[1] - crease[1]) / 16
    for code, cun in (("GB35", 7), ("GB36", 7), ("GB37", 5), ("GB38", 4), ("GB39", 3)):
        assert g.position(code, "R")[1] == pytest.approx(malleolus[1] - cun * leg), code
    assert g.position("GB35", "R")[0] < g.position("GB36", "R")[0]  # GB35 behind the fibula, GB36 in front
    head = _lm(LATERAL, "fibular-head", "R")
    gb34 = g.position("GB34", "R")
    assert gb34[0] > head[0] and gb34[1] > head[1]  # in front of and below the fibular head


def test_medial_and_anterior_leg_use_their_own_segments(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    g = _geometry(ANTERIOR, catalogue)
    condyle, medial = _lm(ANTERIOR, "tibia-medial-condyle"), _lm(ANTERIOR, "medial-malleolus")
    assert g.position("SP6", "L")[1] == pytest.approx(medial[1] - 3 * (medial[1] - condyle[1]) / 13)
    eye, lateral = _lm(ANTERIOR, "lateral-knee-eye"), _lm(ANTERIOR, "lateral-malleolus")
    assert g.position("ST36", "L")[1] == pytest.approx(eye[1] + 3 * (lateral[1] - eye[1]) / 16)
    assert g.position("ST36", "R")[0] < 400 < g.position("ST36", "L")[0]  # seen from the front: right on the left


def test_every_point_has_a_place_in_some_view(catalogue: tuple[dict[str, Point], list[Segment]]) -> None:
    points, _ = catalogue
    placed: dict[str, int] = dict.fromkeys(points, 0)
    for view in VIEWS.values():
        g = _geometry(view, catalogue)
        for point in points.values():
            for p in g.place(point):
                assert 0 <= p.x <= 800 and 0 <= p.y <= 1600, (view.name, p)
                placed[p.code] += 1
    assert [code for code, n in placed.items() if n == 0] == []


# Small synthetic views for the rules themselves.
def _point(code: str, **location: object) -> Point:
    m = MapLocation(**location)  # type: ignore[arg-type]
    return Point(
        code, None, None, "", "", "", "", "", (), "", "", Needling("", 0, 0, "", ""), (), "", (), "", (), (), (m,)
    )


TOY = View(
    "posterior",
    {("top", "L"): (300.0, 100.0), ("bottom", "L"): (300.0, 300.0), ("mid", "M"): (400.0, 200.0)},
    zones=(Zone(0, 200, 10, 5), Zone(200, 400, 20, 5)),
    arcs=(Arc("crown", 200, 100, 90, 10),),
)


def test_a_segment_from_the_reference_sets_the_cun() -> None:
    seg = Segment("s", "top", "bottom", 10, "x")  # 200 units / 10 cun = 20 a cun
    g = Geometry(TOY, {"P": _point("P", view="posterior", ref="top", offsets=(("down", 2.0),))}, [seg])
    assert g.position("P", "L") == (300.0, 140.0)


def test_without_a_segment_the_zones_are_walked() -> None:
    g = Geometry(TOY, {"P": _point("P", view="posterior", ref="mid", offsets=(("up", 5.0),))}, [])
    assert g.position("P", "L") == (400.0, 150.0)  # 10 units a cun above y=200
    g = Geometry(TOY, {"Q": _point("Q", view="posterior", ref="top", offsets=(("down", 15.0),))}, [])
    assert g.position("Q", "L") == (300.0, 300.0)  # 10 cun to y=200, then 5 cun of 20 units


def test_lateral_goes_away_from_the_midline_on_each_side() -> None:
    point = _point("P", view="posterior", ref="mid", offsets=(("lateral", 2.0),))
    g = Geometry(TOY, {"P": point}, [])
    assert g.position("P", "L")[0] == 390.0 and g.position("P", "R")[0] == 410.0


def test_circular_references_are_refused() -> None:
    a = _point("A", view="posterior", ref="B")
    b = _point("B", view="posterior", ref="A")
    with pytest.raises(Unplaceable, match="circle"):
        Geometry(TOY, {"A": a, "B": b}, []).position("A", "L")
    with pytest.raises(Unplaceable, match="not drawn"):
        Geometry(TOY, {"C": _point("C", view="posterior", ref="nowhere")}, []).position("C", "L")
