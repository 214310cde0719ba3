"""Point suggestions for a patient: the condition pack's links filtered by course, pattern and patient flags.

Pure functions over catalogue dataclasses (no Qt, no SQL), so every rule is tested directly. Each point left out
is listed with the reason, never dropped silently; red flags come first of all warnings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from acuviewer.catalogue.condition import Condition, EaPair, Link
from acuviewer.catalogue.model import COURSES, PATIENT_FLAGS, Caution, Point

ROLE_ORDER = ("local", "adjacent", "distal", "pattern", "ea-pair")


class RequestError(ValueError):
    """The request names something the condition does not have; the message says what and what is allowed."""


@dataclass(frozen=True)
class Request:
    course: str
    patterns: tuple[str, ...] = ()
    flags: frozenset[str] = frozenset()
    red_flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggested:
    code: str
    role: str
    reason: str
    technique: str = ""
    needling: str = ""
    patterns: tuple[str, ...] = ()
    alternatives: tuple[str, ...] = ()
    cautions: tuple[Caution, ...] = ()
    flagged: tuple[str, ...] = ()  # why the patient's flags call for care with this point, when they do
    source: str = ""


@dataclass(frozen=True)
class Excluded:
    code: str
    reason: str


@dataclass(frozen=True)
class Suggestion:
    request: Request
    points: tuple[Suggested, ...]
    ea_pairs: tuple[EaPair, ...]
    excluded: tuple[Excluded, ...]
    warnings: tuple[str, ...]
    referral: bool
    sources: tuple[str, ...] = ()


def check_request(condition: Condition, request: Request) -> None:
    if request.course not in COURSES:
        raise RequestError(f"Unknown course '{request.course}'; choose one of: {', '.join(COURSES)}.")
    known = [p.id for p in condition.patterns]
    for pattern in request.patterns:
        if pattern not in known:
            raise RequestError(f"Unknown pattern '{pattern}'; choose from: {', '.join(known)}.")
    for flag in request.flags:
        if flag not in PATIENT_FLAGS:
            raise RequestError(f"Unknown patient flag '{flag}'; choose from: {', '.join(PATIENT_FLAGS)}.")
    flags = [f.key for f in condition.red_flags]
    for red in request.red_flags:
        if red not in flags:
            raise RequestError(f"Unknown red flag '{red}'; choose from: {', '.join(flags)}.")


def suggest(condition: Condition, request: Request, points: Mapping[str, Point]) -> Suggestion:
    """The suggestion for `request`; `points` holds the catalogue's points by code (for their cautions)."""
    check_request(condition, request)
    excluded: list[Excluded] = []
    chosen: list[Suggested] = []
    used_sources: set[str] = {condition.source, condition.session.source}

    def refuse(code: str, reason: str) -> None:
        if all(e.code != code or e.reason != reason for e in excluded):
            excluded.append(Excluded(code, reason))

    wanted = [link for link in condition.links if _wanted(link, request)]
    for link in wanted:
        if link.alternative_to:
            continue  # offered beside its main point below, or in its place when the main point is left out
        candidates = [link, *(a for a in wanted if a.alternative_to == link.point and a.patterns == link.patterns)]
        verdicts = [(candidate, _unsafe(candidate, request, points)) for candidate in candidates]
        for candidate, why in verdicts:
            if why:
                refuse(candidate.point, why)
        kept = [candidate for candidate, why in verdicts if not why]
        if not kept:
            continue
        note = "" if kept[0] is link else f"in place of {link.point} ({verdicts[0][1]})"
        chosen.append(_suggested(kept[0], kept[1:], request, points, note))
        used_sources.update(c.source for c in kept)

    pairs: list[EaPair] = []
    for pair in condition.ea_pairs:
        if request.course not in pair.courses:
            continue
        label = "–".join(pair.points)
        if "pacemaker" in request.flags:
            refuse(label, "no electroacupuncture with a pacemaker")
            continue
        listed = {s.code for s in chosen}
        if "needle-shy" in request.flags and not set(pair.points) <= listed:
            refuse(label, "kept to the core points for a needle-shy patient")
            continue  # a pair would add needles the core filter just took away
        unsafe = [code for code in pair.points if _pregnancy_contraindicated(code, request, points)]
        if unsafe:
            refuse(label, f"{', '.join(unsafe)} is contraindicated in pregnancy")
            continue
        pairs.append(pair)
        used_sources.add(pair.source)
        for code in pair.points:
            if code not in listed:
                reason = f"electroacupuncture pair ({pair.kind} type) with {_other(pair, code)}"
                chosen.append(Suggested(code, "ea-pair", reason, cautions=_cautions(code, points), source=pair.source))
                listed.add(code)

    chosen.sort(key=lambda s: ROLE_ORDER.index(s.role))
    warnings = _warnings(condition, request)
    used_sources.update(f.source for f in condition.safety if f.flag and f.flag in request.flags)
    used_sources.update(f.source for f in condition.red_flags if f.key in request.red_flags)
    return Suggestion(
        request,
        tuple(chosen),
        tuple(pairs),
        tuple(excluded),
        warnings,
        referral=bool(request.red_flags),
        sources=tuple(sorted(s for s in used_sources if s)),
    )


