"""Turns one parsed db/conditions/*.toml file into a Condition, collecting every problem (see db/conditions/SCHEMA.md).

Links to points, sources and patterns are checked here against what the rest of the catalogue holds, so a typo
in a code or a source id is a build error, never a silent gap in a suggestion.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from acuviewer.catalogue.condition import (
    Condition,
    Course,
    EaPair,
    Fact,
    Link,
    Pattern,
    Range,
    SessionDefaults,
)
from acuviewer.catalogue.entry import Entry, Problem
from acuviewer.catalogue.loader import SourceFile, read_all
from acuviewer.catalogue.model import (
    COURSES,
    EA_KINDS,
    HANDOUT_SECTIONS,
    NOTE_TOPICS,
    PATIENT_FLAGS,
    RISK_KINDS,
    ROLES,
    TECHNIQUES,
)

T = TypeVar("T")
SESSION_RANGES = ("visit_minutes", "retention_acute", "retention_later", "per_week_acute", "course_visits")
ROOTS = ("L4", "L5", "S1")


class _Context:
    def __init__(self, problems: list[Problem], file: SourceFile, codes: set[str], sources: set[str]) -> None:
        self.problems = problems
        self.file = file
        self.codes = codes
        self.sources = sources

    def cite(self, e: Entry, key: str = "source") -> str:
        value = e.text(key)
        if value and value not in self.sources:
            e.problem(key, f"unknown source '{value}'")
        return value

    def code(self, e: Entry, key: str, value: str) -> None:
        if value and value not in self.codes:
            e.problem(key, f"unknown point '{value}'")

    def entries(self, table: str, key: str, make: Callable[[Entry], T]) -> list[T]:
        return read_all(self.file, table, key, self.problems, make)

    def table(self, name: str) -> Entry:
        return Entry(self.problems, self.file.name, name, self.file.data.get(name))


def read_condition(file: SourceFile, codes: set[str], sources: set[str], problems: list[Problem]) -> Condition | None:
    """The file's condition, or None if it has any problem (each one is added to `problems`)."""
    before = len(problems)
    top = Entry(problems, file.name, "", file.data)
    top.allow_only(
        {"condition", "session", "course", "root", "cause", "symptom", "risk", "pattern", "red_flag", "link"}
        | {"ea_pair", "note", "safety", "handout"}
    )
    ctx = _Context(problems, file, codes, sources)
    head = ctx.table("condition")
    head.allow_only({"id", "name", "summary", "source"})
    courses = ctx.entries("course", "id", lambda e: _course(e, ctx))
    patterns = ctx.entries("pattern", "id", lambda e: _pattern(e, ctx))
    links = ctx.entries("link", "", lambda e: _link(e, ctx))
    pattern_ids = {p.id for p in patterns}
    _check_links(ctx, links, pattern_ids)
    condition = Condition(
        id=head.text("id"),
        name=head.text("name"),
        summary=head.text("summary"),
        source=ctx.cite(head),
        session=_session(ctx.table("session"), ctx),
        courses=tuple(courses),
        roots=tuple(ctx.entries("root", "id", lambda e: _fact(e, ctx, "id", "", "felt", choices=ROOTS))),
        causes=tuple(ctx.entries("cause", "id", lambda e: _fact(e, ctx, "id", "name", "note", serious=True))),
        symptoms=tuple(ctx.entries("symptom", "", lambda e: _fact(e, ctx, "", "", "text"))),
        risks=tuple(ctx.entries("risk", "", lambda e: _fact(e, ctx, "kind", "", "text", choices=RISK_KINDS))),
        patterns=tuple(patterns),
        red_flags=tuple(ctx.entries("red_flag", "id", lambda e: _fact(e, ctx, "id", "name", "text"))),
        links=tuple(links),
        ea_pairs=tuple(ctx.entries("ea_pair", "id", lambda e: _ea_pair(e, ctx))),
        notes=tuple(ctx.entries("note", "", lambda e: _fact(e, ctx, "topic", "title", "text", choices=NOTE_TOPICS))),
        safety=tuple(ctx.entries("safety", "id", lambda e: _fact(e, ctx, "id", "", "text", flag=True))),
        handout=tuple(
            ctx.entries("handout", "", lambda e: _fact(e, ctx, "section", "", "text", choices=HANDOUT_SECTIONS))
        ),
    )
    missing = [c for c in COURSES if condition.course(c) is None]
    if missing:
        top.problem("course", f"missing course(s): {', '.join(missing)}")
    if not condition.red_flags:
        top.problem("red_flag", "a condition needs its red-flag checklist")
    return condition if len(problems) == before else None


def _session(e: Entry, ctx: _Context) -> SessionDefaults:
    e.allow_only({*SESSION_RANGES, "source"})
    visit, acute, later, per_week, visits = (_range(e, key) for key in SESSION_RANGES)
    return SessionDefaults(visit, acute, later, per_week, visits, ctx.cite(e))


