"""The user data's SQL schema as numbered migrations, and the checks that a file is an AcuViewer data file."""

from __future__ import annotations

import sqlite3
from functools import cache
from pathlib import Path

from acuviewer.userdata.errors import DamagedDataError, UserDataError
from acuviewer.userdata.model import ROLES, SIDES, STUDY_KINDS, VIEWS

# Written into the SQLite header ("AcuV"), so that AcuViewer can tell its own data files from other SQLite files.
APPLICATION_ID = 0x41637556


def _one_of(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# CHECK constraints repeat the rules of rules.py so that the file stays sound even if a bug slips past them.
_V1 = f"""
PRAGMA application_id = {APPLICATION_ID};
CREATE TABLE plans (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (typeof(name) = 'text' AND length(trim(name)) > 0),
    condition TEXT NOT NULL CHECK (typeof(condition) = 'text'),
    course TEXT NOT NULL CHECK (typeof(course) = 'text'),
    retention_min INTEGER CHECK (retention_min IS NULL OR typeof(retention_min) = 'integer'),
    ea_frequency_hz REAL CHECK (ea_frequency_hz IS NULL OR typeof(ea_frequency_hz) = 'real'),
    cupping INTEGER NOT NULL CHECK (cupping IN (0, 1)),
    moxa INTEGER NOT NULL CHECK (moxa IN (0, 1)),
    notes TEXT NOT NULL CHECK (typeof(notes) = 'text'),
    created TEXT NOT NULL CHECK (typeof(created) = 'text'),
    modified TEXT NOT NULL CHECK (typeof(modified) = 'text')
);
CREATE INDEX plans_by_modified ON plans (modified);
-- patterns, flags and red flags of a plan, in their order
CREATE TABLE plan_labels (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('pattern', 'flag', 'red_flag')),
    position INTEGER NOT NULL,
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    PRIMARY KEY (plan_id, kind, position)
) WITHOUT ROWID;
CREATE TABLE plan_points (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    code TEXT NOT NULL CHECK (typeof(code) = 'text' AND length(code) > 0),
    role TEXT NOT NULL CHECK (role IN ({_one_of(ROLES)})),
    reason TEXT NOT NULL CHECK (typeof(reason) = 'text'),
    PRIMARY KEY (plan_id, position)
) WITHOUT ROWID;
CREATE TABLE plan_ashi (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    view TEXT NOT NULL CHECK (view IN ({_one_of(VIEWS)})),
    x REAL NOT NULL CHECK (typeof(x) = 'real'),
    y REAL NOT NULL CHECK (typeof(y) = 'real'),
    side TEXT NOT NULL CHECK (side IN ({_one_of(SIDES)})),
    note TEXT NOT NULL CHECK (typeof(note) = 'text'),
    PRIMARY KEY (plan_id, position)
) WITHOUT ROWID;
CREATE TABLE plan_ea_pairs (
    plan_id INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    first TEXT NOT NULL CHECK (typeof(first) = 'text' AND length(first) > 0),
    second TEXT NOT NULL CHECK (typeof(second) = 'text' AND length(second) > 0),
    PRIMARY KEY (plan_id, position)
) WITHOUT ROWID;
CREATE TABLE notes (
    code TEXT PRIMARY KEY CHECK (typeof(code) = 'text' AND length(code) > 0),
    text TEXT NOT NULL CHECK (typeof(text) = 'text'),
    modified TEXT NOT NULL
) WITHOUT ROWID;
-- a rowid table on purpose: favourites are listed in the order they were added
CREATE TABLE favourites (
    code TEXT NOT NULL UNIQUE CHECK (typeof(code) = 'text' AND length(code) > 0),
    added TEXT NOT NULL
);
"""

# Study progress: one fsrs card per point and question kind, and every answer given (shown as the card's history).
# Times are ISO 8601 in UTC in one form (timestamps.utc_isoformat), so that text order on due is time order.
_V2 = f"""
CREATE TABLE study_cards (
    card_id TEXT PRIMARY KEY CHECK (typeof(card_id) = 'text' AND card_id = kind || ':' || code),
    code TEXT NOT NULL CHECK (typeof(code) = 'text' AND length(code) > 0),
    kind TEXT NOT NULL CHECK (kind IN ({_one_of(STUDY_KINDS)})),
    -- the fsrs Card as JSON text; not checked with json_valid(), which an SQLite built without JSON1 lacks
    state TEXT NOT NULL CHECK (typeof(state) = 'text' AND length(state) > 0),
    due TEXT NOT NULL CHECK (typeof(due) = 'text'),
    reviews INTEGER NOT NULL CHECK (typeof(reviews) = 'integer' AND reviews >= 0),
    lapses INTEGER NOT NULL CHECK (typeof(lapses) = 'integer' AND lapses >= 0),
    last_rating INTEGER CHECK (
        last_rating IS NULL OR (typeof(last_rating) = 'integer' AND last_rating BETWEEN 1 AND 4)
    ),
    last_review TEXT CHECK (last_review IS NULL OR typeof(last_review) = 'text')
) WITHOUT ROWID;
CREATE INDEX study_cards_by_due ON study_cards (due);
CREATE TABLE study_reviews (
    id INTEGER PRIMARY KEY,
    card_id TEXT NOT NULL REFERENCES study_cards (card_id) ON DELETE CASCADE,
    rating INTEGER NOT NULL CHECK (typeof(rating) = 'integer' AND rating BETWEEN 1 AND 4),
    reviewed TEXT NOT NULL CHECK (typeof(reviewed) = 'text'),
    detail TEXT NOT NULL DEFAULT '' CHECK (typeof(detail) = 'text')
);
CREATE INDEX study_reviews_by_card ON study_reviews (card_id);
"""

# One script per version; version N is reached by applying MIGRATIONS[N - 1] to a version N - 1 file, in one
# transaction. Append, never edit: files in the field were made by the scripts as they are. A new fsrs major (its
# Card JSON changed between majors) needs a migration that rewrites study_cards.state.
MIGRATIONS: tuple[str, ...] = (_V1, _V2)


def latest_version() -> int:
    return len(MIGRATIONS)


def statements(script: str) -> list[str]:
    """The statements of `script`, split where SQLite itself would end them (so triggers stay whole)."""
    # executescript() would commit first and run outside our transaction, so migrations run statement by statement.
    result: list[str] = []
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            result.append(pending.strip())
            pending = ""
    if any(line.strip() and not line.strip().startswith("--") for line in pending.splitlines()):
        raise ValueError(f"unterminated SQL statement in a migration: {pending.strip()[:80]!r}")
    return result


def migrate(conn: sqlite3.Connection) -> None:
    """Brings a fresh or older file to the latest version, one migration per transaction.

    The connection must be in autocommit mode (isolation_level=None). The version is read again inside each
    transaction, so two windows opening the same file at once do not both apply a migration.
    """
    for version, script in enumerate(MIGRATIONS, start=1):
        if _user_version(conn) >= version:
            continue  # the usual case, decided without taking the write lock
        conn.execute("BEGIN IMMEDIATE")
        try:
            if _user_version(conn) < version:
                for statement in statements(script):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version}")
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def check_identity(conn: sqlite3.Connection, path: Path) -> None:
    """Refuses a file that is not AcuViewer's, or that a newer AcuViewer wrote; a fresh empty file passes.

    The header and tables are read in one read transaction: read one by one, another window's first migration
    could commit between them, and a half-old, half-new view looks like someone else's database.
    """
    conn.execute("BEGIN")
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        version = _user_version(conn)
        tables = _tables(conn)
    finally:
        conn.execute("COMMIT")
    if application_id == 0 and version == 0 and not tables:
        return  # a new file (or one another window is creating right now: migrate() settles that under a lock)
    if application_id != APPLICATION_ID:
        raise DamagedDataError(f"{path} is not an AcuViewer data file (it is another program's SQLite database).")
    if version > latest_version():
        raise UserDataError(
            f"{path} was written by a newer version of AcuViewer (data version {version}; this version reads up "
            f"to {latest_version()}). Install the newer AcuViewer to use it; the file has been left unchanged."
        )
    missing = _missing_columns(tables, version)
    if missing:
        raise DamagedDataError(f"{path} is damaged: {missing} is missing from it.")


def _missing_columns(present: dict[str, set[str]], version: int) -> str | None:
    if version < 1:
        return "the version number"
    for table, columns in _layout(MIGRATIONS[:version]).items():
        if table not in present:
            return f"the table '{table}'"
        lacking = sorted(columns - present[table])
        if lacking:
            return f"the column '{table}.{lacking[0]}'"
    return None


def _user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _tables(conn: sqlite3.Connection) -> dict[str, set[str]]:
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {name: {row[0] for row in conn.execute("SELECT name FROM pragma_table_info(?)", (name,))} for name in names}


@cache
def _layout(migrations: tuple[str, ...]) -> dict[str, set[str]]:
    """Tables and columns a file has after `migrations`: found by applying them to an empty database in memory."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    try:
        for script in migrations:
            for statement in statements(script):
                conn.execute(statement)
        return _tables(conn)
    finally:
        conn.close()
