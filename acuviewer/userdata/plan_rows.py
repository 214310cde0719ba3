"""How a Plan maps onto the plan tables: the SQL that writes one whole and reads it back (inside a transaction)."""

from __future__ import annotations

import sqlite3

from acuviewer.userdata.model import AshiPoint, Plan, PlanPoint, Session

_LABEL_KINDS = ("pattern", "flag", "red_flag")
_COLUMNS = "name, condition, course, retention_min, ea_frequency_hz, cupping, moxa, notes, created, modified"
_PARTS = ("plan_labels", "plan_points", "plan_ashi", "plan_ea_pairs")


def insert(conn: sqlite3.Connection, plan: Plan, created: str, modified: str) -> int:
    """Adds `plan` as a new plan (its id is ignored) and returns the new id."""
    cursor = conn.execute(
        f"INSERT INTO plans ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (*_values(plan), created, modified),
    )
    plan_id = cursor.lastrowid
    assert plan_id is not None  # always set after an INSERT into a rowid table
    _insert_parts(conn, plan_id, plan)
    return plan_id


def update(conn: sqlite3.Connection, plan_id: int, plan: Plan, modified: str) -> bool:
    """Replaces the plan `plan_id` whole, its parts included (created is kept); False when there is no such plan."""
    cursor = conn.execute(
        "UPDATE plans SET name = ?, condition = ?, course = ?, retention_min = ?, ea_frequency_hz = ?, "
        "cupping = ?, moxa = ?, notes = ?, modified = ? WHERE id = ?",
        (*_values(plan), modified, plan_id),
    )
    if cursor.rowcount == 0:
        return False
    for table in _PARTS:
        conn.execute(f"DELETE FROM {table} WHERE plan_id = ?", (plan_id,))
    _insert_parts(conn, plan_id, plan)
    return True


def read(conn: sqlite3.Connection, plan_id: int) -> Plan | None:
    """The plan as stored, unchecked (the caller applies the rules), or None."""
    row = conn.execute(f"SELECT {_COLUMNS} FROM plans WHERE id = ?", (plan_id,)).fetchone()
    if row is None:
        return None
    name, condition, course, retention, frequency, cupping, moxa, notes, created, modified = row
    labels: dict[str, list[str]] = {kind: [] for kind in _LABEL_KINDS}
    for kind, text in conn.execute(
        "SELECT kind, text FROM plan_labels WHERE plan_id = ? ORDER BY position", (plan_id,)
    ):
        labels.setdefault(kind, []).append(text)
    points = conn.execute("SELECT code, role, reason FROM plan_points WHERE plan_id = ? ORDER BY position", (plan_id,))
    ashi = conn.execute("SELECT view, x, y, side, note FROM plan_ashi WHERE plan_id = ? ORDER BY position", (plan_id,))
    pairs = conn.execute("SELECT first, second FROM plan_ea_pairs WHERE plan_id = ? ORDER BY position", (plan_id,))
    return Plan(
        id=plan_id,
        name=name,
        condition=condition,
        course=course,
        patterns=tuple(labels["pattern"]),
        flags=tuple(labels["flag"]),
        red_flags=tuple(labels["red_flag"]),
        points=tuple(PlanPoint(*row) for row in points),
        ashi=tuple(AshiPoint(*row) for row in ashi),
        session=Session(
            retention, tuple((first, second) for first, second in pairs), frequency, cupping == 1, moxa == 1
        ),
        notes=notes,
        created=created,
        modified=modified,
    )


def _values(plan: Plan) -> tuple[object, ...]:
    session = plan.session
    frequency = None if session.ea_frequency_hz is None else float(session.ea_frequency_hz)
    return (
        plan.name,
        plan.condition,
        plan.course,
        session.retention_min,
        frequency,
        int(session.cupping),
        int(session.moxa),
        plan.notes,
    )


def _insert_parts(conn: sqlite3.Connection, plan_id: int, plan: Plan) -> None:
    labels = [
        (plan_id, kind, position, text)
        for kind, texts in zip(_LABEL_KINDS, (plan.patterns, plan.flags, plan.red_flags), strict=True)
        for position, text in enumerate(texts)
    ]
    conn.executemany("INSERT INTO plan_labels VALUES (?, ?, ?, ?)", labels)
    conn.executemany(
        "INSERT INTO plan_points VALUES (?, ?, ?, ?, ?)",
        [(plan_id, i, p.code, p.role, p.reason) for i, p in enumerate(plan.points)],
    )
    # float(): a whole number given for a coordinate is stored as REAL, which the table's CHECK requires
    conn.executemany(
        "INSERT INTO plan_ashi VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(plan_id, i, a.view, float(a.x), float(a.y), a.side, a.note) for i, a in enumerate(plan.ashi)],
    )
    conn.executemany(
        "INSERT INTO plan_ea_pairs VALUES (?, ?, ?, ?)",
        [(plan_id, i, first, second) for i, (first, second) in enumerate(plan.session.ea_pairs)],
    )