def _range(e: Entry, key: str) -> Range:
    value = e.data.get(key)
    if not isinstance(value, list):
        e.problem(key, "must be a range [low, high] of two positive numbers, low first")
        return Range(0, 0)
    ok = (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) and v > 0 for v in value)
        and value[0] <= value[1]
    )
    if not ok:
        e.problem(key, "must be a range [low, high] of two positive numbers, low first")
        return Range(0, 0)
    return Range(float(value[0]), float(value[1]))


def _choices(e: Entry, key: str, options: tuple[str, ...], allow_empty: bool = False) -> tuple[str, ...]:
    values = e.texts(key)
    for value in values:
        if value not in options:
            e.problem(key, f"'{value}' is not one of: {', '.join(options)}")
    if e.has(key) and not values and not allow_empty:
        e.problem(key, "must not be empty")
    return values


def _course(e: Entry, ctx: _Context) -> Course:
    e.allow_only({"id", "name", "channels", "felt", "roots", "source"})
    return Course(
        e.choice("id", COURSES),
        e.text("name"),
        e.texts("channels"),
        e.text("felt"),
        _choices(e, "roots", ROOTS, allow_empty=True),
        ctx.cite(e),
    )


def _pattern(e: Entry, ctx: _Context) -> Pattern:
    e.allow_only({"id", "name", "signs", "source"})
    return Pattern(e.text("id"), e.text("name"), e.texts("signs"), ctx.cite(e))


def _fact(
    e: Entry,
    ctx: _Context,
    key_field: str,
    name_field: str,
    text_field: str,
    choices: tuple[str, ...] = (),
    serious: bool = False,
    flag: bool = False,
) -> Fact:
    allowed = {key_field, name_field, text_field, "source"} - {""}
    e.allow_only(allowed | ({"serious"} if serious else set()) | ({"flag"} if flag else set()))
    key = (e.choice(key_field, choices) if choices else e.text(key_field)) if key_field else ""
    return Fact(
        key=key,
        name=e.text(name_field) if name_field else "",
        text=e.text(text_field),
        source=ctx.cite(e),
        serious=e.flag("serious") if serious else False,
        flag=e.choice("flag", PATIENT_FLAGS, required=False) if flag else "",
    )


def _link(e: Entry, ctx: _Context) -> Link:
    e.allow_only(
        {"point", "role", "courses", "patterns", "alternative_to", "technique", "rationale", "needling", "core"}
        | {"source"}
    )
    point = e.text("point")
    e.name = f"link {point}" if point else e.name  # name the point in messages, not the entry's number
    ctx.code(e, "point", point)
    technique = e.text("technique", required=False)
    if technique not in TECHNIQUES:
        e.problem("technique", f"'{technique}' is not one of: {', '.join(t for t in TECHNIQUES if t)}")
    return Link(
        point=point,
        role=e.choice("role", ROLES),
        courses=_choices(e, "courses", COURSES),
        patterns=e.texts("patterns"),
        alternative_to=e.text("alternative_to", required=False),
        technique=technique,
        rationale=e.text("rationale"),
        needling=e.text("needling"),
        core=e.flag("core"),
        source=ctx.cite(e),
    )


def _check_links(ctx: _Context, links: list[Link], pattern_ids: set[str]) -> None:
    def problem(link: Link, field: str, message: str) -> None:
        ctx.problems.append(Problem(ctx.file.name, f"link {link.point}", field, message))

    seen: set[tuple[str, str, tuple[str, ...], str]] = set()
    for link in links:
        uses = (link.point, link.role, link.patterns, link.technique)
        if uses in seen:
            problem(link, "point", "the same point with the same role, patterns and technique twice")
        seen.add(uses)
        for pattern in link.patterns:
            if pattern not in pattern_ids:
                problem(link, "patterns", f"unknown pattern '{pattern}'")
        if (link.role == "pattern") != bool(link.patterns):
            problem(link, "patterns", "a pattern add-on names its patterns; other roles name none")
        if link.alternative_to:
            main = [o for o in links if o.point == link.alternative_to and o.patterns == link.patterns]
            if not main:
                problem(link, "alternative_to", f"no link to '{link.alternative_to}' with the same patterns")


def _ea_pair(e: Entry, ctx: _Context) -> EaPair:
    e.allow_only({"id", "kind", "points", "courses", "note", "source"})
    points = e.texts("points")
    if len(points) != 2 or points[0] == points[1]:
        e.problem("points", "an electroacupuncture pair joins two different points")
        points = (*points, "", "")[:2]
    for point in points:
        ctx.code(e, "points", point)
    return EaPair(
        e.text("id"),
        e.choice("kind", EA_KINDS),
        (points[0], points[1]),
        _choices(e, "courses", COURSES),
        e.text("note"),
        ctx.cite(e),
    )