def _wanted(link: Link, request: Request) -> bool:
    if request.course not in link.courses:
        return False
    if link.role == "pattern":
        return any(p in request.patterns for p in link.patterns)
    return True


def _unsafe(link: Link, request: Request, points: Mapping[str, Point]) -> str:
    """Why the patient's flags rule this link out, or '' when they do not."""
    if _pregnancy_contraindicated(link.point, request, points):
        return "contraindicated in pregnancy"
    if link.technique == "bleeding" and "anticoagulants" in request.flags:
        return "no bloodletting for a patient on anticoagulants (bleeding risk)"
    if "needle-shy" in request.flags and not link.core:
        return "kept to the core points for a needle-shy patient"
    return ""


def _pregnancy_contraindicated(code: str, request: Request, points: Mapping[str, Point]) -> bool:
    if "pregnant" not in request.flags:
        return False
    return any(c.kind == "pregnancy" and c.strength == "contraindicated" for c in _cautions(code, points))


def pregnancy_concerns(code: str, flags: frozenset[str], points: Mapping[str, Point]) -> tuple[str, ...]:
    """The point's pregnancy cautions, worded for the plan, when the patient is pregnant."""
    if "pregnant" not in flags:
        return ()
    return tuple(f"{c.strength} in pregnancy: {c.note}" for c in _cautions(code, points) if c.kind == "pregnancy")


def _cautions(code: str, points: Mapping[str, Point]) -> tuple[Caution, ...]:
    point = points.get(code)
    return point.cautions if point else ()


def _suggested(
    link: Link, others: list[Link], request: Request, points: Mapping[str, Point], note: str = ""
) -> Suggested:
    cautions = _cautions(link.point, points)
    flagged = list(pregnancy_concerns(link.point, request.flags, points))
    if "anticoagulants" in request.flags and link.technique == "cupping":
        flagged.append("cupping bruises more on anticoagulants")
    reason = link.rationale if not note else f"{link.rationale} ({note})"
    return Suggested(
        code=link.point,
        role=link.role,
        reason=reason,
        technique=link.technique,
        needling=link.needling,
        patterns=link.patterns,
        alternatives=tuple(o.point for o in others),
        cautions=cautions,
        flagged=tuple(flagged),
        source=link.source,
    )


def _other(pair: EaPair, code: str) -> str:
    return pair.points[1] if pair.points[0] == code else pair.points[0]


def _warnings(condition: Condition, request: Request) -> tuple[str, ...]:
    warnings = []
    if request.red_flags:
        ticked = [f.name or f.text for f in condition.red_flags if f.key in request.red_flags]
        warnings.append("REFER BEFORE TREATING: red flag(s) present: " + "; ".join(ticked))
    warnings += [f.text for f in condition.safety if f.flag and f.flag in request.flags]
    return tuple(warnings)
