"""A plan's treatment sheet as HTML for Qt's rich text: red flags first, the points by role, the session, sources.

No Qt: the caller places the map images (see Figure) and prints. Every catalogue and user string passes through
html.escape, so a plan's notes or a point's reason are always shown as text, never read as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from acuviewer.catalogue.condition import Condition, Range
from acuviewer.catalogue.model import VIEWS, Point, Source
from acuviewer.planner.sheet_points import FLAG_TINT, Cite, points_html
from acuviewer.planner.suggest import Request, RequestError, Suggestion, suggest
from acuviewer.userdata.model import Plan

COURSE_VIEWS = {"posterior": ("posterior",), "lateral": ("lateral",), "mixed": ("posterior", "lateral")}
REFER_TINT = "#c62828"


@dataclass(frozen=True)
class Figure:
    """An image the caller has made (the body map with the plan's points): where to find it and its size on paper."""

    src: str
    width: int
    height: int
    caption: str


def needed_codes(plan: Plan, condition: Condition | None) -> set[str]:
    """The codes whose catalogue points sheet_html needs: the plan's, and the condition's (for the left-out list)."""
    codes = {p.code for p in plan.points} | {code for pair in plan.session.ea_pairs for code in pair}
    if condition is not None:
        codes |= {link.point for link in condition.links}
        codes |= {code for pair in condition.ea_pairs for code in pair.points}
    return codes


def map_views(plan: Plan, points: Mapping[str, Point]) -> list[str]:
    """The views to draw: those of the plan's course and its Ashi points, then more until every point is shown.

    A view that would show none of the plan's points is left out; the result is in the map's view order.
    """
    drawn = {p.code: {m.view for m in points[p.code].map} for p in plan.points if p.code in points}
    ashi_views = {a.view for a in plan.ashi}
    chosen = {v for v in COURSE_VIEWS.get(plan.course, ()) if any(v in views for views in drawn.values())}
    chosen |= ashi_views
    missing = {code for code, views in drawn.items() if views and not views & chosen}
    while missing:
        # The view showing most of the points still missing (GB34 of a posterior plan is drawn on the side).
        best = max(VIEWS, key=lambda v: (sum(v in drawn[c] for c in missing), -VIEWS.index(v)))
        chosen.add(best)
        missing = {code for code in missing if best not in drawn[code]}
    return [v for v in VIEWS if v in chosen]


def left_out(plan: Plan, condition: Condition | None, points: Mapping[str, Point]) -> Suggestion | None:
    """The suggestion for the plan's course, patterns and flags, for its list of points left out; None when the
    plan names a condition, course, pattern or flag the catalogue does not know."""
    if condition is None:
        return None
    # Without the red flags: they leave out no point, and one recorded in other words would lose the whole list.
    request = Request(plan.course, plan.patterns, frozenset(plan.flags))
    try:
        return suggest(condition, request, points)
    except RequestError:
        return None


def sheet_html(
    plan: Plan,
    condition: Condition | None,
    points: Mapping[str, Point],
    sources: Mapping[str, Source],
    *,
    figures: Sequence[Figure] = (),
    printed: date | None = None,
) -> str:
    """The whole treatment sheet; `points` holds catalogue points by code, at least those of needed_codes()."""
    cited: list[str] = []

    def cite(source_id: str) -> str:
        if not source_id:
            return ""
        if source_id not in cited:
            cited.append(source_id)
        return f' <span style="color:#666666">[{escape(source_id)}]</span>'

    parts = [_referral(plan, condition)] if plan.red_flags else []
    parts += _header(plan, condition, printed or date.today(), cite)
    parts += _red_flag_check(plan, condition, cite)
    parts += _figures(figures, bool(plan.ashi))
    parts += points_html(plan, condition, points, cite)
    parts += _ashi(plan)
    parts += _excluded(plan, left_out(plan, condition, points))
    parts += _session(plan, condition, cite)
    if plan.notes.strip():
        parts += ["<h2>Practitioner's notes</h2>", f"<p>{text_html(plan.notes)}</p>"]
    parts += sources_html(cited, sources)
    return "\n".join(parts)


def text_html(text: str) -> str:
    """Plain text as HTML: escaped, its line breaks kept."""
    return "<br>".join(escape(line) for line in text.splitlines())


def sources_html(cited: Sequence[str], sources: Mapping[str, Source], title: str = "Sources") -> list[str]:
    if not cited:
        return []
    items = []
    for source_id in cited:
        source = sources.get(source_id)
        text = escape(source.citation) if source else "(not in the catalogue's source list)"
        items.append(f"<li><b>[{escape(source_id)}]</b> {text}</li>")
    return [f"<h2>{escape(title)}</h2>", f'<ul style="font-size:small">{"".join(items)}</ul>']


def span(r: Range, unit: str = "") -> str:
    low, high = f"{r.low:g}", f"{r.high:g}"
    return (low if low == high else f"{low}–{high}") + unit


def _referral(plan: Plan, condition: Condition | None) -> str:
    texts = [_red_flag_text(key, condition) for key in plan.red_flags]
    return (
        f'<table width="100%" cellpadding="8" cellspacing="0"><tr><td bgcolor="{REFER_TINT}">'
        '<span style="color:#ffffff; font-size:x-large"><b>⚠ REFER BEFORE TREATING</b></span><br>'
        f'<span style="color:#ffffff">Red flag present: {"; ".join(escape(t) for t in texts)}</span>'
        "</td></tr></table>"
    )


def _red_flag_text(key: str, condition: Condition | None) -> str:
    known = next((f for f in condition.red_flags if f.key == key), None) if condition else None
    return (known.name or known.text) if known else key  # the short name: the checklist below has the full text


def _header(plan: Plan, condition: Condition | None, printed: date, cite: Cite) -> list[str]:
    saved = f" · plan saved {escape(plan.modified[:10])}" if plan.modified else ""
    rows = [("Condition", escape(condition.name) + cite(condition.source) if condition else escape(plan.condition))]
    course = condition.course(plan.course) if condition else None
    if course:
        rows.append(("Course", f"{escape(course.name)}: {escape(course.felt)}{cite(course.source)}"))
    elif plan.course:
        rows.append(("Course", escape(plan.course)))
    if plan.patterns:
        names = []
        for key in plan.patterns:
            pattern = condition.pattern(key) if condition else None
            names.append(escape(pattern.name) + cite(pattern.source) if pattern else escape(key))
        rows.append(("Patterns", "; ".join(names)))
    flags = []
    for flag in plan.flags:
        notes = [f for f in condition.safety if f.flag == flag] if condition else []
        flags.append(f"<b>{escape(flag)}</b>" + "".join(f" — {escape(f.text)}{cite(f.source)}" for f in notes))
    rows.append(("Patient flags", "<br>".join(flags) if flags else "none recorded"))
    table = "".join(f'<tr><td width="18%"><b>{label}</b></td><td>{value}</td></tr>' for label, value in rows)
    return [
        f"<h1>{escape(plan.name)}</h1>",
        f"<p>Treatment sheet · printed {printed.isoformat()}{saved}</p>",
        f'<table width="100%" cellpadding="3" cellspacing="0">{table}</table>',
    ]


def _red_flag_check(plan: Plan, condition: Condition | None, cite: Cite) -> list[str]:
    rows = []
    for fact in condition.red_flags if condition else ():
        if fact.key in plan.red_flags:
            rows.append(_present(fact.text))
        else:
            rows.append(f'<tr><td width="14%">☐</td><td>{escape(fact.text)}</td></tr>')
    known = {f.key for f in condition.red_flags} if condition else set()
    for key in plan.red_flags:
        if key not in known:  # recorded under a name the condition pack does not use: still shown, still present
            rows.append(_present(key))
    if not rows:
        return []
    source = "".join(cite(key) for key in dict.fromkeys(f.source for f in condition.red_flags)) if condition else ""
    return [
        "<h2>Red-flag check</h2>",
        f"<p>Refer before needling if any of these is present.{source}</p>",
        f'<table width="100%" cellpadding="3" cellspacing="0">{"".join(rows)}</table>',
    ]


def _present(text: str) -> str:
    return f'<tr><td width="14%" bgcolor="{FLAG_TINT}"><b>☒ PRESENT</b></td><td><b>{escape(text)}</b></td></tr>'


def _figures(figures: Sequence[Figure], ashi: bool) -> list[str]:
    if not figures:
        return []
    # One line of images, not a table: a page break then moves the pictures together instead of parting them.
    images = " &nbsp; ".join(
        f'<img src="{escape(f.src)}" width="{f.width}" height="{f.height}" align="top">' for f in figures
    )
    names = escape(figures[0].caption.capitalize())
    if len(figures) > 1:
        names = "Left to right: " + ", ".join(escape(f.caption) for f in figures)
    legend = "orange rings: the plan's points" + ("; magenta diamonds: Ashi points (A1, A2, …)" if ashi else "")
    return [f'<p align="center">{images}<br><span style="font-size:small">{names}; {legend}.</span></p>']


def _ashi(plan: Plan) -> list[str]:
    if not plan.ashi:
        return []
    rows = "".join(
        f"<tr><td><b>A{number}</b></td><td>{escape(a.view)}</td><td>{escape(a.side)}</td>"
        f"<td>{text_html(a.note)}</td></tr>"
        for number, a in enumerate(plan.ashi, start=1)
    )
    head = (
        '<thead><tr><td width="8%"><i>Mark</i></td><td width="14%"><i>View</i></td><td width="8%"><i>Side</i></td>'
        "<td><i>Note</i></td></tr></thead>"
    )
    return ["<h2>Ashi points</h2>", f'<table width="100%" cellpadding="2" cellspacing="0">{head}{rows}</table>']


def _excluded(plan: Plan, suggestion: Suggestion | None) -> list[str]:
    if suggestion is None or not suggestion.excluded:
        return []
    # A code the suggestion keeps in another use (BL40 needled, though not bled on anticoagulants) is no surprise.
    planned = {p.code for p in plan.points} - {p.code for p in suggestion.points}
    items = []
    for item in suggestion.excluded:
        kept = " <b>— in this plan all the same: check it is intended</b>" if item.code in planned else ""
        items.append(f"<li><b>{escape(item.code)}</b>: {escape(item.reason)}{kept}</li>")
    return ["<h2>Left out for this patient</h2>", f"<ul>{''.join(items)}</ul>"]


def _session(plan: Plan, condition: Condition | None, cite: Cite) -> list[str]:
    s = plan.session
    retention = f"{s.retention_min} min" if s.retention_min is not None else "not set (see the defaults below)"
    rows = [("Needle retention", retention)]
    if s.ea_pairs:
        pairs = "; ".join(" + ".join(escape(code) for code in pair) for pair in s.ea_pairs)
        frequency = f" at {s.ea_frequency_hz:g} Hz" if s.ea_frequency_hz is not None else " (frequency not set)"
        if "pacemaker" in plan.flags:
            frequency += " <b>— the patient has a pacemaker: no electroacupuncture</b>"
        rows.append(("Electroacupuncture", pairs + frequency))
    else:
        rows.append(("Electroacupuncture", "none"))
    rows.append(("Cupping", "yes" if s.cupping else "no"))
    rows.append(("Moxa", "yes" if s.moxa else "no"))
    if condition:
        d = condition.session
        rows.append(
            (
                f"{escape(condition.name)} defaults",
                # The visit length is left out: the pack's session source does not state it (see sciatica.toml).
                f"needles in {span(d.retention_acute, ' min')} while acute, "
                f"{span(d.retention_later, ' min')} later; {span(d.per_week_acute)} sessions a week while acute; "
                f"a course of {span(d.course_visits)} visits{cite(d.source)}",
            )
        )
    table = "".join(f'<tr><td width="26%" nowrap><b>{label}</b></td><td>{value}</td></tr>' for label, value in rows)
    return ["<h2>Session</h2>", f'<table width="100%" cellpadding="3" cellspacing="0">{table}</table>']
