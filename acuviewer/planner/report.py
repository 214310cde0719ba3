"""A suggestion as plain data (for `acuviewer suggest --json`) and as text for a terminal."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from acuviewer.catalogue.condition import Condition, Range
from acuviewer.catalogue.model import Source
from acuviewer.planner.suggest import Suggestion


def _range(r: Range) -> list[float | int]:
    return [int(v) if v.is_integer() else v for v in (r.low, r.high)]


def session_data(condition: Condition, suggestion: Suggestion) -> dict[str, Any]:
    s = condition.session
    return {
        "visit_minutes": _range(s.visit_minutes),
        "retention_minutes": {"acute": _range(s.retention_acute), "later": _range(s.retention_later)},
        "sessions_per_week_acute": _range(s.per_week_acute),
        "course_visits": _range(s.course_visits),
        "electroacupuncture": [
            {"id": p.id, "kind": p.kind, "points": list(p.points), "note": p.note, "source": p.source}
            for p in suggestion.ea_pairs
        ],
        "source": s.source,
    }


def suggestion_data(condition: Condition, suggestion: Suggestion, sources: Mapping[str, Source]) -> dict[str, Any]:
    request = suggestion.request
    return {
        "condition": condition.id,
        "course": request.course,
        "patterns": list(request.patterns),
        "flags": sorted(request.flags),
        "red_flags": list(request.red_flags),
        "referral": suggestion.referral,
        "warnings": list(suggestion.warnings),
        "points": [
            {
                "code": p.code,
                "role": p.role,
                "reason": p.reason,
                "technique": p.technique,
                "needling": p.needling,
                "patterns": list(p.patterns),
                "alternatives": list(p.alternatives),
                "cautions": [
                    {"kind": c.kind, "strength": c.strength, "note": c.note, "source": c.source} for c in p.cautions
                ],
                "flagged": list(p.flagged),
                "source": p.source,
            }
            for p in suggestion.points
        ],
        "excluded": [{"code": e.code, "reason": e.reason} for e in suggestion.excluded],
        "session": session_data(condition, suggestion),
        "sources": [
            {"id": i, "kind": sources[i].kind, "citation": sources[i].citation}
            for i in suggestion.sources
            if i in sources
        ],
    }


def suggestion_text(condition: Condition, suggestion: Suggestion) -> str:
    request = suggestion.request
    course = condition.course(request.course)
    lines = [f"{condition.name}: {course.name if course else request.course}"]
    if request.patterns:
        lines.append("Patterns: " + ", ".join(request.patterns))
    lines += [f"! {w}" for w in suggestion.warnings]
    for role in dict.fromkeys(p.role for p in suggestion.points):
        lines.append(f"\n{role.capitalize()} points")
        for p in (p for p in suggestion.points if p.role == role):
            alternative = f" (or {', '.join(p.alternatives)})" if p.alternatives else ""
            technique = f" [{p.technique}]" if p.technique else ""
            lines.append(f"  {p.code}{alternative}{technique}: {p.reason}")
            lines += [f"    caution: {c.strength} ({c.kind}): {c.note}" for c in p.cautions]
            lines += [f"    for this patient: {f}" for f in p.flagged]
    if suggestion.excluded:
        lines.append("\nLeft out")
        lines += [f"  {e.code}: {e.reason}" for e in suggestion.excluded]
    s = condition.session
    lines.append(
        f"\nSession: retain needles {s.retention_acute.low:g}–{s.retention_acute.high:g} min when acute, "
        f"{s.retention_later.low:g}–{s.retention_later.high:g} min later; {s.per_week_acute.low:g}–"
        f"{s.per_week_acute.high:g} a week while acute; a course of {s.course_visits.low:g}–{s.course_visits.high:g}."
    )
    if suggestion.ea_pairs:
        lines.append("Electroacupuncture: " + "; ".join(" + ".join(p.points) for p in suggestion.ea_pairs))
    lines.append("Sources: " + ", ".join(suggestion.sources))
    return "\n".join(lines)
