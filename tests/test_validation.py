"""Validation collects every problem, each with file, entry and field, and never touches the old catalogue."""

from __future__ import annotations

import re
from pathlib import Path

from acuviewer.catalogue.build import build_catalogue
from acuviewer.catalogue.validate import load_catalogue


def _problems(db: Path) -> list[str]:
    catalogue, problems = load_catalogue(db)
    assert (catalogue is None) == bool(problems)
    return [str(p) for p in problems]


def _edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def test_fixture_sources_are_clean(fixture_db: Path) -> None:
    assert _problems(fixture_db) == []


def test_duplicate_code(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", 'code = "BL36"\nnumber = 36', 'code = "BL40"\nnumber = 40')
    assert _problems(fixture_db) == ["points/BL.toml: BL40: code: duplicate code 'BL40'"]


def test_duplicate_code_across_files(fixture_db: Path) -> None:
    extra = (fixture_db / "points" / "BL.toml").read_text(encoding="utf-8").split("\n\n[[point]]")[0]
    (fixture_db / "points" / "more.toml").write_text(extra, encoding="utf-8")
    assert _problems(fixture_db) == ["points/more.toml: BL40: code: duplicate code (also in points/BL.toml)"]


def test_unknown_channel(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "GB.toml", 'code = "GB34"\nnumber = 34', 'code = "ZZ34"\nnumber = 34')
    assert _problems(fixture_db) == ["points/GB.toml: ZZ34: channel: unknown channel 'ZZ'"]


def test_link_to_unknown_point(fixture_db: Path) -> None:
    _edit(
        fixture_db / "points" / "GB.toml",
        'between = ["greater-trochanter", "sacral-hiatus"]',
        'between = ["greater-trochanter", "GV99"]',
    )
    assert _problems(fixture_db) == [
        "points/GB.toml: GB30: map[0].between: link to an unknown point or landmark 'GV99'"
    ]


def test_missing_required_field(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", 'english = "Bend Middle"\n', "")
    assert _problems(fixture_db) == ["points/BL.toml: BL40: english: missing required field"]


def test_bad_numbers(fixture_db: Path) -> None:
    _edit(
        fixture_db / "points" / "BL.toml",
        "depth_min = 0.5, depth_max = 1.0",
        'depth_min = 2.0, depth_max = "deep"',
    )
    _edit(fixture_db / "points" / "GB.toml", "fraction = 0.3333", "fraction = 1.5")
    _edit(fixture_db / "landmarks.toml", "cun = 14", "cun = -14")
    assert sorted(_problems(fixture_db)) == [
        "landmarks.toml: thigh-posterior: cun: bad number: -14 is below 0.5",
        "points/BL.toml: BL40: needling.depth_max: bad number: 'deep'",
        "points/GB.toml: GB30: map[0].fraction: bad number: 1.5 is above 1",
    ]


def test_number_must_match_code(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", "number = 36", "number = 37")
    assert _problems(fixture_db) == ["points/BL.toml: BL36: number: bad number: 37 does not match the code BL36"]


def test_unknown_source_category_and_vocabulary(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", 'location_source = "who2008"', 'location_source = "who2099"')
    _edit(fixture_db / "points" / "BL.toml", 'kind = "he-sea"', 'kind = "he-see"')
    _edit(fixture_db / "points" / "BL.toml", 'strength = "caution"', 'strength = "maybe"')
    found = _problems(fixture_db)
    assert "points/BL.toml: BL40: location_source: unknown source 'who2099'" in found
    assert "points/BL.toml: BL40: categories[0].kind: unknown category 'he-see'" in found
    assert any(
        re.fullmatch(r"points/BL.toml: BL40: caution\[0\].strength: 'maybe' is not one of: .*", f) for f in found
    )
    assert len(found) == 3


def test_typo_in_a_field_name(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", "aliases = []", "alias = []")
    assert _problems(fixture_db) == [
        "points/BL.toml: BL36: alias: unknown field (a typo?)",
        "points/BL.toml: BL36: aliases: missing required field",
    ]


def test_bad_toml_and_missing_file(fixture_db: Path) -> None:
    (fixture_db / "points" / "broken.toml").write_text('[[point]]\ncode = "BL1\n', encoding="utf-8")
    (fixture_db / "categories.toml").unlink()
    found = _problems(fixture_db)
    assert "categories.toml: file is missing" in found
    assert any(f.startswith("points/broken.toml: not valid TOML") for f in found)


def test_every_problem_is_collected(fixture_db: Path) -> None:
    _edit(fixture_db / "points" / "BL.toml", 'english = "Bend Middle"\n', "")
    _edit(fixture_db / "points" / "GB.toml", 'code = "GB34"\nnumber = 34', 'code = "ZZ34"\nnumber = 34')
    _edit(fixture_db / "points" / "GB.toml", "fraction = 0.3333", "fraction = 2")
    assert len(_problems(fixture_db)) == 3


def test_failed_build_leaves_the_existing_catalogue(fixture_db: Path, tmp_path: Path) -> None:
    output = tmp_path / "catalogue.sqlite"
    assert build_catalogue(fixture_db, output) == []
    before = output.read_bytes()
    _edit(fixture_db / "points" / "BL.toml", 'english = "Bend Middle"\n', "")
    assert build_catalogue(fixture_db, output) != []
    assert output.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))
