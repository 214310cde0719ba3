"""The SVG contract: ids, landmarks, channels, no transforms, Tiny 1.2, determinism, labels that do not overlap."""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from itertools import combinations
from pathlib import Path

import pytest

from acuviewer.bodymap import ids
from acuviewer.bodymap.figure import VIEWS
from acuviewer.bodymap.geometry import Geometry
from acuviewer.bodymap.labels import Box, text_width
from acuviewer.bodymap.options import MapOptions
from acuviewer.bodymap.render import FONT_SIZE, render_svg
from acuviewer.catalogue.model import Point, Segment
from acuviewer.catalogue.repository import Repository

SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).resolve().parent / "golden"
TINY_ELEMENTS = {"svg", "g", "path", "circle", "rect", "line", "polygon", "text", "defs", "title", "desc"}


@pytest.fixture(scope="module")
def data(real_catalogue: Path) -> Iterator[tuple[list[Point], list[Segment]]]:
    with Repository.open(real_catalogue) as repo:
        yield repo.points(), repo.segments()


@pytest.fixture(scope="module")
def svgs(data: tuple[list[Point], list[Segment]]) -> dict[str, str]:
    return {view: render_svg(*data, MapOptions(view=view)) for view in VIEWS}


def _tree(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _ids(svg: str) -> set[str]:
    return {e.get("id", "") for e in _tree(svg).iter()} - {""}


def test_every_point_appears_with_valid_unique_ids(
    svgs: dict[str, str], data: tuple[list[Point], list[Segment]]
) -> None:
    points, _ = data
    seen: set[str] = set()
    for svg in svgs.values():
        all_ids = [e.get("id") for e in _tree(svg).iter() if e.get("id")]
        assert len(all_ids) == len(set(all_ids))
        for element in _tree(svg).iter(f"{SVG}circle"):
            parsed = ids.parse_point_id(element.get("id", ""))
            if parsed:
                code, _side = parsed
                seen.add(code)
                point = next(p for p in points if p.code == code)
                assert (point.channel or "extra") in element.get("class", "").split()
    assert {p.code for p in points} == seen


def test_back_and_leg_points_on_both_sides_and_gb30_twice(svgs: dict[str, str]) -> None:
    posterior = _ids(svgs["posterior"])
    for code in ("BL23", "BL25", "BL36", "BL37", "BL40", "BL54", "BL57", "BL60", "BL67", "GB30", "EX-B2-L4"):
        assert {ids.point_id(code, "L"), ids.point_id(code, "R")} <= posterior, code
    assert ids.point_id("GV3", "M") in posterior
    assert ids.point_id("GB30", "R") in _ids(svgs["lateral"])


def test_landmarks_each_view_measures_from(svgs: dict[str, str]) -> None:
    posterior = _ids(svgs["posterior"])
    spine = ["C7", *(f"T{i}" for i in range(1, 13)), *(f"L{i}" for i in range(1, 6))]
    assert {ids.landmark_id(v, "M") for v in spine} <= posterior
    assert "lm-sacral-hiatus" in posterior
    for name in ("gluteal-fold", "popliteal-crease", "greater-trochanter", "lateral-malleolus"):
        assert {ids.landmark_id(name, "L"), ids.landmark_id(name, "R")} <= posterior, name
    lateral = _ids(svgs["lateral"])
    for name in ("greater-trochanter", "popliteal-crease", "fibular-head", "lateral-malleolus"):
        assert ids.landmark_id(name, "R") in lateral, name


def test_channels_are_paths_on_each_side(svgs: dict[str, str]) -> None:
    assert {"ch-BL-L", "ch-BL-R", "ch-GB-L", "ch-GB-R"} <= _ids(svgs["posterior"])
    assert {"ch-GB-R", "ch-BL-R"} <= _ids(svgs["lateral"])
    assert {"ch-BL-L", "ch-BL-R"} <= _ids(svgs["anterior"])
    path = next(e for e in _tree(svgs["posterior"]).iter(f"{SVG}path") if e.get("id") == "ch-BL-L")
    assert path.get("d", "").count("C") > 40  # smooth curves through the points


def test_no_transforms_and_only_tiny_elements(svgs: dict[str, str]) -> None:
    for svg in svgs.values():
        root = _tree(svg)
        assert root.get("baseProfile") == "tiny" and root.get("version") == "1.2"
        assert root.get("viewBox") == "0,0,800,1600" or root.get("viewBox") == "0 0 800 1600"
        for element in root.iter():
            assert element.get("transform") is None
            assert element.tag.removeprefix(SVG) in TINY_ELEMENTS, element.tag


def test_circles_sit_where_the_geometry_puts_them(
    svgs: dict[str, str], data: tuple[list[Point], list[Segment]]
) -> None:
    points, segments = data
    geometry = Geometry(VIEWS["posterior"], {p.code: p for p in points}, segments)
    circles = {e.get("id"): e for e in _tree(svgs["posterior"]).iter(f"{SVG}circle")}
    for code in ("BL23", "BL40", "GB30", "BL60"):
        x, y = geometry.position(code, "R")
        circle = circles[ids.point_id(code, "R")]
        assert float(circle.get("cx", "nan")) == pytest.approx(x, abs=0.06)
        assert float(circle.get("cy", "nan")) == pytest.approx(y, abs=0.06)


def test_same_catalogue_same_bytes(data: tuple[list[Point], list[Segment]], svgs: dict[str, str]) -> None:
    assert render_svg(*data, MapOptions(view="posterior")) == svgs["posterior"]


@pytest.mark.parametrize("view", list(VIEWS))
@pytest.mark.parametrize("style", ["code", "pinyin", "hanzi"])
def test_labels_do_not_overlap(data: tuple[list[Point], list[Segment]], view: str, style: str) -> None:
    root = _tree(render_svg(*data, MapOptions(view=view, labels=style)))
    boxes = []
    for text in root.iter(f"{SVG}text"):
        x, y, content = float(text.get("x", "0")), float(text.get("y", "0")), text.text or ""
        boxes.append(Box(x, y - FONT_SIZE * 0.95, text_width(content, FONT_SIZE), FONT_SIZE * 1.2))
    assert len(boxes) == sum(1 for c in root.iter(f"{SVG}circle") if ids.parse_point_id(c.get("id", "")))
    assert not [(a, b) for a, b in combinations(boxes, 2) if a.overlaps(b)]


def test_highlight_and_caution_badges(data: tuple[list[Point], list[Segment]]) -> None:
    svg = render_svg(*data, MapOptions(view="posterior", highlight=frozenset({"BL40"}), cautions=True))
    found = _ids(svg)
    assert {"hl-BL40-L", "hl-BL40-R"} <= found
    assert {"badge-GB21-L", "badge-BL60-L", "badge-BL67-R"} <= found  # pneumothorax, pregnancy, disputed
    assert not any(i.startswith("badge-") for i in _ids(render_svg(*data, MapOptions(view="posterior"))))
    plain = render_svg(*data, MapOptions(view="posterior", labels="none", channels=frozenset({"GB"})))
    drawn = {ids.parse_point_id(i) for i in _ids(plain)} - {None}
    assert drawn and all(code.startswith("GB") for code, _ in drawn)  # type: ignore[misc]
    assert "<text" not in plain


def test_golden_fixture_map(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        svg = render_svg(repo.points(), repo.segments(), MapOptions(view="posterior", cautions=True))
    golden = GOLDEN / "fixture-posterior.svg"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(svg, encoding="utf-8")
    assert svg == golden.read_text(encoding="utf-8"), "rerun with UPDATE_GOLDEN=1 if the change is intended"
    assert re.search(r'id="pt-GB30-L"', svg)
