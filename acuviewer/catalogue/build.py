"""Builds catalogue.sqlite from validated db/ sources with sqlite-utils: declared tables, FTS, user_version."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path
from typing import Any

import sqlite_utils

from acuviewer.catalogue.entry import Problem
from acuviewer.catalogue.fingerprint import fingerprint
from acuviewer.catalogue.model import OFFSET_KEYS, Catalogue, Point
from acuviewer.catalogue.schema import FTS_TOKENIZE, KEY_KINDS, SCHEMA_VERSION
from acuviewer.catalogue.text import code_key, fold
from acuviewer.catalogue.validate import load_catalogue

_CODE_LIKE = re.compile(r"^[A-Za-z]{2,3}[- ]?[A-Za-z]*\d")


def build_catalogue(db_dir: Path, output: Path) -> list[Problem]:
    """Validates db_dir and, only if it is clean, replaces `output` atomically. Returns the problems found."""
    catalogue, problems = load_catalogue(db_dir)
    if catalogue is None:
        return problems
    output.parent.mkdir(parents=True, exist_ok=True)
    temporary = output.with_name(output.name + ".tmp")
    temporary.unlink(missing_ok=True)
    try:
        database = sqlite_utils.Database(temporary)
        try:
            write_catalogue(database, catalogue, fingerprint(db_dir))
        finally:
            database.close()
        os.replace(temporary, output)  # readers see the old file or the new one, never half of one
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    return []


def write_catalogue(db: sqlite_utils.Database, catalogue: Catalogue, source_hash: str) -> None:
    """Creates every table and fills it; rows go in a fixed order so the same sources give the same file."""
    # The file is private until os.replace publishes it, so durability during the build buys nothing.
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    _create_tables(db)
    db.table("meta").insert_all([{"key": "source_hash", "value": source_hash}])
    db.table("sources").insert_all(
        {"id": s.id, "kind": s.kind, "citation": s.citation, "note": s.note} for s in catalogue.sources
    )
    db.table("channels").insert_all(
        {
            "code": c.code,
            "pinyin": c.pinyin,
            "pinyin_toned": c.pinyin_toned,
            "hanzi": c.hanzi,
            "hanzi_traditional": c.hanzi_traditional,
            "english": c.english,
            "point_count": c.point_count,
            "flow": c.flow,
            "flow_text": c.flow_text,
            "source_id": c.source,
            "position": i,
        }
        for i, c in enumerate(catalogue.channels)
    )
    db.table("categories").insert_all(
        {"kind": c.kind, "name": c.name, "group_name": c.group} for c in catalogue.categories
    )
    db.table("landmarks").insert_all(
        {"name": lm.name, "paired": lm.paired, "description": lm.description} for lm in catalogue.landmarks
    )
    db.table("segments").insert_all(
        {
            "name": s.name,
            "from_landmark": s.start,
            "to_landmark": s.end,
            "cun": s.cun,
            "source_id": s.source,
            "note": s.note,
        }
        for s in catalogue.segments
    )
    db.table("concepts").insert_all(
        {
            "code": c.code,
            "pinyin": c.pinyin,
            "pinyin_toned": c.pinyin_toned,
            "hanzi": c.hanzi,
            "hanzi_traditional": c.hanzi_traditional,
            "english": c.english,
            "description": c.description,
            "source_id": c.source,
        }
        for c in catalogue.concepts
    )
    # A condition is one nested document, read whole by the planner: a JSON column, not a dozen tables.
    db.table("conditions").insert_all(
        {
            "id": c.id,
            "name": c.name,
            "source_id": c.source,
            "position": i,
            "data": json.dumps(asdict(c), ensure_ascii=False, sort_keys=True),
        }
        for i, c in enumerate(catalogue.conditions)
    )
    channel_rank = {c.code: i for i, c in enumerate(catalogue.channels)}
    ordered = sorted(
        catalogue.points,
        key=lambda p: (channel_rank.get(p.channel or "", len(channel_rank)), p.number or 0, p.code),
    )
    rows: dict[str, list[dict[str, Any]]] = {}
    for position, point in enumerate(ordered):
        for table, row in _point_rows(point, position):
            rows.setdefault(table, []).append(row)
    for table, table_rows in rows.items():  # one bulk insert per table: per-row calls cost seconds
        db.table(table).insert_all(table_rows, batch_size=1000)
    db.table("point_text").enable_fts(["names", "location", "indications", "notes"], tokenize=FTS_TOKENIZE)
    # Trigrams let "contains" search use an index instead of scanning every key (3+ characters).
    db.table("search_keys").enable_fts(["key"], tokenize="trigram")
    db.table("point_text").optimize()
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
    db.vacuum()


def _create_tables(db: sqlite_utils.Database) -> None:
    db.table("meta").create({"key": str, "value": str}, pk="key")
    db.table("sources").create(
        {"id": str, "kind": str, "citation": str, "note": str}, pk="id", not_null={"kind", "citation"}
    )
    db.table("channels").create(
        {
            "code": str,
            "pinyin": str,
            "pinyin_toned": str,
            "hanzi": str,
            "hanzi_traditional": str,
            "english": str,
            "point_count": int,
            "flow": str,
            "flow_text": str,
            "source_id": str,
            "position": int,
        },
        pk="code",
        foreign_keys=[("source_id", "sources", "id")],
        not_null={"pinyin", "hanzi", "english"},
    )
    db.table("categories").create({"kind": str, "name": str, "group_name": str}, pk="kind")
    db.table("landmarks").create({"name": str, "paired": bool, "description": str}, pk="name")
    db.table("segments").create(
        {"name": str, "from_landmark": str, "to_landmark": str, "cun": float, "source_id": str, "note": str},
        pk="name",
        foreign_keys=[
            ("from_landmark", "landmarks", "name"),
            ("to_landmark", "landmarks", "name"),
            ("source_id", "sources", "id"),
        ],
    )
    db.table("concepts").create(
        {
            "code": str,
            "pinyin": str,
            "pinyin_toned": str,
            "hanzi": str,
            "hanzi_traditional": str,
            "english": str,
            "description": str,
            "source_id": str,
        },
        pk="code",
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("conditions").create(
        {"id": str, "name": str, "source_id": str, "position": int, "data": str},
        pk="id",
        not_null={"name", "data"},
        foreign_keys=[("source_id", "sources", "id")],
    )
    db.table("points").create(
        {
            "code": str,
            "channel_code": str,
            "number": int,
            "position": int,
            "region": str,
            "pinyin": str,
            "pinyin_toned": str,
            "hanzi": str,
            "hanzi_traditional": str,
            "english": str,
            "location": str,
            "location_source": str,
            "needling_angle": str,
            "needling_depth_min": float,
            "needling_depth_max": float,
            "needling_note": str,
            "needling_source": str,
            "categories_source": str,
            "actions_source": str,
        },
        pk="code",
        foreign_keys=[
            ("channel_code", "channels", "code"),
            ("location_source", "sources", "id"),
            ("needling_source", "sources", "id"),
            ("categories_source", "sources", "id"),
            ("actions_source", "sources", "id"),
        ],
        not_null={"position", "pinyin", "pinyin_toned", "hanzi", "hanzi_traditional", "english", "location"},
    )
    point_fk = ("point_code", "points", "code")
    db.table("aliases").create(
        {"point_code": str, "position": int, "alias": str},
        pk=("point_code", "position"),
        foreign_keys=[point_fk],
    )
    db.table("point_categories").create(
        {"point_code": str, "category_kind": str, "note": str},
        pk=("point_code", "category_kind"),
        foreign_keys=[point_fk, ("category_kind", "categories", "kind")],
    )
    db.table("actions").create(
        {"point_code": str, "position": int, "text": str},
        pk=("point_code", "position"),
        foreign_keys=[point_fk],
    )
    sourced = [point_fk, ("source_id", "sources", "id")]
    db.table("indications").create(
        {"point_code": str, "position": int, "text": str, "sciatica": bool, "source_id": str},
        pk=("point_code", "position"),
        foreign_keys=sourced,
    )
    db.table("cautions").create(
        {"point_code": str, "position": int, "kind": str, "strength": str, "note": str, "source_id": str},
        pk=("point_code", "position"),
        foreign_keys=sourced,
    )
    db.table("location_variants").create(
        {"point_code": str, "position": int, "text": str, "source_id": str},
        pk=("point_code", "position"),
        foreign_keys=sourced,
    )
    db.table("point_locations").create(
        {
            "point_code": str,
            "position": int,
            "view": str,
            "ref": str,
            "between_a": str,
            "between_b": str,
            "fraction": float,
            **dict.fromkeys(OFFSET_KEYS, float),
            "midline": bool,
        },
        pk=("point_code", "position"),
        foreign_keys=[point_fk],
    )
    db.table("search_keys").create(
        {"point_code": str, "key": str, "kind_rank": int, "kind": str, "shown": str, "position": int},
        foreign_keys=[point_fk],
    )
    db.table("search_keys").create_index(["key"])
    db.table("search_keys").create_index(["kind", "key"])  # short "contains" queries scan one kind, not all keys
    db.table("point_text").create(
        {"point_code": str, "names": str, "location": str, "indications": str, "notes": str},
        pk="point_code",
        foreign_keys=[point_fk],
    )


def _point_rows(p: Point, position: int) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every row one point contributes, as (table, row); the caller inserts them in bulk."""
    n, code = p.needling, p.code
    yield (
        "points",
        {
            "code": code,
            "channel_code": p.channel,
            "number": p.number,
            "position": position,
            "region": p.region,
            "pinyin": p.pinyin,
            "pinyin_toned": p.pinyin_toned,
            "hanzi": p.hanzi,
            "hanzi_traditional": p.hanzi_traditional,
            "english": p.english,
            "location": p.location,
            "location_source": p.location_source,
            "needling_angle": n.angle,
            "needling_depth_min": n.depth_min,
            "needling_depth_max": n.depth_max,
            "needling_note": n.note,
            "needling_source": n.source,
            "categories_source": p.categories_source,
            "actions_source": p.actions_source,
        },
    )
    for i, alias in enumerate(p.aliases):
        yield "aliases", {"point_code": code, "position": i, "alias": alias}
    for link in p.categories:
        yield "point_categories", {"point_code": code, "category_kind": link.kind, "note": link.note}
    for i, action in enumerate(p.actions):
        yield "actions", {"point_code": code, "position": i, "text": action}
    for i, x in enumerate(p.indications):
        yield (
            "indications",
            {"point_code": code, "position": i, "text": x.text, "sciatica": x.sciatica, "source_id": x.source},
        )
    for i, c in enumerate(p.cautions):
        yield (
            "cautions",
            {
                "point_code": code,
                "position": i,
                "kind": c.kind,
                "strength": c.strength,
                "note": c.note,
                "source_id": c.source,
            },
        )
    for i, v in enumerate(p.location_variants):
        yield "location_variants", {"point_code": code, "position": i, "text": v.text, "source_id": v.source}
    for i, m in enumerate(p.map):
        yield (
            "point_locations",
            {
                "point_code": code,
                "position": i,
                "view": m.view,
                "ref": m.ref or None,
                "between_a": m.between[0] if m.between else None,
                "between_b": m.between[1] if m.between else None,
                "fraction": m.fraction if m.between else None,
                **dict.fromkeys(OFFSET_KEYS),
                **dict(m.offsets),
                "midline": m.midline,
            },
        )
    for row in _search_keys(p, position):
        yield "search_keys", row
    yield (
        "point_text",
        {
            "point_code": code,
            "names": " ".join((code, p.pinyin, p.pinyin_toned, p.hanzi, p.hanzi_traditional, p.english, *p.aliases)),
            "location": " ".join((p.location, *(v.text for v in p.location_variants))),
            "indications": " ".join(x.text for x in p.indications),
            "notes": " ".join((*p.actions, n.note, *(c.note for c in p.cautions), *(c.name for c in p.categories))),
        },
    )


def _search_keys(p: Point, position: int) -> Iterator[dict[str, Any]]:
    """Folded keys for the fast name tiers of search; the same (key, kind) is stored once per point."""
    candidates: list[tuple[str, str, str]] = [("code", code_key(p.code), p.code)]
    candidates += [("code", code_key(a), a) for a in p.aliases if _CODE_LIKE.match(a)]
    candidates += [("pinyin", fold(name), name) for name in (p.pinyin, p.pinyin_toned)]
    candidates += [("hanzi", fold(name), name) for name in (p.hanzi, p.hanzi_traditional)]
    candidates += [("alias", fold(a), a) for a in p.aliases]
    candidates += [("english", fold(p.english), p.english)]
    seen: set[tuple[str, str]] = set()
    for kind, key, shown in candidates:
        if key and (key, kind) not in seen:
            seen.add((key, kind))
            yield {
                "point_code": p.code,
                "key": key,
                "kind_rank": KEY_KINDS.index(kind),
                "kind": kind,
                "shown": shown,
                "position": position,
            }
