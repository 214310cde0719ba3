"""Search: exact code first in any spelling, then names and aliases, then full text; never an error."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acuviewer.catalogue.repository import Repository


@pytest.fixture
def repo(fixture_catalogue: Path) -> Repository:
    return Repository.open(fixture_catalogue)


def _codes(repo: Repository, text: str) -> list[str]:
    return [h.code for h in repo.search(text)]


@pytest.mark.parametrize("text", ["bl40", "BL 40", "bl-40", "Bl40", "BL40", " bl 40 ", "UB40", "ub-40"])
def test_code_spellings(repo: Repository, text: str) -> None:
    hits = repo.search(text)
    assert hits[0].code == "BL40"
    assert hits[0].matched == "code"


@pytest.mark.parametrize("text", ["weizhong", "Wěizhōng", "wei zhong", "WEIZHONG", "Wei-zhong", "weizh"])
def test_pinyin_with_or_without_tones_and_spaces(repo: Repository, text: str) -> None:
    assert _codes(repo, text)[0] == "BL40"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("委中", "BL40"),
        ("委", "BL40"),
        ("环跳", "GB30"),
        ("環跳", "GB30"),
        ("環", "GB30"),
        ("陵泉", "GB34"),
        ("陽陵", "GB34"),
    ],
)
def test_hanzi_simplified_or_traditional_whole_or_part(repo: Repository, text: str, code: str) -> None:
    assert _codes(repo, text)[0] == code


def test_english_alias_and_full_text(repo: Repository) -> None:
    assert _codes(repo, "bend middle")[0] == "BL40"
    assert _codes(repo, "Jumping")[0] == "GB30"
    assert _codes(repo, "xuexi")[0] == "BL40"
    assert _codes(repo, "血郄")[0] == "BL40"
    hit = repo.search("sciatica")[0]
    assert (hit.code, hit.matched) == ("GB30", "text")
    assert set(_codes(repo, "popliteal")) == {"BL40"}  # location text


def test_exact_code_ranks_before_everything_else(repo: Repository) -> None:
    assert _codes(repo, "gb30")[0] == "GB30"
    assert _codes(repo, "GB")[:2] == ["GB30", "GB34"]  # code prefix, in flow order


def test_no_match_is_an_empty_list(repo: Repository) -> None:
    assert repo.search("zzzzqqq") == []
    assert repo.search("") == []
    assert repo.search("   ") == []


NASTY = [
    '"',
    "'",
    '"weizhong',
    "AND",
    "OR NOT",
    "NEAR(a b)",
    "*",
    "bl*",
    "(",
    ")",
    "[x]",
    "{}",
    "a:b",
    "^",
    "-",
    "x" * 10_000,
    "😀",
    "🩺 weizhong",
    "\x00",
    "\x00bl40",
    "\x1b[31m",
    "\ud800",
    "%",
    "_",
    "\\",
    "; DROP TABLE",
    "col:weizhong",
    "\u200b",
    "\ufeffbl40",
]


@pytest.mark.parametrize("text", NASTY)
def test_nasty_input_never_raises(repo: Repository, text: str) -> None:
    assert isinstance(repo.search(text), list)


def test_a_control_character_does_not_hide_a_code(repo: Repository) -> None:
    assert _codes(repo, "\x00bl40")[0] == "BL40"


# The catalogue is only read, so sharing one across generated inputs is safe.
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=300), limit=st.integers(min_value=1, max_value=50))
def test_any_text_returns_a_list(fixture_catalogue: Path, text: str, limit: int) -> None:
    with Repository.open(fixture_catalogue) as repo:
        hits = repo.search(text, limit)
    assert len(hits) <= limit
    assert len({h.code for h in hits}) == len(hits)
