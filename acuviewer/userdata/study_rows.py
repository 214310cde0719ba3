"""How study cards and reviews map onto their tables: the SQL that writes, reads and forgets them (in a transaction)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

from acuviewer.userdata import timestamps
from acuviewer.userdata.model import StudyCard, StudyReview

_CARD_COLUMNS = "card_id, code, kind, state, due, reviews, lapses, last_rating, last_review"


def save_review(conn: sqlite3.Connection, card: StudyCard, rating: int, reviewed: str, detail: str) -> None:
    """Writes the card whole (inserted or replaced) and appends the review; the caller's transaction makes it atomic.

    The caller has checked them through the rules; times are stored in UTC in one form (timestamps.utc_isoformat).
    """
    # An upsert, not INSERT OR REPLACE: REPLACE deletes the old row first, and the cascade would take its reviews.
    conn.execute(
        f"INSERT INTO study_cards ({_CARD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (card_id) DO UPDATE SET code = excluded.code, kind = excluded.kind, state = excluded.state, "
        "due = excluded.due, reviews = excluded.reviews, lapses = excluded.lapses, "
        "last_rating = excluded.last_rating, last_review = excluded.last_review",
        (
            card.card_id,
            card.code,
            card.kind,
            card.state,
            _utc(card.due),
            card.reviews,
            card.lapses,
            card.last_rating,
            None if card.last_review is None else _utc(card.last_review),
        ),
    )
    conn.execute(
        "INSERT INTO study_reviews (card_id, rating, reviewed, detail) VALUES (?, ?, ?, ?)",
        (card.card_id, rating, _utc(reviewed), detail),
    )


def cards(conn: sqlite3.Connection) -> Iterator[StudyCard]:
    """Every card as stored, unchecked (the caller applies the rules), in card_id order."""
    for row in conn.execute(f"SELECT {_CARD_COLUMNS} FROM study_cards ORDER BY card_id"):
        yield StudyCard(*row)


def reviews(conn: sqlite3.Connection, card_id: str | None) -> Iterator[StudyReview]:
    """The reviews of one card (all cards when None) as stored, unchecked, oldest first."""
    # The stored times share one form, so text order is time order; id breaks ties in the order they were saved.
    if card_id is None:
        rows = conn.execute("SELECT card_id, rating, reviewed, detail FROM study_reviews ORDER BY reviewed, id")
    else:
        rows = conn.execute(
            "SELECT card_id, rating, reviewed, detail FROM study_reviews WHERE card_id = ? ORDER BY reviewed, id",
            (card_id,),
        )
    for row in rows:
        yield StudyReview(*row)


def delete_cards(conn: sqlite3.Connection, card_ids: list[str] | None) -> int:
    """Forgets the cards `card_ids` (every card when None) and their reviews; returns how many cards went."""
    # Reviews are deleted here as well as by the foreign key's cascade, so that history goes with its card even on a
    # connection opened without PRAGMA foreign_keys (sqlite3's default).
    if card_ids is None:
        conn.execute("DELETE FROM study_reviews")
        return conn.execute("DELETE FROM study_cards").rowcount
    rows = [(card_id,) for card_id in card_ids]
    conn.executemany("DELETE FROM study_reviews WHERE card_id = ?", rows)
    # One statement per id: a single IN (...) would meet SQLite's limit on bound values with a long list.
    return conn.executemany("DELETE FROM study_cards WHERE card_id = ?", rows).rowcount


def _utc(text: str) -> str:
    stored = timestamps.utc_isoformat(text)
    if stored is None:  # the rules refuse such a time before any write: a caller that skipped them gets no bad row
        raise ValueError(f"not an ISO 8601 time with a zone: {text[:64]!r}")
    return stored
