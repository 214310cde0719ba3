"""Points, channels and search hits as plain text and as JSON-ready dicts, for the command line."""

from __future__ import annotations

import textwrap
from dataclasses import asdict
from typing import Any

from acuviewer.catalogue.model import Channel, Concept, Point, SearchHit


def point_dict(p: Point) -> dict[str, Any]:
    return {
        "code": p.code,
        "meridian": p.channel,
        "number": p.number,
        "pinyin": p.pinyin,
        "pinyin_toned": p.pinyin_toned,
        "hanzi": p.hanzi,
        "hanzi_traditional": p.hanzi_traditional,
        "english": p.english,
        "aliases": list(p.aliases),
        "location": p.location,
        "location_source": p.location_source,
        "location_variants": [asdict(v) for v in p.location_variants],
        "needling": asdict(p.needling),
        "categories": [asdict(c) for c in p.categories],
        "actions": list(p.actions),
        "indications": [asdict(i) for i in p.indications],
        "cautions": [asdict(c) for c in p.cautions],
        "sources": {"categories": p.categories_source, "actions": p.actions_source},
    }


def point_text(p: Point) -> str:
    channel = f"{p.channel} {p.number}" if p.channel else (p.region or "extra point")
    lines = [
        f"{p.code}  {p.pinyin_toned}  {p.hanzi} ({p.hanzi_traditional})  {p.english}",
        f"Channel: {channel}",
    ]
    if p.aliases:
        lines.append("Also: " + ", ".join(p.aliases))
    for c in p.cautions:  # safety before anything else a practitioner reads
        lines.append(f"!! {c.strength.upper()} ({c.kind}): {c.note} [{c.source}]")
    lines += _block("Location", [f"{p.location} [{p.location_source}]"])
    lines += [f"  Variant: {v.text} [{v.source}]" for v in p.location_variants]
    n = p.needling
    lines += _block("Needling", [f"{n.angle}, {n.depth_min:g}-{n.depth_max:g} cun. {n.note} [{n.source}]"])
    if p.categories:
        cats = [c.name + (f" ({c.note})" if c.note else "") for c in p.categories]
        lines += _block("Categories", ["; ".join(cats) + f" [{p.categories_source}]"])
    lines += _block("Actions", ["; ".join(p.actions) + f" [{p.actions_source}]"])
    ordered = sorted(p.indications, key=lambda i: not i.sciatica)
    lines += _block("Indications", [("* " if i.sciatica else "- ") + f"{i.text} [{i.source}]" for i in ordered])
    if any(i.sciatica for i in p.indications):
        lines.append("  (* used for sciatica)")
    return "\n".join(lines)


def concept_text(c: Concept) -> str:
    return f"{c.code}  {c.pinyin_toned}  {c.hanzi}  {c.english}\n" + "\n".join(
        _block("About", [f"{c.description} [{c.source}]"])
    )


def channel_dict(c: Channel, points: list[Point]) -> dict[str, Any]:
    return {
        "code": c.code,
        "pinyin": c.pinyin,
        "pinyin_toned": c.pinyin_toned,
        "hanzi": c.hanzi,
        "hanzi_traditional": c.hanzi_traditional,
        "english": c.english,
        "point_count": c.point_count,
        "flow": c.flow,
        "flow_text": c.flow_text,
        "source": c.source,
        "points": [{"code": p.code, "pinyin": p.pinyin_toned, "hanzi": p.hanzi, "english": p.english} for p in points],
    }


def channel_text(c: Channel, points: list[Point]) -> str:
    held = f"{len(points)} of {c.point_count} points in the catalogue"
    lines = [f"{c.code}  {c.pinyin_toned}  {c.hanzi} ({c.hanzi_traditional})  {c.english}", held]
    lines += _block("Flow", [f"{c.flow}: {c.flow_text}"])
    lines += ["", "Points in flow order:"]
    lines += [f"  {p.code:<7} {p.pinyin_toned:<16} {p.hanzi:<6} {p.english}" for p in points]
    return "\n".join(lines)


def hits_dict(hits: list[SearchHit]) -> list[dict[str, str]]:
    return [asdict(h) for h in hits]


def hits_text(hits: list[SearchHit]) -> str:
    return "\n".join(f"{h.code:<12} {h.pinyin:<16} {h.hanzi:<6} {h.english}  ({h.matched})" for h in hits)


def _block(title: str, items: list[str]) -> list[str]:
    wrapped = [textwrap.fill(i, 100, initial_indent="  ", subsequent_indent="    ") for i in items]
    return [f"{title}:", *wrapped]
