"""The patient handout as HTML: the condition pack's handout paragraphs, in plain words, with their sources.

No Qt. It says nothing the pack does not say: every paragraph is one of the pack's sourced handout entries, and
the only words taken from the plan are the practitioner's own choices (the retention time).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from html import escape

from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import HANDOUT_SECTIONS, Source
from acuviewer.planner.sheet import sources_html
from acuviewer.userdata.model import Plan

SECTION_TITLES = {
    "session": "What a session is like",
    "course": "How many sessions, and how often",
    "sensations": "What you may feel, during and after",
    "self-care": "Looking after yourself between sessions",
    "see-a-doctor": "When to see a doctor at once",
}
URGENT = "see-a-doctor"
URGENT_TINT = "#fde2e2"


def handout_html(
    condition: Condition,
    plan: Plan | None = None,
    sources: Mapping[str, Source] | None = None,
    *,
    printed: date | None = None,
) -> str:
    """The handout for `condition`; with `plan`, its retention time is added to the session section."""
    cited: list[str] = []
    parts = [
        f"<h1>Acupuncture for {escape(condition.name.lower())}: what to expect</h1>",
        f'<p style="color:#555555">Given to you on {(printed or date.today()).isoformat()}</p>',
        f"<p>{escape(condition.summary)}</p>",
    ]
    cited.append(condition.source)
    for section in (*HANDOUT_SECTIONS, *sorted({f.key for f in condition.handout} - set(HANDOUT_SECTIONS))):
        facts = [f for f in condition.handout if f.key == section]
        if not facts:
            continue
        cited += [f.source for f in facts]
        paragraphs = [f"<p>{escape(f.text)}</p>" for f in facts]
        retention = plan.session.retention_min if plan else None
        if section == "session" and retention:
            paragraphs.append(
                f"<p><b>Your practitioner plans to leave the needles in for about {retention} minutes.</b></p>"
            )
        title = escape(SECTION_TITLES.get(section, section.replace("-", " ").capitalize()))
        if section == URGENT:
            # Boxed, so that a patient skimming the page cannot miss it.
            parts.append(
                '<table width="100%" cellpadding="10" cellspacing="0" border="1" '
                'style="border-color:#c62828; margin-top:12px">'
                f'<tr><td bgcolor="{URGENT_TINT}"><h2>⚠ {title}</h2>{"".join(paragraphs)}</td></tr></table>'
            )
        else:
            parts += [f"<h2>{title}</h2>", *paragraphs]
    parts += sources_html(list(dict.fromkeys(cited)), sources or {}, "Where this information comes from")
    return "\n".join(parts)
