"""Ranked search over a built catalogue: exact code, then names and aliases, then full text."""

from __future__ import annotations

import re
import sqlite3

from acuviewer.catalogue.model import SearchHit
from acuviewer.catalogue.text import clean_query, code_key, fold, has_cjk

_WORD = re.compile(r"\w+")
_MAX_TOKENS = 12
_TEXT_CANDIDATES = 500


def search(conn: sqlite3.Connection, text: str, limit: int = 20) -> list[SearchHit]:
    """Best first. Any text gives results or nothing, never an error: the query is folded into keys and
    quoted FTS tokens, so quotes, operators, brackets, emoji and control characters are plain text."""
    query = clean_query(text)
    if not query or limit <= 0:
        return []
    key = fold(query)
    found: dict[str, str] = {}  # point code -> what matched, in rank order

    def take(rows: list[tuple[str, str]]) -> bool:
        for code, matched in rows:
            found.setdefault(code, matched)
        return len(found) >= limit

    if key:
        exact_code = conn.execute(
            "SELECT point_code, 'code' FROM search_keys WHERE kind = 'code' AND key = ? ORDER BY position",
            (code_key(query),),
        ).fetchall()
        if take(exact_code):
            return _hits(conn, found, limit)
        tiers = [("WHERE key = ?", (key,)), ("WHERE key >= ? AND key < ? || char(1114111)", (key, key))]
        for where, params in tiers:
            if take(_key_rows(conn, where, params, limit)):
                return _hits(conn, found, limit)
        if len(key) >= 3:
            phrase = '"' + key.replace('"', '""') + '"'
            rows = _key_rows(conn, "WHERE rowid IN (SELECT rowid FROM search_keys_fts WHERE search_keys_fts MATCH ?)",
                             (phrase,), limit)  # fmt: skip
        elif len(key) == 2 or has_cjk(key):  # too short for trigrams: scan, through the (kind, key) index
            kinds = "'hanzi', 'alias'" if has_cjk(key) else "'pinyin', 'alias'"
            rows = _key_rows(conn, f"WHERE kind IN ({kinds}) AND instr(key, ?) > 0", (key,), limit)
        else:
            rows = []
        if take(rows):
            return _hits(conn, found, limit)
    match = _fts_query(query)
    if match:
        # Rank at most _TEXT_CANDIDATES matches: all of them in a real catalogue, and a bounded cost in a huge one.
        rows = conn.execute(
            "SELECT point_text.point_code, bm25(point_text_fts, 10.0, 4.0, 4.0, 1.0) FROM point_text_fts "
            "JOIN point_text ON point_text.rowid = point_text_fts.rowid WHERE point_text_fts MATCH ? LIMIT ?",
            (match, _TEXT_CANDIDATES),
        ).fetchall()
        take([(code, "text") for code, _score in sorted(rows, key=lambda row: row[1])])
    return _hits(conn, found, limit)


def _key_rows(conn: sqlite3.Connection, where: str, params: tuple[str, ...], limit: int) -> list[tuple[str, str]]:
    sql = f"SELECT point_code, kind || ': ' || shown FROM search_keys {where} ORDER BY kind_rank, position LIMIT ?"
    return conn.execute(sql, (*params, limit * 4)).fetchall()


def _fts_query(query: str) -> str:
    """Each word quoted as a prefix term: the user's words are never read as FTS syntax."""
    words = _WORD.findall(query)[:_MAX_TOKENS]
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def _hits(conn: sqlite3.Connection, found: dict[str, str], limit: int) -> list[SearchHit]:
    codes = list(found)[:limit]
    if not codes:
        return []
    marks = ",".join("?" * len(codes))
    names = {
        row[0]: row[1:]
        for row in conn.execute(f"SELECT code, pinyin_toned, hanzi, english FROM points WHERE code IN ({marks})", codes)
    }
    hits = []
    for code in codes:
        if code in names:
            pinyin, hanzi, english = names[code]
            hits.append(SearchHit(code, pinyin, hanzi, english, found[code]))
    return hits
