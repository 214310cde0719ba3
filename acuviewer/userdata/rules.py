"""What a plan or a study record may hold: types, allowed values and bounded lengths, checked before storing."""

from __future__ import annotations

import json
import math
from collections.abc import Callable

from acuviewer.userdata import timestamps
from acuviewer.userdata.model import (
    MAP_HEIGHT,
    MAP_WIDTH,
    ROLES,
    SIDES,
    STUDY_KINDS,
    VIEWS,
    AshiPoint,
    Plan,
    PlanPoint,
    Session,
    StudyCard,
)

# Generous bounds: they exist so that a damaged or hostile file cannot fill the disk or the window, not to
# second-guess a practitioner.
MAX_NAME = 200
MAX_LABEL = 200  # condition, course, patterns, flags, red flags
MAX_CODE = 32
MAX_REASON = 2_000
MAX_TEXT = 100_000  # plan notes, ashi notes and point notes
MAX_LABELS = 100
MAX_POINTS = 500
MAX_ASHI = 500
MAX_EA_PAIRS = 50
MAX_RETENTION_MIN = 600
MAX_FREQUENCY_HZ = 1_000.0
MAX_STATE = 10_000  # an fsrs 6 card is about 200 characters of JSON
MAX_DETAIL = 2_000  # a review's detail: "0.4 cun off", or the answer typed
MAX_COUNT = 1_000_000  # reviews and lapses of one card
RATINGS = (1, 2, 3, 4)  # fsrs Rating: Again, Hard, Good, Easy


def text_problem(value: object, field: str, limit: int, *, required: bool = False) -> str | None:
    if not isinstance(value, str):
        return f"{field} must be text (got {type(value).__name__})"
    if required and not value.strip():
        return f"{field} must not be empty"
    if len(value) > limit:
        return f"{field} is longer than {limit} characters"
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates, e.g. from "\ud800" in a JSON file
        return f"{field} contains characters that cannot be stored"
    return None


def code_problem(value: object, field: str) -> str | None:
    return text_problem(value, field, MAX_CODE, required=True)


def plan_problem(plan: Plan) -> str | None:
    """The first thing wrong with `plan`, as a phrase naming the field, or None when it may be stored."""
    if not isinstance(plan, Plan):
        return f"a plan was expected (got {type(plan).__name__})"
    if plan.id is not None and (type(plan.id) is not int or plan.id < 1):
        return "id must be a positive whole number or empty"
    return (
        text_problem(plan.name, "name", MAX_NAME, required=True)
        or text_problem(plan.condition, "condition", MAX_LABEL)
        or text_problem(plan.course, "course", MAX_LABEL)
        or _labels_problem(plan.patterns, "patterns")
        or _labels_problem(plan.flags, "flags")
        or _labels_problem(plan.red_flags, "red_flags")
        or _points_problem(plan.points)
        or _ashi_problem(plan.ashi)
        or _session_problem(plan.session)
        or text_problem(plan.notes, "notes", MAX_TEXT)
        or text_problem(plan.created, "created", 64)
        or text_problem(plan.modified, "modified", 64)
    )


def _list_problem(values: object, field: str, limit: int, item: Callable[[object, str], str | None]) -> str | None:
    """The first problem of a list field: not a list, too long, or the first entry `item` finds wrong."""
    if not isinstance(values, tuple):
        return f"{field} must be a list"
    if len(values) > limit:
        return f"{field} has more than {limit} entries"
    return next((p for i, v in enumerate(values) if (p := item(v, f"{field}[{i}]"))), None)


def _labels_problem(values: object, field: str) -> str | None:
    return _list_problem(values, field, MAX_LABELS, lambda v, f: text_problem(v, f, MAX_LABEL, required=True))


def _points_problem(points: object) -> str | None:
    return _list_problem(points, "points", MAX_POINTS, _point_problem)


def _point_problem(point: object, field: str) -> str | None:
    if not isinstance(point, PlanPoint):
        return f"{field} must be a point"
    return (
        code_problem(point.code, f"{field}.code")
        or _choice_problem(point.role, f"{field}.role", ROLES)
        or text_problem(point.reason, f"{field}.reason", MAX_REASON)
    )


def _ashi_problem(ashi: object) -> str | None:
    return _list_problem(ashi, "ashi", MAX_ASHI, _one_ashi_problem)


def _one_ashi_problem(point: object, field: str) -> str | None:
    if not isinstance(point, AshiPoint):
        return f"{field} must be an ashi point"
    return (
        _choice_problem(point.view, f"{field}.view", VIEWS)
        or _number_problem(point.x, f"{field}.x", 0.0, MAP_WIDTH)
        or _number_problem(point.y, f"{field}.y", 0.0, MAP_HEIGHT)
        or _choice_problem(point.side, f"{field}.side", SIDES)
        or text_problem(point.note, f"{field}.note", MAX_TEXT)
    )


