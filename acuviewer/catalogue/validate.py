"""Turns the parsed db/ sources into a Catalogue, collecting every problem instead of stopping at the first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TypeVar

from acuviewer.catalogue.entry import Entry, Problem
from acuviewer.catalogue.loader import read_all, read_sources
from acuviewer.catalogue.model import (
    CAUTION_KINDS,
    CAUTION_STRENGTHS,
    OFFSET_KEYS,
    SOURCE_KINDS,
    VIEWS,
    Catalogue,
    CategoryKind,
    CategoryLink,
    Caution,
    Channel,
    Concept,
    Indication,
    Landmark,
    LocationVariant,
    MapLocation,
    Needling,
    Point,
    Segment,
    Source,
)
from acuviewer.catalogue.validate_condition import read_condition

CHANNEL_CODE = re.compile(r"^([A-Z]{2})(\d+)$")
EXTRA_CODE = re.compile(r"^(EX-[A-Z]+\d+(-[A-Z0-9]+)?|[A-Z][a-z]+)$")
NAMES = ("pinyin", "pinyin_toned", "hanzi", "hanzi_traditional", "english")
POINT_KEYS = {
    "code",
    "number",
    "channel",
    "region",
    *NAMES,
    "aliases",
    "location",
    "location_source",
    "needling",
    "categories",
    "categories_source",
    "actions",
    "actions_source",
    "indications",
    "caution",
    "map",
    "location_variant",
}
T = TypeVar("T")
MAP_KEYS = {"view", "ref", "between", "fraction", "midline", *OFFSET_KEYS}


class _Refs:
    """References to check once everything is read: (entry, field, target)."""

    def __init__(self) -> None:
        self.sources: list[tuple[Entry, str, str]] = []
        self.map_refs: list[tuple[Entry, str, str]] = []


def load_catalogue(db_dir: Path) -> tuple[Catalogue | None, list[Problem]]:
    """Reads and validates db/. Returns the catalogue only when there is no problem at all."""
    problems: list[Problem] = []
    files = read_sources(db_dir, problems)
    refs = _Refs()
    by_name = {f.name: f for f in files}

    sources = read_all(by_name.get("sources.toml"), "source", "id", problems, lambda e: _source(e))
    channels = read_all(by_name.get("channels.toml"), "channel", "code", problems, lambda e: _channel(e, refs))
    categories = read_all(by_name.get("categories.toml"), "category", "kind", problems, _category)
    landmarks = read_all(by_name.get("landmarks.toml"), "landmark", "name", problems, _landmark)
    segments = read_all(by_name.get("landmarks.toml"), "segment", "name", problems, lambda e: _segment(e, refs))

    category_names = {c.kind: c.name for c in categories}
    channel_codes = {c.code for c in channels}
    points: list[Point] = []
    concepts: list[Concept] = []
    seen: dict[str, str] = {}
    for source_file in files:
        if not source_file.name.startswith("points/"):
            continue
        for point in read_all(
            source_file, "point", "code", problems, lambda e: _point(e, refs, category_names, channel_codes)
        ):
            if point.code in seen:
                problems.append(
                    Problem(source_file.name, point.code, "code", f"duplicate code (also in {seen[point.code]})")
                )
                continue
            seen[point.code] = source_file.name
            points.append(point)
        concepts += read_all(source_file, "concept", "code", problems, lambda e: _concept(e, refs))

    conditions = []
    codes, source_ids = set(seen) | {c.code for c in concepts}, {s.id for s in sources}
    for source_file in files:
        if source_file.name.startswith("conditions/"):
            condition = read_condition(source_file, codes, source_ids, problems)
            if condition is not None:
                conditions.append(condition)

    landmark_names = {lm.name for lm in landmarks}
    for segment in segments:
        for end in (segment.start, segment.end):
            if end not in landmark_names:
                problems.append(Problem("landmarks.toml", segment.name, "from/to", f"unknown landmark '{end}'"))
    for entry, field, target in refs.map_refs:
        if target not in landmark_names and target not in seen:
            entry.problem(field, f"link to an unknown point or landmark '{target}'")
    for entry, field, target in refs.sources:
        if target and target not in source_ids:
            entry.problem(field, f"unknown source '{target}'")

    if problems:
        return None, problems
    in_flow = {
        c.code: tuple(p.code for p in sorted(points, key=lambda p: p.number or 0) if p.channel == c.code)
        for c in channels
    }
    channels = [_with_points(c, in_flow[c.code]) for c in channels]
    catalogue = Catalogue(
        tuple(sources),
        tuple(channels),
        tuple(categories),
        tuple(landmarks),
        tuple(segments),
        tuple(points),
        tuple(concepts),
        tuple(conditions),
    )
    return catalogue, problems


def _source(e: Entry) -> Source:
    e.allow_only({"id", "kind", "citation", "note"})
    kind = e.choice("kind", SOURCE_KINDS)
    return Source(e.text("id"), kind, e.text("citation"), e.text("note", required=False))


def _cite(e: Entry, refs: _Refs, key: str) -> str:
    value = e.text(key)
    refs.sources.append((e, key, value))
    return value


def _channel(e: Entry, refs: _Refs) -> Channel:
    e.allow_only({"code", *NAMES, "points", "flow", "flow_text", "source"})
    code = e.text("code")
    if code and not re.fullmatch(r"[A-Z]{2}", code):
        e.problem("code", f"'{code}' is not a two-letter channel code")
    return Channel(
        code,
        pinyin=e.text("pinyin"),
        pinyin_toned=e.text("pinyin_toned"),
        hanzi=e.text("hanzi"),
        hanzi_traditional=e.text("hanzi_traditional"),
        english=e.text("english"),
        point_count=e.integer("points") or 0,
        flow=e.choice("flow", ("centrifugal", "centripetal", "ascending", "descending")),
        flow_text=e.text("flow_text"),
        source=_cite(e, refs, "source"),
    )


def _with_points(channel: Channel, codes: tuple[str, ...]) -> Channel:
    return Channel(
        channel.code,
        channel.pinyin,
        channel.pinyin_toned,
        channel.hanzi,
        channel.hanzi_traditional,
        channel.english,
        channel.point_count,
        channel.flow,
        channel.flow_text,
        channel.source,
        codes,
    )


def _category(e: Entry) -> CategoryKind:
    e.allow_only({"kind", "name", "group"})
    return CategoryKind(e.text("kind"), e.text("name"), e.text("group"))


def _landmark(e: Entry) -> Landmark:
    e.allow_only({"name", "paired", "description"})
    name = e.text("name")
    if name and not re.fullmatch(r"[A-Za-z0-9-]+", name):
        e.problem("name", f"'{name}' may hold only letters, digits and hyphens (it becomes an SVG id)")
    return Landmark(name, e.flag("paired"), e.text("description"))


def _segment(e: Entry, refs: _Refs) -> Segment:
    e.allow_only({"name", "from", "to", "cun", "source", "note"})
    cun = e.number("cun", minimum=0.5, maximum=40)
    return Segment(e.text("name"), e.text("from"), e.text("to"), cun, _cite(e, refs, "source"), e.text("note", False))


def _concept(e: Entry, refs: _Refs) -> Concept:
    e.allow_only({"code", *NAMES, "description", "source"})
    return Concept(
        code=e.text("code"),
        pinyin=e.text("pinyin"),
        pinyin_toned=e.text("pinyin_toned"),
        hanzi=e.text("hanzi"),
        hanzi_traditional=e.text("hanzi_traditional"),
        english=e.text("english"),
        description=e.text("description"),
        source=_cite(e, refs, "source"),
    )


def _point(e: Entry, refs: _Refs, category_names: dict[str, str], channel_codes: set[str]) -> Point:
    e.allow_only(POINT_KEYS)
    code = e.text("code")
    number = e.integer("number", required=False)
    channel: str | None = e.text("channel", required=False) or None
    match = CHANNEL_CODE.match(code)
    if match:
        channel = channel or match.group(1)
        if number is None:
            e.problem("number", "missing required field")
        elif number != int(match.group(2)):
            e.problem("number", f"bad number: {number} does not match the code {code}")
    elif code and not EXTRA_CODE.match(code):
        e.problem("code", f"'{code}' is neither a channel code (BL40) nor an extra point code (EX-B7)")
    if channel is not None and channel not in channel_codes:
        e.problem("channel", f"unknown channel '{channel}'")
    return Point(
        code=code,
        channel=channel,
        number=number,
        pinyin=e.text("pinyin"),
        pinyin_toned=e.text("pinyin_toned"),
        hanzi=e.text("hanzi"),
        hanzi_traditional=e.text("hanzi_traditional"),
        english=e.text("english"),
        aliases=e.texts("aliases"),
        location=e.text("location"),
        location_source=_cite(e, refs, "location_source"),
        needling=_needling(e, refs),
        categories=_categories(e, category_names),
        categories_source=_cite(e, refs, "categories_source"),
        actions=e.texts("actions"),
        actions_source=_cite(e, refs, "actions_source"),
        indications=_indications(e, refs),
        cautions=tuple(_caution(c, refs) for c in e.tables("caution")),
        map=_map(e, refs),
        location_variants=tuple(
            LocationVariant(v.text("text"), _cite(v, refs, "source")) for v in e.tables("location_variant")
        ),
        region=e.text("region", required=False),
    )


def _needling(e: Entry, refs: _Refs) -> Needling:
    tables = e.tables("needling", required=True)
    n = tables[0] if tables else e.child({}, "needling")
    n.allow_only({"angle", "depth_min", "depth_max", "note", "source"})
    before = len(n.problems)
    low, high = n.number("depth_min", minimum=0, maximum=5), n.number("depth_max", minimum=0, maximum=5)
    if len(n.problems) == before and low > high:  # only compare two good numbers
        n.problem("depth_max", f"bad number: depth_max {high:g} is below depth_min {low:g}")
    return Needling(n.text("angle"), low, high, n.text("note", required=False), _cite(n, refs, "source"))


def _categories(e: Entry, category_names: dict[str, str]) -> tuple[CategoryLink, ...]:
    if not e.has("categories"):
        e.problem("categories", "missing required field (use [] for none)")
    links = []
    for c in e.tables("categories"):
        c.allow_only({"kind", "note"})
        kind = c.text("kind")
        if kind and kind not in category_names:
            c.problem("kind", f"unknown category '{kind}'")
        links.append(CategoryLink(kind, category_names.get(kind, kind), c.text("note", required=False)))
    return tuple(links)


def _indications(e: Entry, refs: _Refs) -> tuple[Indication, ...]:
    items = e.tables("indications", required=True)
    if e.has("indications") and not items:
        e.problem("indications", "must list at least one indication")
    found = []
    for i in items:
        i.allow_only({"text", "sciatica", "source"})
        found.append(Indication(i.text("text"), i.flag("sciatica"), _cite(i, refs, "source")))
    return tuple(found)


def _caution(c: Entry, refs: _Refs) -> Caution:
    c.allow_only({"kind", "strength", "note", "source"})
    return Caution(
        c.choice("kind", CAUTION_KINDS),
        c.choice("strength", CAUTION_STRENGTHS),
        c.text("note"),
        _cite(c, refs, "source"),
    )


def _map(e: Entry, refs: _Refs) -> tuple[MapLocation, ...]:
    entries = e.tables("map", required=True)
    if e.has("map") and not entries:
        e.problem("map", "needs at least one view")
    locations = []
    for m in entries:
        m.allow_only(MAP_KEYS)
        view = m.choice("view", VIEWS)
        between = m.data.get("between")
        pair: tuple[str, str] | None = None
        fraction = 0.0
        if between is not None:
            if not (isinstance(between, list) and len(between) == 2 and all(isinstance(b, str) for b in between)):
                m.problem("between", "must be a list of two references")
            else:
                pair = (between[0], between[1])
                refs.map_refs += [(m, "between", b) for b in pair]
            fraction = m.number("fraction", minimum=0, maximum=1)
            if m.has("ref"):
                m.problem("ref", "give either ref or between, not both")
        else:
            ref = m.text("ref")
            if ref:
                refs.map_refs.append((m, "ref", ref))
        offsets = tuple((k, m.number(k, minimum=0, maximum=40)) for k in OFFSET_KEYS if m.has(k))
        locations.append(MapLocation(view, m.text("ref", required=False), pair, fraction, offsets, m.flag("midline")))
    return tuple(locations)
