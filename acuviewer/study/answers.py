"""Checking a student's answer and turning it into a spaced-repetition rating (FSRS: 1 Again .. 4 Easy)."""

from __future__ import annotations

import math
from collections.abc import Collection

from acuviewer.catalogue.model import Point
from acuviewer.catalogue.text import code_key, fold

# FSRS ratings. Easy is never given automatically: a right answer says nothing about how effortless it was.
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4

# A point is a small depression found by palpation; the WHO standard places points to about half a cun, so a
# click within that is the point itself. Within a cun the student is in the right spot but would still have to
# search by touch, so it counts as a hesitant (Hard) recall; further off it is a miss.
GOOD_WITHIN_CUN = 0.5
HARD_WITHIN_CUN = 1.0


def typed_name_correct(point: Point, typed: str) -> bool:
    """Whether the typed text names the point: its code in any spelling ("gb-34", "GB 34"), its pinyin with or
    without tones, case, spaces or hyphens ("Yang Ling Quan"; ü typed as u or v), its hanzi (simplified or
    traditional) or one of its recorded aliases. Only a whole name counts, never a part of one."""
    key = fold(typed)
    if not key:
        return False
    if code_key(typed) == code_key(point.code):
        return True
    # fold() turns ü into u; pinyin has no letter v, so a typed v can only stand for ü.
    spoken = key.replace("v", "u")
    names = (point.pinyin, point.pinyin_toned, point.hanzi, point.hanzi_traditional, *point.aliases)
    return any(fold(name) in (key, spoken) for name in names if fold(name))


def rating_for_distance(cun: float) -> int:
    """The rating for a click `cun` proportional cun from the point (the nearest side it is drawn on)."""
    if not cun >= 0:  # also refuses NaN
        raise ValueError(f"a distance cannot be {cun!r}")
    if cun <= GOOD_WITHIN_CUN:
        return GOOD
    if cun <= HARD_WITHIN_CUN:
        return HARD
    return AGAIN


def rating_for_choice(chosen: Collection[str], answers: Collection[str]) -> int:
    """Good when the choices are exactly the right ones (every right one, nothing else); otherwise Again: a
    prescription half remembered is not yet learnt."""
    return GOOD if answers and set(chosen) == set(answers) else AGAIN


def describe_distance(cun: float) -> str:
    """ "0.3 cun off — right", "0.8 cun off — close", "1.4 cun off"."""
    rating = rating_for_distance(cun)
    # Rounded up, so the number shown never looks better than the rating (0.54 shows 0.6, "close").
    shown = math.ceil(round(cun * 10, 6)) / 10
    word = {GOOD: " — right", HARD: " — close"}.get(rating, "")
    return f"{shown:.1f} cun off{word}"