def _session_problem(session: object) -> str | None:
    if not isinstance(session, Session):
        return "session must be a session"
    retention = session.retention_min
    if retention is not None and (type(retention) is not int or not 0 <= retention <= MAX_RETENTION_MIN):
        return f"session.retention_min must be a whole number of minutes from 0 to {MAX_RETENTION_MIN} or empty"
    if session.ea_frequency_hz is not None:
        problem = _number_problem(session.ea_frequency_hz, "session.ea_frequency_hz", 0.0, MAX_FREQUENCY_HZ)
        if problem:
            return problem
    if type(session.cupping) is not bool:
        return "session.cupping must be true or false"
    if type(session.moxa) is not bool:
        return "session.moxa must be true or false"
    pairs = session.ea_pairs
    if not isinstance(pairs, tuple):
        return "session.ea_pairs must be a list"
    if len(pairs) > MAX_EA_PAIRS:
        return f"session.ea_pairs has more than {MAX_EA_PAIRS} entries"
    for index, pair in enumerate(pairs):
        field = f"session.ea_pairs[{index}]"
        if not isinstance(pair, tuple) or len(pair) != 2:
            return f"{field} must be a pair of point codes"
        problem = code_problem(pair[0], f"{field}[0]") or code_problem(pair[1], f"{field}[1]")
        if problem:
            return problem
    return None


def _choice_problem(value: object, field: str, allowed: tuple[str, ...]) -> str | None:
    if not isinstance(value, str) or value not in allowed:
        shown = repr(value[:40]) if isinstance(value, str) else type(value).__name__
        return f"{field} must be one of {', '.join(allowed)} (got {shown})"
    return None


def _number_problem(value: object, field: str, low: float, high: float) -> str | None:
    problem = f"{field} must be a number from {low:g} to {high:g}"
    # bool is an int in Python, but true/false is never a coordinate or a frequency
    if isinstance(value, bool) or not isinstance(value, int | float):
        return problem
    # ints are compared exactly: math.isfinite would overflow on a huge one
    if (isinstance(value, float) and not math.isfinite(value)) or not low <= value <= high:
        return problem
    return None


def study_card_problem(card: object) -> str | None:
    """The first thing wrong with a study card, as a phrase naming the field, or None when it may be stored."""
    if not isinstance(card, StudyCard):
        return f"a study card was expected (got {type(card).__name__})"
    problem = (
        code_problem(card.code, "code")
        or _choice_problem(card.kind, "kind", STUDY_KINDS)
        or text_problem(card.card_id, "card_id", MAX_CODE + 20, required=True)
    )
    if problem:
        return problem
    if card.card_id != f"{card.kind}:{card.code}":
        return f"card_id must be {card.kind}:{card.code} (got {card.card_id[:60]!r})"
    return (
        _state_problem(card.state)
        or _time_problem(card.due, "due")
        or _count_problem(card.reviews, "reviews")
        or _count_problem(card.lapses, "lapses")
        or (None if card.last_rating is None else rating_problem(card.last_rating, "last_rating"))
        or (None if card.last_review is None else _time_problem(card.last_review, "last_review"))
    )


def review_problem(rating: object, reviewed: object, detail: object) -> str | None:
    """The first thing wrong with a review's rating, time or detail, or None."""
    return (
        rating_problem(rating, "the rating")
        or _time_problem(reviewed, "the review time")
        or text_problem(detail, "the detail", MAX_DETAIL)
    )


def rating_problem(value: object, field: str) -> str | None:
    # type() is int, not isinstance: True is an int in Python, but never a rating
    if type(value) is not int or value not in RATINGS:
        return f"{field} must be 1 (again), 2 (hard), 3 (good) or 4 (easy) (got {_shown(value)})"
    return None


def _state_problem(state: object) -> str | None:
    problem = text_problem(state, "state", MAX_STATE, required=True)
    if problem:
        return problem
    if not isinstance(state, str):  # already refused above; this tells mypy
        return "state must be text"
    try:
        parsed = json.loads(state)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError; RecursionError: "[[[[..." nested deep
        return "state must be the card's scheduling state as JSON (it is not JSON)"
    if not isinstance(parsed, dict):
        return f"state must be a JSON object (got a JSON {type(parsed).__name__})"
    return None


def _time_problem(value: object, field: str) -> str | None:
    if not isinstance(value, str) or len(value) > 64 or timestamps.utc_isoformat(value) is None:
        example = "2026-11-21T09:03:18+00:00"
        return f"{field} must be an ISO 8601 time with a time zone, e.g. {example} (got {_shown(value)})"
    return None


def _count_problem(value: object, field: str) -> str | None:
    if type(value) is not int or not 0 <= value <= MAX_COUNT:
        return f"{field} must be a whole number from 0 to {MAX_COUNT} (got {_shown(value)})"
    return None


def _shown(value: object) -> str:
    if isinstance(value, str):
        return repr(value[:40])
    # a huge int would fill the message (and str() refuses one over 4300 digits)
    if (type(value) is int and -(10**9) < value < 10**9) or type(value) is float:
        return repr(value)
    return type(value).__name__
