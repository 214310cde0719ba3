"""A plan being edited: the suggestion's points less those the practitioner removed, plus those they added.

Kept apart from the suggestion itself so that changing the course, a pattern or a patient flag can suggest again
without losing the practitioner's own edits: the removals and additions are applied to each new suggestion.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import Point
from acuviewer.planner.suggest import Request, Suggestion, pregnancy_concerns
from acuviewer.userdata.model import Plan, PlanPoint, Session

ADDED = "added"  # the role of a point the practitioner added by hand


@dataclass(frozen=True)
class Edits:
    """What the practitioner changed in the suggested points."""

    removed: frozenset[str] = frozenset()
    added: tuple[PlanPoint, ...] = ()

    def remove(self, code: str) -> Edits:
        return Edits(self.removed | {code}, tuple(p for p in self.added if p.code != code))

    def add(self, code: str, reason: str = "") -> Edits:
        if any(p.code == code for p in self.added):
            return self
        return Edits(self.removed - {code}, (*self.added, PlanPoint(code, ADDED, reason)))


def plan_points(suggestion: Suggestion | None, edits: Edits) -> tuple[PlanPoint, ...]:
    """The plan's points: suggested ones not removed, in role order, then the added ones not already suggested."""
    suggested = [] if suggestion is None else [PlanPoint(s.code, s.role, s.reason) for s in suggestion.points]
    kept = [p for p in suggested if p.code not in edits.removed]
    codes = {p.code for p in kept}
    return (*kept, *(p for p in edits.added if p.code not in codes))


def edits_of(plan: Plan, suggestion: Suggestion | None) -> Edits:
    """The edits that turn `suggestion` into a saved plan's points (so that a reopened plan can be edited on)."""
    suggested = set() if suggestion is None else {s.code for s in suggestion.points}
    kept = {p.code for p in plan.points}
    return Edits(
        frozenset(suggested - kept),
        tuple(PlanPoint(p.code, ADDED, p.reason) for p in plan.points if p.code not in suggested),
    )


def request_of(plan: Plan) -> Request:
    return Request(plan.course, plan.patterns, frozenset(plan.flags), plan.red_flags)


def default_session(condition: Condition, suggestion: Suggestion) -> Session:
    """The session a new plan starts with: the pack's retention after the acute phase and its EA pairs.

    No frequency: no source gives one (see the pack's electroacupuncture note), so the practitioner sets it.
    """
    return Session(
        retention_min=round(condition.session.retention_later.low),
        ea_pairs=tuple((pair.points[0], pair.points[1]) for pair in suggestion.ea_pairs),
    )


def plan_from_suggestion(name: str, condition: Condition, suggestion: Suggestion) -> Plan:
    """An unsaved plan holding exactly what was suggested, with the pack's default session."""
    request = suggestion.request
    return Plan(
        id=None,
        name=name,
        condition=condition.id,
        course=request.course,
        patterns=request.patterns,
        flags=tuple(sorted(request.flags)),
        red_flags=request.red_flags,
        points=plan_points(suggestion, Edits()),
        session=default_session(condition, suggestion),
    )


def added_concerns(codes: Iterable[str], flags: frozenset[str], points: Mapping[str, Point]) -> dict[str, str]:
    """For points added by hand: why the patient's flags call for care, by code (the suggestion checks its own)."""
    concerns = {}
    for code in codes:
        found = pregnancy_concerns(code, flags, points)
        if found:
            concerns[code] = "; ".join(found)
    return concerns
