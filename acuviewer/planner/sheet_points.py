"""The points of a treatment sheet, by role: each with its names, cautions first, the reason, the WHO location,
the catalogue's needling and the condition's needling for this use. HTML for Qt's rich text, every string escaped."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from acuviewer.catalogue.condition import Condition, Link
from acuviewer.catalogue.model import Caution, Point
from acuviewer.userdata.model import ROLES, Plan, PlanPoint

ROLE_TITLES = {
    "local": "Local points",
    "adjacent": "Adjacent points",
    "distal": "Distal points",
    "pattern": "Pattern add-ons",
    "ea-pair": "Points added for electroacupuncture",
    "added": "Points added by the practitioner",
}
STRENGTH_TINTS = {"contraindicated": "#ffd6d6", "caution": "#ffe7c2", "disputed": "#fff3c4"}
FLAG_TINT = "#ff9e9e"  # what concerns this patient stands out from the other cautions
ASHI = "Ashi"  # the condition pack's name for tender points, which have no fixed place in the catalogue
Cite = Callable[[str], str]  # records a source id and returns its mark, e.g. " [who2008]"


def points_html(plan: Plan, condition: Condition | None, points: Mapping[str, Point], cite: Cite) -> list[str]:
    """The plan's points grouped by role, in the order of ROLES (then any other role)."""
    if not plan.points:
        return ["<h2>Points</h2>", "<p>The plan has no points.</p>"]
    parts = ["<h2>Points</h2>"]
    ea_codes = {code for pair in plan.session.ea_pairs for code in pair}
    for role in (*ROLES, *sorted({p.role for p in plan.points} - set(ROLES))):
        chosen = [p for p in plan.points if p.role == role]
        if chosen:
            parts.append(f"<h3>{escape(ROLE_TITLES.get(role, role))}</h3>")
            for planned in chosen:
                point = points.get(planned.code)
                link = _link(point.code if point else planned.code, planned, condition)
                parts.append(_point(planned, point, link, plan, planned.code in ea_codes, cite))
    return parts


def _link(code: str, planned: PlanPoint, condition: Condition | None) -> Link | None:
    """The condition's link this plan point follows: same code and role (same reason first), else the plain one."""
    links = [link for link in condition.links if link.point == code] if condition else []
    same_role = [link for link in links if link.role == planned.role]
    for link in same_role:
        if link.rationale == planned.reason:
            return link
    fallback = same_role or [link for link in links if not link.technique]
    return fallback[0] if fallback else None


def _point(planned: PlanPoint, point: Point | None, link: Link | None, plan: Plan, electro: bool, cite: Cite) -> str:
    title = f"<b>{escape(planned.code)}</b>"
    if point:
        title += f" &nbsp; {escape(point.pinyin_toned)} {escape(point.hanzi)} &nbsp; ({escape(point.english)})"
    if link and link.technique:
        title += f" &nbsp; <b>[{escape(link.technique)}]</b>"
    # A header row: Qt repeats it on the next page when the point's table is split by a page break.
    rows = [f'<thead><tr><td colspan="2" bgcolor="#e8eef7">{title}</td></tr></thead>']
    for caution in point.cautions if point else ():  # safety first, as in the details panel
        rows.append(_caution(caution, plan, cite))
    for warning in _patient_warnings(link, plan, electro):
        rows.append(f'<tr><td bgcolor="{FLAG_TINT}"><b>For this patient</b></td><td>{escape(warning)}</td></tr>')
    if planned.reason:
        rows.append(_row("Why", escape(planned.reason)))
    if point:
        rows.append(_row("Location", escape(point.location) + cite(point.location_source)))
        n = point.needling
        depth = f"{n.depth_min:g}–{n.depth_max:g} cun"
        rows.append(_row("Needling", f"{escape(n.angle.capitalize())}, {depth}. {escape(n.note)}{cite(n.source)}"))
    if link and link.needling:
        rows.append(_row("For this use", escape(link.needling) + cite(link.source)))
    if planned.code.lower() == ASHI.lower() and plan.ashi:
        rows.append(_row("Marked", f"A1–A{len(plan.ashi)} on the map: see Ashi points below"))
    if not point and not link:
        rows.append(_row("", "<i>Not in the catalogue: no location or needling to show.</i>"))
    return f'<table width="100%" cellpadding="2" cellspacing="0">{"".join(rows)}</table><p></p>'


def _row(label: str, value: str) -> str:
    return f'<tr><td width="16%" valign="top"><i>{escape(label)}</i></td><td>{value}</td></tr>'


def _caution(caution: Caution, plan: Plan, cite: Cite) -> str:
    concerns = caution.kind == "pregnancy" and "pregnant" in plan.flags
    tint = FLAG_TINT if concerns else STRENGTH_TINTS.get(caution.strength, STRENGTH_TINTS["caution"])
    mark = " <b>— FOR THIS PATIENT (pregnant)</b>" if concerns else ""
    kind = escape(caution.kind.replace("-", " "))
    return (
        f'<tr><td bgcolor="{tint}" valign="top"><b>⚠ {escape(caution.strength.upper())}</b></td>'
        f'<td bgcolor="{tint}">{kind}: {escape(caution.note)}{cite(caution.source)}{mark}</td></tr>'
    )


def _patient_warnings(link: Link | None, plan: Plan, electro: bool) -> list[str]:
    """Why this patient's flags call for care with this point beyond its catalogue cautions (the suggest rules)."""
    warnings = []
    technique = link.technique if link else ""
    if "anticoagulants" in plan.flags and technique == "bleeding":
        warnings.append("on anticoagulants: no bloodletting (bleeding risk)")
    if "anticoagulants" in plan.flags and technique == "cupping":
        warnings.append("on anticoagulants: cupping bruises more")
    if "pacemaker" in plan.flags and electro:
        warnings.append("pacemaker: no electroacupuncture on this point")
    return warnings
