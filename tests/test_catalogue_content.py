"""The real catalogue: complete channels, every field for every point, the safety hot-spots, and own words."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from acuviewer.catalogue.model import Point
from acuviewer.catalogue.repository import Repository
from acuviewer.catalogue.text import fold, has_cjk

SHARED_SOURCES = Path(__file__).resolve().parent.parent.parent / "shared" / "sources"
PRESCRIBED = [
    "GB30",
    "GB34",
    "BL54",
    "BL36",
    "BL37",
    "BL40",
    "BL57",
    "BL60",
    "GB31",
    "GB33",
    "GB38",
    "GB39",
    "GB41",
    "BL23",
    "BL25",
    "GV3",
    "GV4",
    "BL17",
    "LR3",
    "LI4",
    "KI3",
    "KI4",
    "ST36",
    "SP6",
    "SP10",
    "SI3",
    "GV14",
    "GV26",
    "EX-B2-L1",
    "EX-B2-L2",
    "EX-B2-L3",
    "EX-B2-L4",
    "EX-B2-L5",
    "EX-B7",
    "EX-B8",
    "Huanzhong",
]


@pytest.fixture(scope="module")
def repo(real_catalogue: Path) -> Iterator[Repository]:
    with Repository.open(real_catalogue) as repository:
        yield repository


@pytest.fixture(scope="module")
def points(repo: Repository) -> list[Point]:
    return [p for p in map(repo.point, repo.point_codes()) if p is not None]


def _point(repo: Repository, code: str) -> Point:
    point = repo.point(code)
    assert point is not None, code
    return point


@pytest.mark.parametrize(("code", "count"), [("BL", 67), ("GB", 44)])
def test_bladder_and_gallbladder_are_complete_in_flow_order(repo: Repository, code: str, count: int) -> None:
    channel = repo.channel(code)
    assert channel is not None
    assert channel.point_count == count
    assert channel.points == tuple(f"{code}{n}" for n in range(1, count + 1))


def test_governor_vessel_holds_the_low_back_points(repo: Repository) -> None:
    channel = repo.channel("GV")
    assert channel is not None and channel.point_count == 28
    assert {"GV3", "GV4"} <= set(channel.points)
    numbers = [int(c[2:]) for c in channel.points]
    assert numbers == sorted(numbers)


@pytest.mark.parametrize("code", PRESCRIBED)
def test_every_prescribed_point_is_there(repo: Repository, code: str) -> None:
    assert repo.point(code) is not None


def test_ashi_is_a_concept_not_a_located_point(repo: Repository) -> None:
    assert repo.point("Ashi") is None
    concept = repo.concept("ashi")
    assert concept is not None and "tender" in concept.description.lower()


def test_every_point_has_every_field(points: list[Point]) -> None:
    assert len(points) >= 67 + 44 + 15
    for p in points:
        where = p.code
        assert all((p.pinyin, p.pinyin_toned, p.english, p.location, p.actions, p.indications, p.map)), where
        assert has_cjk(p.hanzi) and has_cjk(p.hanzi_traditional), where
        assert fold(p.pinyin) == fold(p.pinyin_toned), where  # the toned and plain spellings agree
        assert p.pinyin_toned != p.pinyin or not re.search(r"[a-z]", p.pinyin), where  # tones are marked
        assert p.needling.angle and 0 < p.needling.depth_max <= 4 and p.needling.depth_min <= p.needling.depth_max
        assert p.location_source and p.needling.source and p.actions_source and p.categories_source, where
        assert all(i.source for i in p.indications) and all(c.source for c in p.cautions), where
        assert len(p.location) < 400, where  # a location is a sentence or two, not a copied paragraph


def test_channel_points_are_numbered_like_their_codes(points: list[Point]) -> None:
    for p in points:
        if p.channel:
            assert p.code == f"{p.channel}{p.number}"
        else:
            assert p.number is None and (p.code.startswith("EX-") or p.code == "Huanzhong")


def _flags(repo: Repository, code: str) -> set[tuple[str, str]]:
    return {(c.kind, c.strength) for c in _point(repo, code).cautions}


@pytest.mark.parametrize(
    ("codes", "flag"),
    [
        (["GB21"], ("pneumothorax", "caution")),
        (["GB21", "BL60"], ("pregnancy", "contraindicated")),
        ([f"BL{n}" for n in (*range(11, 22), *range(41, 51))], ("pneumothorax", "caution")),
        (["BL40"], ("vessel", "caution")),
        (["GB30", "BL54"], ("nerve", "caution")),
        (["BL67"], ("pregnancy", "disputed")),
        (["BL1"], ("eye", "caution")),
        (["SP6", "LI4"], ("pregnancy", "contraindicated")),
    ],
)
def test_safety_hot_spots_are_flagged(repo: Repository, codes: list[str], flag: tuple[str, str]) -> None:
    for code in codes:
        assert flag in _flags(repo, code), code


def test_more_hot_spots(repo: Repository) -> None:
    assert any(kind == "no-moxa" for kind, _ in _flags(repo, "BL1"))
    assert any(kind == "no-moxa" for kind, _ in _flags(repo, "BL40"))
    assert any(kind in ("nerve", "other") for kind, _ in _flags(repo, "GB20"))
    for n in range(27, 35):
        assert any(kind == "pregnancy" for kind, _ in _flags(repo, f"BL{n}")), n


@pytest.mark.parametrize(("code", "alias"), [("BL2", "Cuanzhu"), ("BL43", "Gaohuangshu"), ("BL61", "Pushen")])
def test_other_names_are_aliases_and_searchable(repo: Repository, code: str, alias: str) -> None:
    point = _point(repo, code)
    assert alias in point.aliases
    assert repo.search(alias)[0].code == code


def test_location_standards_that_differ_are_kept(repo: Repository) -> None:
    gb32 = _point(repo, "GB32")
    assert "7" in gb32.location and gb32.location_source == "who2008"
    assert any(v.source == "cheng1999" and "5" in v.text for v in gb32.location_variants)


def test_sciatica_points_carry_a_sciatica_indication(repo: Repository) -> None:
    for code in ("GB30", "GB34", "BL36", "BL37", "BL40", "BL54", "BL57", "BL60"):
        assert any(i.sciatica for i in _point(repo, code).indications), code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("bl40", "BL40"),
        ("BL 40", "BL40"),
        ("bl-40", "BL40"),
        ("Bl40", "BL40"),
        ("weizhong", "BL40"),
        ("Wěizhōng", "BL40"),
        ("wei zhong", "BL40"),
        ("委中", "BL40"),
        ("陽陵泉", "GB34"),
        ("阳陵泉", "GB34"),
        ("yanglingquan", "GB34"),
        ("huantiao", "GB30"),
        ("環跳", "GB30"),
        ("Jumping Circle", "GB30"),
        ("kunlun", "BL60"),
        ("ex-b7", "EX-B7"),
        ("yaoyan", "EX-B7"),
        ("huanzhong", "Huanzhong"),
        ("Du4", "GV4"),
    ],
)
def test_search_the_real_catalogue(repo: Repository, text: str, code: str) -> None:
    assert repo.search(text)[0].code == code


def test_full_text_search_finds_sciatica_points(repo: Repository) -> None:
    found = {h.code for h in repo.search("sciatica", 100)}
    assert {"GB30", "BL36", "BL40", "BL54"} <= found


def test_sources_cite_the_articles_by_file_name(repo: Repository) -> None:
    citations = " ".join(s.citation for s in repo.sources())
    names = re.findall(r"\d{3}_[0-9a-f]{16}\.txt", citations)
    assert len(names) == 5
    if SHARED_SOURCES.is_dir():
        assert all((SHARED_SOURCES / name).is_file() for name in names)


def _shingles(text: str, size: int = 8) -> set[str]:
    words = re.findall(r"[a-z0-9']+", text.lower())
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


@pytest.mark.skipif(not SHARED_SOURCES.is_dir(), reason="the clinic articles are not beside this checkout")
def test_no_sentence_is_copied_from_the_articles(repo: Repository, points: list[Point]) -> None:
    article_shingles = set().union(*(_shingles(p.read_text("utf-8")) for p in SHARED_SOURCES.glob("0*.txt")))
    ours = " \n ".join(
        " ".join((p.location, *p.actions, *(i.text for i in p.indications), *(c.note for c in p.cautions)))
        for p in points
    )
    assert article_shingles and not (_shingles(ours) & article_shingles)
