"""Read-only access to a built catalogue, returning dataclasses (never rows, never Qt objects)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from acuviewer.catalogue import search as search_module
from acuviewer.catalogue.model import (
    OFFSET_KEYS,
    CategoryLink,
    Caution,
    Channel,
    Concept,
    Indication,
    LocationVariant,
    MapLocation,
    Needling,
    Point,
    PointSummary,
    SearchHit,
    Segment,
    Source,
)
from acuviewer.catalogue.schema import SCHEMA_VERSION
from acuviewer.catalogue.text import channel_key, code_key

if TYPE_CHECKING:
    from acuviewer.catalogue.condition import Condition


class CatalogueError(Exception):
    """The catalogue cannot be used; the message says why, in words for the user."""


class Repository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn
        self._codes: dict[str, str] | None = None

    @classmethod
    def open(cls, path: Path) -> Repository:
        """Opens read-only; refuses a missing, damaged or wrong-version catalogue with a CatalogueError."""
        if not path.is_file():
            raise CatalogueError(f"The catalogue {path} does not exist. Run 'acuviewer build-db' to build it.")
        try:
            conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute("SELECT count(*) FROM points").fetchone()
        except sqlite3.DatabaseError as error:
            raise CatalogueError(f"The catalogue {path} is damaged or not a catalogue ({error}).") from error
        if version != SCHEMA_VERSION:
            conn.close()
            raise CatalogueError(
                f"The catalogue {path} has schema version {version}; this AcuViewer reads version "
                f"{SCHEMA_VERSION}. Rebuild it with 'acuviewer build-db'."
            )
        return cls(conn)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Repository:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    def source_hash(self) -> str:
        row = self._conn.execute("SELECT value FROM meta WHERE key = 'source_hash'").fetchone()
        return str(row[0]) if row else ""

    def resolve(self, code: str) -> str | None:
        """The catalogue's code for any spelling of a code ('bl-40', 'UB40' -> 'BL40'), or None."""
        if self._codes is None:
            rows = self._conn.execute("SELECT key, point_code FROM search_keys WHERE kind = 'code' ORDER BY position")
            self._codes = {}
            for key, point_code in rows:
                self._codes.setdefault(key, point_code)
        return self._codes.get(code_key(code))

    def point(self, code: str) -> Point | None:
        resolved = self.resolve(code)
        if resolved is None:
            return None
        cursor = self._conn.execute("SELECT * FROM points WHERE code = ?", (resolved,))
        cursor.row_factory = sqlite3.Row
        p = cursor.fetchone()
        return Point(
            code=p["code"],
            channel=p["channel_code"],
            number=p["number"],
            pinyin=p["pinyin"],
            pinyin_toned=p["pinyin_toned"],
            hanzi=p["hanzi"],
            hanzi_traditional=p["hanzi_traditional"],
            english=p["english"],
            aliases=tuple(self._column("alias", "aliases", resolved)),
            location=p["location"],
            location_source=p["location_source"],
            needling=Needling(
                p["needling_angle"],
                p["needling_depth_min"],
                p["needling_depth_max"],
                p["needling_note"],
                p["needling_source"],
            ),
            categories=tuple(
                CategoryLink(*r)
                for r in self._conn.execute(
                    "SELECT pc.category_kind, c.name, pc.note FROM point_categories pc "
                    "JOIN categories c ON c.kind = pc.category_kind WHERE pc.point_code = ? ORDER BY pc.rowid",
                    (resolved,),
                )
            ),
            categories_source=p["categories_source"],
            actions=tuple(self._column("text", "actions", resolved)),
            actions_source=p["actions_source"],
            indications=tuple(
                Indication(t, bool(s), src)
                for t, s, src in self._rows("text, sciatica, source_id", "indications", resolved)
            ),
            cautions=tuple(Caution(*r) for r in self._rows("kind, strength, note, source_id", "cautions", resolved)),
            map=tuple(self._locations(resolved)),
            location_variants=tuple(
                LocationVariant(*r) for r in self._rows("text, source_id", "location_variants", resolved)
            ),
            region=p["region"] or "",
        )

    def _rows(self, columns: str, table: str, code: str) -> list[tuple[Any, ...]]:
        sql = f"SELECT {columns} FROM {table} WHERE point_code = ? ORDER BY position"
        return self._conn.execute(sql, (code,)).fetchall()

    def _column(self, column: str, table: str, code: str) -> list[str]:
        return [str(r[0]) for r in self._rows(column, table, code)]

    def _locations(self, code: str) -> list[MapLocation]:
        columns = "view, ref, between_a, between_b, fraction, midline, " + ", ".join(OFFSET_KEYS)
        found = []
        for view, ref, a, b, fraction, midline, *offsets in self._rows(columns, "point_locations", code):
            pairs = tuple((k, float(v)) for k, v in zip(OFFSET_KEYS, offsets, strict=True) if v is not None)
            found.append(
                MapLocation(
                    str(view),
                    str(ref or ""),
                    (str(a), str(b)) if a else None,
                    float(fraction or 0.0),
                    pairs,
                    bool(midline),
                )
            )
        return found

    def channels(self) -> list[Channel]:
        rows = self._conn.execute(
            "SELECT code, pinyin, pinyin_toned, hanzi, hanzi_traditional, english, point_count, flow, flow_text, "
            "source_id FROM channels ORDER BY position"
        ).fetchall()
        return [self._channel_from(row) for row in rows]

    def _channel_from(self, row: tuple[Any, ...]) -> Channel:
        code, pinyin, toned, hanzi, traditional, english, count, flow, flow_text, source = row
        return Channel(
            code, pinyin, toned, hanzi, traditional, english, count, flow, flow_text, source, self._flow(code)
        )

    def channel(self, code: str) -> Channel | None:
        wanted = channel_key(code).upper()
        return next((c for c in self.channels() if c.code == wanted), None)

    def _flow(self, channel: str) -> tuple[str, ...]:
        rows = self._conn.execute("SELECT code FROM points WHERE channel_code = ? ORDER BY position", (channel,))
        return tuple(r[0] for r in rows)

    def point_codes(self) -> list[str]:
        """Every point, channels in catalogue order and each in flow order."""
        return [r[0] for r in self._conn.execute("SELECT code FROM points ORDER BY position")]

    def concept(self, code: str) -> Concept | None:
        row = self._conn.execute(
            "SELECT code, pinyin, pinyin_toned, hanzi, hanzi_traditional, english, description, source_id "
            "FROM concepts WHERE lower(code) = lower(?)",
            (code.strip(),),
        ).fetchone()
        return Concept(*row) if row else None

    def points(self) -> list[Point]:
        """Every point, channels in catalogue order and each in flow order."""
        return [p for p in map(self.point, self.point_codes()) if p is not None]

    def summaries(self) -> list[PointSummary]:
        """Every point's code, channel and names in one query, in the order of point_codes()."""
        rows = self._conn.execute(
            "SELECT code, channel_code, pinyin_toned, hanzi, english FROM points ORDER BY position"
        ).fetchall()
        return [PointSummary(*row) for row in rows]

    def segments(self) -> list[Segment]:
        rows = self._conn.execute("SELECT name, from_landmark, to_landmark, cun, source_id, note FROM segments")
        return [Segment(n, a, b, float(cun), src, note or "") for n, a, b, cun, src, note in rows]

    def conditions(self) -> list[tuple[str, str]]:
        """(id, name) of every condition pack, in catalogue order."""
        return [(str(i), str(n)) for i, n in self._conn.execute("SELECT id, name FROM conditions ORDER BY position")]

    def condition(self, condition_id: str) -> Condition | None:
        from acuviewer.catalogue.condition import condition_from_data  # its classes stay off the window's start

        row = self._conn.execute("SELECT data FROM conditions WHERE id = ?", (condition_id,)).fetchone()
        return condition_from_data(json.loads(row[0])) if row else None

    def sources(self) -> list[Source]:
        return [Source(*r) for r in self._conn.execute("SELECT id, kind, citation, note FROM sources ORDER BY rowid")]

    def search(self, text: str, limit: int = 20) -> list[SearchHit]:
        return search_module.search(self._conn, text, limit)
