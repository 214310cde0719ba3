"""The practitioner's own records as immutable dataclasses (no Qt, no SQL)."""

from __future__ import annotations

from dataclasses import dataclass, field

VIEWS = ("posterior", "lateral", "anterior")
SIDES = ("L", "R", "M")
ROLES = ("local", "adjacent", "distal", "pattern", "ea-pair", "added")
# What a study card asks about a point: where it is, its name, what it is prescribed for, whether it is forbidden
# in pregnancy. Stored in every card's id and row, so a kind, once shipped, is never renamed.
STUDY_KINDS = ("locate", "name", "prescription", "pregnancy")
# The body map's viewBox: ashi points are kept in its coordinates so they stay put when the map is redrawn.
MAP_WIDTH = 800.0
MAP_HEIGHT = 1600.0


@dataclass(frozen=True)
class AshiPoint:
    """A tender point marked on the body map; x and y are in the map's 800x1600 viewBox."""

    view: str
    x: float
    y: float
    side: str
    note: str = ""


@dataclass(frozen=True)
class PlanPoint:
    code: str
    role: str
    reason: str = ""


@dataclass(frozen=True)
class Session:
    retention_min: int | None = None
    ea_pairs: tuple[tuple[str, str], ...] = ()
    ea_frequency_hz: float | None = None
    cupping: bool = False
    moxa: bool = False


@dataclass(frozen=True)
class Plan:
    """A treatment plan; id is None until the store has saved it, and the store sets created/modified (UTC)."""

    id: int | None
    name: str
    condition: str = ""
    course: str = ""
    patterns: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    red_flags: tuple[str, ...] = ()
    points: tuple[PlanPoint, ...] = ()
    ashi: tuple[AshiPoint, ...] = ()
    session: Session = field(default_factory=Session)
    notes: str = ""
    created: str = ""
    modified: str = ""


@dataclass(frozen=True)
class PlanSummary:
    id: int
    name: str
    condition: str
    course: str
    modified: str


@dataclass(frozen=True)
class StudyCard:
    """One spaced-repetition card: a point asked about one way, with its fsrs scheduling state.

    card_id is f"{kind}:{code}". state is the fsrs Card (Card.to_dict()) as JSON text: the store keeps it as given
    and only checks that it is a JSON object. Times are ISO 8601 with a zone, stored in UTC.
    """

    card_id: str
    code: str
    kind: str
    state: str
    due: str
    reviews: int = 0
    lapses: int = 0
    last_rating: int | None = None
    last_review: str | None = None


@dataclass(frozen=True)
class StudyReview:
    """One answer given in study mode: the fsrs rating (1 Again, 2 Hard, 3 Good, 4 Easy) and what was answered."""

    card_id: str
    rating: int
    reviewed: str
    detail: str = ""
