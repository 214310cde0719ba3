"""A point's details as escaped HTML for Qt's rich text: shown in the details panel and printed on a point card.

Every catalogue string passes through html.escape: the catalogue is data, never markup.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from html import escape

from acuviewer.catalogue.model import Caution, Point, Source

STRENGTH_WORDS = {"contraindicated": "CONTRAINDICATED", "caution": "CAUTION", "disputed": "DISPUTED"}
# Tints readable under both light and dark palettes: the text keeps the palette's colour.
CAUTION_TINTS = {
    False: {"contraindicated": "#ffd6d6", "caution": "#ffe7c2", "disputed": "#fff3c4"},
    True: {"contraindicated": "#6b1f1f", "caution": "#6b4310", "disputed": "#5c5214"},
}
UNVERIFIED = "common-extra"  # the one provenance the app must flag as not checked against a named book


def point_html(
    point: Point, channel_name: str, sources: Mapping[str, Source], *, dark: bool = False, drawn_view: str = ""
) -> str:
    """The whole details page for one point; `drawn_view` names the view the map shows it in, if any."""
    cited: list[str] = []

    def cite(source_id: str) -> str:
        if source_id not in cited:
            cited.append(source_id)
        return f' <span style="color:gray">[{escape(source_id)}]</span>'

    names = f"{escape(point.pinyin_toned)} &nbsp; {escape(point.hanzi)}"
    if point.hanzi_traditional and point.hanzi_traditional != point.hanzi:
        names += f" &nbsp;(traditional {escape(point.hanzi_traditional)})"
    parts = [
        f"<h2>{escape(point.code)} &nbsp; {names}</h2>",
        f"<p><b>{escape(point.english)}</b> &nbsp;·&nbsp; {escape(channel_name)}</p>",
    ]
    if point.aliases:
        parts.append(f"<p>Also known as: {escape(', '.join(point.aliases))}</p>")
    if point.cautions:  # safety first: before location and needling
        parts.append(_cautions_table(point.cautions, dark, cite))

    parts.append("<h3>Location</h3>")
    parts.append(f"<p>{escape(point.location)}{cite(point.location_source)}</p>")
    where = f"in the {escape(drawn_view)} view" if drawn_view else "in no view (not on the figure)"
    parts.append(f"<p><i>The map draws this location, as given by [{escape(point.location_source)}], {where}.</i></p>")
    for variant in point.location_variants:
        parts.append(f"<p>Other standard (not drawn): {escape(variant.text)}{cite(variant.source)}</p>")

    n = point.needling
    parts.append("<h3>Needling</h3>")
    parts.append(f"<p>{escape(n.angle)}, {n.depth_min:g}–{n.depth_max:g} cun. {escape(n.note)}{cite(n.source)}</p>")

    if point.categories:
        names_list = [escape(c.name + (f" ({c.note})" if c.note else "")) for c in point.categories]
        parts.append("<h3>Categories</h3>")
        parts.append(f"<p>{'; '.join(names_list)}{cite(point.categories_source)}</p>")
    if point.actions:
        parts.append("<h3>Actions</h3>")
        parts.append(f"<p>{escape('; '.join(point.actions))}{cite(point.actions_source)}</p>")
    if point.indications:
        parts.append("<h3>Indications</h3><ul>")
        for item in sorted(point.indications, key=lambda i: not i.sciatica):  # sciatica ones first
            mark = "<b>Sciatica:</b> " if item.sciatica else ""
            parts.append(f"<li>{mark}{escape(item.text)}{cite(item.source)}</li>")
        parts.append("</ul>")

    parts.append("<h3>Sources</h3><ul>")
    for source_id in cited:
        source = sources.get(source_id)
        text = escape(source.citation) if source else "(not in the catalogue's source list)"
        flag = " <b>Unverified provenance.</b>" if source_id == UNVERIFIED else ""
        parts.append(f"<li><b>[{escape(source_id)}]</b> {text}{flag}</li>")
    parts.append("</ul>")
    return "\n".join(parts)


def _cautions_table(cautions: tuple[Caution, ...], dark: bool, cite: Callable[[str], str]) -> str:
    rows = []
    for c in cautions:
        tint = CAUTION_TINTS[dark].get(c.strength, CAUTION_TINTS[dark]["caution"])
        word = STRENGTH_WORDS.get(c.strength, c.strength.upper())
        rows.append(
            f'<tr><td bgcolor="{tint}"><b>⚠ {escape(word)}</b> — {escape(c.kind.replace("-", " "))}: '
            f"{escape(c.note)}{cite(c.source)}</td></tr>"
        )
    return f'<table width="100%" cellpadding="6" cellspacing="2">{"".join(rows)}</table>'
