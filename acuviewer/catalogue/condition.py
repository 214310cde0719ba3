"""A condition pack (sciatica first; low back pain and piriformis syndrome can follow in the same shape).

Immutable dataclasses, no Qt and no SQL: what db/conditions/*.toml holds once validated, and what the repository
returns. Every fact carries the id of its source.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Range:
    low: float
    high: float


@dataclass(frozen=True)
class SessionDefaults:
    visit_minutes: Range
    retention_acute: Range
    retention_later: Range
    per_week_acute: Range
    course_visits: Range
    source: str


@dataclass(frozen=True)
class Course:
    id: str
    name: str
    channels: tuple[str, ...]
    felt: str
    roots: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Fact:
    """One sourced line of a list: a nerve root, cause, symptom, risk, red flag, note, safety note or handout part.

    `key` is the entry's id (cause, root, red flag, safety) or its kind, topic or section; `name` its title.
    """

    key: str
    name: str
    text: str
    source: str
    serious: bool = False
    flag: str = ""


@dataclass(frozen=True)
class Pattern:
    id: str
    name: str
    signs: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Link:
    """A point used for the condition, with what it is for and how it is needled for this use."""

    point: str
    role: str
    courses: tuple[str, ...]
    patterns: tuple[str, ...]
    alternative_to: str
    technique: str
    rationale: str
    needling: str
    core: bool
    source: str


@dataclass(frozen=True)
class EaPair:
    id: str
    kind: str
    points: tuple[str, str]
    courses: tuple[str, ...]
    note: str
    source: str


@dataclass(frozen=True)
class Condition:
    id: str
    name: str
    summary: str
    source: str
    session: SessionDefaults
    courses: tuple[Course, ...]
    roots: tuple[Fact, ...]
    causes: tuple[Fact, ...]
    symptoms: tuple[Fact, ...]
    risks: tuple[Fact, ...]
    patterns: tuple[Pattern, ...]
    red_flags: tuple[Fact, ...]
    links: tuple[Link, ...]
    ea_pairs: tuple[EaPair, ...]
    notes: tuple[Fact, ...]
    safety: tuple[Fact, ...]
    handout: tuple[Fact, ...]

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)

    def pattern(self, pattern_id: str) -> Pattern | None:
        return next((p for p in self.patterns if p.id == pattern_id), None)


def condition_from_data(data: dict[str, Any]) -> Condition:
    """Rebuilds a Condition from `dataclasses.asdict` output, as the catalogue stores it (JSON)."""

    def facts(key: str) -> tuple[Fact, ...]:
        return tuple(Fact(**f) for f in data[key])

    session = dict(data["session"])
    ranges = {k: Range(**v) for k, v in session.items() if k != "source"}
    return Condition(
        id=data["id"],
        name=data["name"],
        summary=data["summary"],
        source=data["source"],
        session=SessionDefaults(**ranges, source=session["source"]),
        courses=tuple(
            Course(c["id"], c["name"], tuple(c["channels"]), c["felt"], tuple(c["roots"]), c["source"])
            for c in data["courses"]
        ),
        roots=facts("roots"),
        causes=facts("causes"),
        symptoms=facts("symptoms"),
        risks=facts("risks"),
        patterns=tuple(Pattern(p["id"], p["name"], tuple(p["signs"]), p["source"]) for p in data["patterns"]),
        red_flags=facts("red_flags"),
        links=tuple(
            Link(**{**link, "courses": tuple(link["courses"]), "patterns": tuple(link["patterns"])})
            for link in data["links"]
        ),
        ea_pairs=tuple(
            EaPair(p["id"], p["kind"], (p["points"][0], p["points"][1]), tuple(p["courses"]), p["note"], p["source"])
            for p in data["ea_pairs"]
        ),
        notes=facts("notes"),
        safety=facts("safety"),
        handout=facts("handout"),
    )
