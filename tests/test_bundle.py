"""Pre-rendered maps: saved beside the catalogue, read back only when fresh, rebuilt when damaged or stale."""

from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from acuviewer.bodymap import bundle
from acuviewer.bodymap.ids import layer_id, parse_point_id
from acuviewer.bodymap.options import FAMILIES, family
from acuviewer.bodymap.prerender import load_maps
from acuviewer.catalogue.repository import Repository


def test_maps_are_saved_and_read_back(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        first = load_maps(fixture_catalogue, repo)
        path = bundle.maps_path(fixture_catalogue)
        assert path.is_file()
        assert bundle.read_maps(path, bundle.maps_key(repo.source_hash())) == first
        assert load_maps(fixture_catalogue, repo) == first
    assert set(first) == {"posterior", "lateral", "anterior"}


def test_spots_are_where_the_svg_draws_each_point(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        maps = load_maps(fixture_catalogue, repo)
        channels = {p.code: p.channel for p in repo.points()}
    for view, b in maps.items():
        circles = {}
        for element in ET.fromstring(b.svg).iter("{http://www.w3.org/2000/svg}circle"):
            parsed = parse_point_id(element.get("id", ""))
            if parsed:
                circles[parsed] = (float(element.get("cx", "nan")), float(element.get("cy", "nan")))
        assert {(s.code, s.side): (s.x, s.y) for s in b.spots} == circles, view
        assert all(s.family == family(channels[s.code]) for s in b.spots)


def test_every_layer_has_a_group_per_family(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        svg = load_maps(fixture_catalogue, repo)["posterior"].svg
    root = ET.fromstring(svg)
    groups = {g.get("id"): g for g in root.iter("{http://www.w3.org/2000/svg}g")}
    for layer in ("channels", "cautions", "points", "labels"):
        for fam in FAMILIES:
            assert layer_id(layer, fam) in groups
    bl_points = {parse_point_id(c.get("id", "")) for c in groups[layer_id("points", "BL")]}
    assert ("BL40", "L") in bl_points and not any(code.startswith("GB") for code, _ in filter(None, bl_points))


@pytest.mark.parametrize("damage", [b"", b"{not json", b'{"key": 1}', b'{"key": "x", "views": []}'])
def test_damaged_or_stale_maps_are_rendered_again(fixture_catalogue: Path, damage: bytes) -> None:
    path = bundle.maps_path(fixture_catalogue)
    path.write_bytes(damage)
    with Repository.open(fixture_catalogue) as repo:
        maps = load_maps(fixture_catalogue, repo)
        assert maps["posterior"].spots
        assert bundle.read_maps(path, bundle.maps_key(repo.source_hash())) == maps  # and saved again


def test_a_change_of_drawing_code_or_sources_changes_the_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert bundle.maps_key("a") != bundle.maps_key("b")
    assert bundle.maps_key("a") == bundle.maps_key("a")
    code = tmp_path / "bodymap"
    code.mkdir()
    for module in bundle.BODYMAP_DIR.glob("*.py"):
        (code / module.name).write_bytes(module.read_bytes())
    monkeypatch.setattr(bundle, "BODYMAP_DIR", code)
    before = bundle.maps_key("a")
    render = code / "render.py"
    render.write_text(render.read_text(encoding="utf-8") + "\n# a one-line change\n", encoding="utf-8")
    assert bundle.maps_key("a") != before


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_still_gives_maps(fixture_catalogue: Path) -> None:
    folder = fixture_catalogue.parent
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with Repository.open(fixture_catalogue) as repo:
            assert load_maps(fixture_catalogue, repo)["lateral"].spots
    finally:
        folder.chmod(stat.S_IRWXU)


def test_write_maps_fails_cleanly_in_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        bundle.write_maps(tmp_path / "absent" / "x.maps.json", "k", {})
    assert not list(tmp_path.glob("**/*.tmp"))
