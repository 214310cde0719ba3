"""Pain regions: the drawn points fall in the regions of their own channel's course, and the marks tell the course."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect
from itertools import pairwise
from pathlib import Path

import pytest

from acuviewer.bodymap.bundle import MapBundle, Spot
from acuviewer.bodymap.figure import VIEWS
from acuviewer.bodymap.outline import figure_shapes
from acuviewer.bodymap.prerender import load_maps
from acuviewer.bodymap.smooth import polylines
from acuviewer.catalogue.repository import Repository
from acuviewer.planner.regions import (
    Region,
    course_from_regions,
    inside,
    involves_low_back,
    region_at,
    regions,
    side_at,
)

LEG_IDS = {"back-of-thigh", "side-of-thigh", "front-of-thigh", "back-of-calf", "side-of-leg", "front-of-leg"}
LEG_IDS |= {"outer-ankle-top-of-foot", "heel-little-toe"}


@pytest.fixture(scope="module")
def maps(real_catalogue: Path) -> dict[str, MapBundle]:
    with Repository.open(real_catalogue) as repo:
        return load_maps(real_catalogue, repo)


def _codes(channel: str, *spans: tuple[int, int]) -> set[str]:
    return {f"{channel}{n}" for first, last in spans for n in range(first, last + 1)}


def _spots(maps: dict[str, MapBundle], codes: set[str], views: tuple[str, ...]) -> list[tuple[str, Spot]]:
    return [(view, s) for view in views for s in maps[view].spots if s.code in codes]


def _region(view: str, region_id: str) -> Region:
    return next(r for r in regions(view) if r.id == region_id)


def test_bladder_leg_points_fall_on_the_posterior_course(maps: dict[str, MapBundle]) -> None:
    codes = _codes("BL", (36, 40), (55, 60), (67, 67))
    spots = _spots(maps, codes, ("posterior", "lateral"))
    assert {s.code for _, s in spots} == codes  # every one of them is drawn on at least one of the two views
    for view, spot in spots:
        region = region_at(view, spot.x, spot.y)
        assert region is not None and region.course == "posterior", (view, spot, region)


@pytest.mark.parametrize("views", [("posterior", "lateral"), ("anterior",)])
def test_gallbladder_leg_points_fall_on_the_lateral_course(maps: dict[str, MapBundle], views: tuple[str, ...]) -> None:
    codes = _codes("GB", (31, 34), (39, 44))
    spots = _spots(maps, codes, views)
    assert spots
    if views != ("anterior",):
        assert {s.code for _, s in spots} == codes
    for view, spot in spots:
        region = region_at(view, spot.x, spot.y)
        assert region is not None and region.course == "lateral", (view, spot, region)


def test_gb30_is_on_the_buttock_which_tells_no_course(maps: dict[str, MapBundle]) -> None:
    # GB30 lies on the buttock, behind the greater trochanter; both types of sciatica are treated through it.
    spots = _spots(maps, {"GB30"}, ("posterior", "lateral"))
    assert {view for view, _ in spots} == {"posterior", "lateral"}
    for view, spot in spots:
        region = region_at(view, spot.x, spot.y)
        assert region is not None and region.id == "buttock" and region.course is None


def test_lumbosacral_points_are_on_the_low_back(maps: dict[str, MapBundle]) -> None:
    codes = _codes("BL", (23, 34)) | {"GV3", "GV4"}
    spots = _spots(maps, codes, ("posterior",))
    assert {"BL23", "BL25", "BL26", "BL31", "BL34", "GV3"} <= {s.code for _, s in spots}
    for view, spot in spots:
        region = region_at(view, spot.x, spot.y)
        assert region is not None and region.id == "low-back", (spot, region)


def test_torso_points_are_not_in_leg_regions(maps: dict[str, MapBundle]) -> None:
    torso = re.compile(r"(BL([1-9]|[12]\d|3[0-5])|GV\d+|EX-B\d+|GB([1-9]|1\d|2[0-6]))$")
    spots = [(view, s) for view in VIEWS for s in maps[view].spots if torso.match(s.code)]
    assert len(spots) > 100
    for view, spot in spots:
        region = region_at(view, spot.x, spot.y)
        assert region is None or region.id not in LEG_IDS, (view, spot, region)


def test_head_chest_and_arms_are_on_no_region() -> None:
    assert region_at("posterior", 400, 150) is None  # the head
    assert region_at("posterior", 360, 400) is None  # the upper back: above the lumbar spine
    assert region_at("anterior", 400, 480) is None  # the chest
    assert region_at("posterior", 180, 900) is None  # the hand hanging beside the thigh
    assert region_at("lateral", 20, 1200) is None  # beside the figure


@pytest.mark.parametrize("view", ["posterior", "anterior"])
def test_the_side_is_the_patients(maps: dict[str, MapBundle], view: str) -> None:
    paired = [s for s in maps[view].spots if s.side in ("L", "R")]
    assert {s.side for s in paired} == {"L", "R"}
    for spot in paired:
        assert side_at(view, spot.x) == spot.side, spot


def test_the_lateral_view_shows_the_right_side() -> None:
    assert {side_at("lateral", x) for x in (0, 399, 400, 800)} == {"R"}
    assert side_at("posterior", 300) == "L" and side_at("anterior", 300) == "R"


@pytest.mark.parametrize(
    ("marked", "course"),
    [
        ((), None),
        (("low-back",), None),
        (("low-back", "buttock"), None),
        (("front-of-thigh",), None),
        (("back-of-thigh",), "posterior"),
        (("low-back", "buttock", "back-of-thigh", "back-of-calf", "heel-little-toe"), "posterior"),
        (("side-of-thigh",), "lateral"),
        (("buttock", "side-of-leg", "outer-ankle-top-of-foot", "front-of-leg"), "lateral"),
        (("back-of-calf", "side-of-leg"), "mixed"),
        (("low-back", "heel-little-toe", "side-of-thigh"), "mixed"),
    ],
)
def test_course_from_regions(marked: tuple[str, ...], course: str | None) -> None:
    found = [r for view in VIEWS for r in regions(view) if r.id in marked]
    assert course_from_regions(found) == course
    assert course_from_regions(iter(found)) == course  # any iterable, read once


def test_low_back_involvement() -> None:
    assert involves_low_back([_region("posterior", "low-back"), _region("lateral", "side-of-leg")])
    assert involves_low_back([_region("lateral", "low-back")])
    assert not involves_low_back([_region("posterior", "buttock"), _region("posterior", "back-of-calf")])
    assert not involves_low_back([])


def test_each_view_has_its_regions() -> None:
    back = {"low-back", "buttock", "back-of-thigh", "side-of-thigh", "back-of-calf", "side-of-leg"}
    back |= {"outer-ankle-top-of-foot", "heel-little-toe"}
    assert {r.id for r in regions("posterior")} == back
    assert {r.id for r in regions("lateral")} == back | {"front-of-thigh"}
    front = {"front-of-thigh", "side-of-thigh", "front-of-leg", "side-of-leg", "outer-ankle-top-of-foot"}
    assert {r.id for r in regions("anterior")} == front | {"heel-little-toe"}
    for view in VIEWS:
        for region in regions(view):
            assert region.view == view and region.label and region.note
            assert region.course in ("posterior", "lateral", None)
            assert len(region.polygons) == (1 if view == "lateral" else 2)  # one per side shown
    assert _region("posterior", "buttock").course is None
    assert "Not a sciatic course" in _region("lateral", "front-of-thigh").note
    assert "Not a sciatic course" in _region("anterior", "front-of-leg").note
    with pytest.raises(dataclasses.FrozenInstanceError):
        regions("posterior")[0].id = "x"  # type: ignore[misc]


def test_unknown_view_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown view"):
        region_at("dorsal", 400, 800)
    with pytest.raises(ValueError, match="unknown view"):
        side_at("dorsal", 400)


def test_inside_handles_concave_polygons() -> None:
    ell = [(0.0, 0.0), (10.0, 0.0), (10.0, 4.0), (4.0, 4.0), (4.0, 10.0), (0.0, 10.0)]
    assert inside(ell, 2, 2) and inside(ell, 8, 2) and inside(ell, 2, 8)
    assert not inside(ell, 8, 8)  # in the notch
    assert not inside(ell, -1, 5) and not inside(ell, 11, 2)
    square_left = [(0.0, 0.0), (5.0, 0.0), (5.0, 5.0), (0.0, 5.0)]
    square_right = [(5.0, 0.0), (10.0, 0.0), (10.0, 5.0), (5.0, 5.0)]
    assert inside(square_left, 5, 2) != inside(square_right, 5, 2)  # a shared edge counts for one of the two


def _body_rows(view: str, step: int) -> dict[int, list[float]]:
    """Where each sampled row crosses the drawn body outline, sorted: inside the body between pairs."""
    outline = polylines(figure_shapes(VIEWS[view])[0].d, steps=12)[0]
    rows: dict[int, list[float]] = {}
    for y in range(step // 2, 1600, step):
        xs = []
        for (x0, y0), (x1, y1) in pairwise(outline):  # the path is closed: it ends where it starts
            if (y0 > y) != (y1 > y):
                xs.append(x0 + (y - y0) * (x1 - x0) / (y1 - y0))
        rows[y] = sorted(xs)
    return rows


@pytest.mark.parametrize(("view", "legs_from"), [("posterior", 1000), ("lateral", 700), ("anterior", 1000)])
def test_regions_tile_the_body_without_overlap(view: str, legs_from: int) -> None:
    """Regions stay on the drawn body, never overlap, and leave no gap on the legs (below the hanging hands)."""
    step, edge = 6, 1.5
    for y, xs in _body_rows(view, step).items():
        for x in range(step // 2, 800, step):
            near_edge = any(abs(x - c) < edge for c in xs)
            in_body = bisect(xs, x) % 2 == 1
            found = [r.id for r in regions(view) if r.contains(x, y)]
            assert len(found) <= 1, (view, x, y, found)
            if not near_edge:
                assert not found or in_body, (view, x, y, found)
                if in_body and y >= legs_from:
                    assert found, (view, x, y)
