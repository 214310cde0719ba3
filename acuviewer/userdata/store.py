"""The practitioner's data file: plans, notes, favourites and study progress, every change in one SQLite transaction."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from acuviewer.userdata import plan_rows, schema, study_rows, timestamps
from acuviewer.userdata.errors import DATABASE_ERRORS, DamagedDataError, UserDataError, os_failure, sqlite_failure
from acuviewer.userdata.model import Plan, PlanSummary, StudyCard, StudyReview
from acuviewer.userdata.rules import (
    MAX_NAME,
    MAX_TEXT,
    code_problem,
    plan_problem,
    review_problem,
    study_card_problem,
    text_problem,
)

__all__ = ["UserDataError", "UserStore"]


class UserStore:
    """An open data file. Use it from the thread that opened it (sqlite3's rule); close it before a restore."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    def open(cls, path: Path) -> UserStore:
        """Opens (creating it if missing) and migrates the data file.

        Raises DamagedDataError for a file that is damaged or not AcuViewer's, and UserDataError for one a newer
        AcuViewer wrote (left unchanged: never downgraded) or one that cannot be opened.
        """
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise os_failure(error, path.parent, "create the folder") from error
        conn: sqlite3.Connection | None = None
        try:
            # Autocommit mode: transactions are begun explicitly below; the timeout waits out another window's write.
            conn = sqlite3.connect(path, isolation_level=None, timeout=10.0)
            schema.check_identity(conn, path)  # before any write, so a foreign or newer file stays untouched
            conn.execute("PRAGMA journal_mode = WAL")
            conn.execute("PRAGMA synchronous = FULL")  # WAL's default (NORMAL) may lose the last commits on power loss
            conn.execute("PRAGMA foreign_keys = ON")
            schema.migrate(conn)
        except DATABASE_ERRORS as error:
            if conn is not None:
                conn.close()
            raise sqlite_failure(error, path, "open the data file") from error
        except BaseException:
            if conn is not None:
                conn.close()
            raise
        return cls(conn, path)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> UserStore:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        self.close()

    @contextmanager
    def _writing(self, action: str) -> Iterator[sqlite3.Connection]:
        """One transaction, committed at the end of the block and rolled back on any exception: all or nothing."""
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except DATABASE_ERRORS as error:
            raise sqlite_failure(error, self.path, action) from error

    @contextmanager
    def _reading(self, action: str) -> Iterator[sqlite3.Connection]:
        try:
            yield self._conn
        except DATABASE_ERRORS as error:
            raise sqlite_failure(error, self.path, action) from error

    # Plans

    def save_plan(self, plan: Plan) -> int:
        """Inserts a plan whose id is None, else replaces that plan whole (points and ashi included); returns its id."""
        _refuse_bad_plan(plan, "saved")
        stamp = timestamps.iso(timestamps.now())
        with self._writing("save the plan") as conn:
            if plan.id is None:
                return plan_rows.insert(conn, plan, stamp, stamp)
            if not plan_rows.update(conn, plan.id, plan, stamp):
                raise self._gone(plan.id, plan.name)
            return plan.id

    def add_plans(self, plans: Sequence[Plan]) -> list[int]:
        """Adds all `plans` as new plans in one transaction (all or none), keeping valid created/modified times."""
        for plan in plans:
            _refuse_bad_plan(plan, "added")
        stamp = timestamps.iso(timestamps.now())
        with self._writing("add the plans") as conn:
            return [
                plan_rows.insert(
                    conn,
                    plan,
                    timestamps.normalized(plan.created) or stamp,
                    timestamps.normalized(plan.modified) or stamp,
                )
                for plan in plans
            ]

    def plan(self, plan_id: int) -> Plan | None:
        with self._reading("read the plan") as conn:
            return self._read_plan(conn, plan_id)

    def plans(self) -> list[PlanSummary]:
        """Every plan, most recently changed first."""
        with self._reading("list the plans") as conn:
            rows = conn.execute(
                "SELECT id, name, condition, course, modified FROM plans ORDER BY modified DESC, id DESC"
            )
            return [PlanSummary(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4])) for r in rows]

    def duplicate_plan(self, plan_id: int, name: str) -> int:
        _refuse_bad_name(name)
        stamp = timestamps.iso(timestamps.now())
        with self._writing("copy the plan") as conn:
            plan = self._read_plan(conn, plan_id)
            if plan is None:
                raise self._gone(plan_id, name)
            return plan_rows.insert(conn, replace(plan, name=name), stamp, stamp)

    def rename_plan(self, plan_id: int, name: str) -> None:
        _refuse_bad_name(name)
        stamp = timestamps.iso(timestamps.now())
        with self._writing("rename the plan") as conn:
            cursor = conn.execute("UPDATE plans SET name = ?, modified = ? WHERE id = ?", (name, stamp, plan_id))
            if cursor.rowcount == 0:
                raise self._gone(plan_id, name)

    def delete_plan(self, plan_id: int) -> None:
        """Deletes the plan with its points and ashi points; a plan that is already gone is not an error."""
        with self._writing("delete the plan") as conn:
            conn.execute("DELETE FROM plans WHERE id = ?", (plan_id,))

    def _read_plan(self, conn: sqlite3.Connection, plan_id: int) -> Plan | None:
        plan = plan_rows.read(conn, plan_id)
        if plan is None:
            return None
        # CHECK constraints guard what AcuViewer writes; this guards against a file damaged in ways SQLite accepts.
        problem = plan_problem(plan)
        if problem:
            raise DamagedDataError(
                f"The plan {plan_id} in {self.path} is damaged: {problem}. Restore a backup to get it back."
            )
        return plan

    def _gone(self, plan_id: int, name: object) -> UserDataError:
        return UserDataError(
            f"The plan {_title(name)} (number {plan_id}) is no longer in {self.path}; perhaps it was deleted in "
            "another window. Save it as a new plan to keep it."
        )

    # Notes and favourites

    def set_note(self, code: str, text: str) -> None:
        """Keeps `text` exactly as given (plain text); blank text deletes the note."""
        problem = code_problem(code, "the point code") or text_problem(text, "the note", MAX_TEXT)
        if problem:
            raise UserDataError(f"The note for {code!r} cannot be saved: {problem}.")
        with self._writing("save the note") as conn:
            if not text.strip():
                conn.execute("DELETE FROM notes WHERE code = ?", (code,))
                return
            conn.execute(
                "INSERT INTO notes (code, text, modified) VALUES (?, ?, ?) "
                "ON CONFLICT (code) DO UPDATE SET text = excluded.text, modified = excluded.modified",
                (code, text, timestamps.iso(timestamps.now())),
            )

    def note(self, code: str) -> str:
        with self._reading("read the note") as conn:
            row = conn.execute("SELECT text FROM notes WHERE code = ?", (code,)).fetchone()
            return str(row[0]) if row else ""

    def notes(self) -> dict[str, str]:
        with self._reading("read the notes") as conn:
            return {str(code): str(text) for code, text in conn.execute("SELECT code, text FROM notes ORDER BY code")}

    def set_favourite(self, code: str, on: bool) -> None:
        problem = code_problem(code, "the point code")
        if problem:
            raise UserDataError(f"{code!r} cannot be marked as a favourite: {problem}.")
        with self._writing("save the favourite") as conn:
            if on:
                conn.execute(
                    "INSERT OR IGNORE INTO favourites (code, added) VALUES (?, ?)",
                    (code, timestamps.iso(timestamps.now())),
                )
            else:
                conn.execute("DELETE FROM favourites WHERE code = ?", (code,))

    def favourites(self) -> list[str]:
        """Favourite point codes in the order they were marked."""
        with self._reading("read the favourites") as conn:
            return [str(row[0]) for row in conn.execute("SELECT code FROM favourites ORDER BY rowid")]

    # Study progress

    def save_review(self, card: StudyCard, rating: int, reviewed: str, detail: str = "") -> None:
        """Writes the card's new state and appends the review, in one transaction (both or neither).

        The card is stored as given (fsrs computes it), its times in UTC in the form fsrs writes them.
        """
        problem = study_card_problem(card) or review_problem(rating, reviewed, detail)
        if problem:
            named = isinstance(card, StudyCard) and isinstance(card.card_id, str)
            which = f"the study card {card.card_id[:60]!r}" if named else "a study card"
            raise UserDataError(f"The review of {which} cannot be saved: {problem}.")
        with self._writing("save the study progress") as conn:
            study_rows.save_review(conn, card, rating, reviewed, detail)

    def study_cards(self) -> dict[str, StudyCard]:
        """Every card studied so far, keyed by card_id."""
        with self._reading("read the study progress") as conn:
            return {card.card_id: self._checked_card(card) for card in study_rows.cards(conn)}

    def study_reviews(self, card_id: str | None = None) -> list[StudyReview]:
        """The answers given for `card_id` (for every card when None), oldest first."""
        with self._reading("read the study history") as conn:
            return [self._checked_review(review) for review in study_rows.reviews(conn, card_id)]

    def reset_study(self, card_ids: Collection[str] | None = None) -> int:
        """Forgets the progress of every card (or of `card_ids`) and their reviews; returns how many cards went."""
        if isinstance(card_ids, str):  # a str is a Collection[str] too, of one-letter "ids"
            raise UserDataError(f"Study progress cannot be reset for {card_ids[:60]!r}: a list of card ids is needed.")
        with self._writing("reset the study progress") as conn:
            return study_rows.delete_cards(conn, None if card_ids is None else list(dict.fromkeys(card_ids)))

    def _checked_card(self, card: StudyCard) -> StudyCard:
        problem = study_card_problem(card)
        if problem:
            raise DamagedDataError(f"The study card {str(card.card_id)[:60]!r} in {self.path} is damaged: {problem}.")
        return card

    def _checked_review(self, review: StudyReview) -> StudyReview:
        problem = review_problem(review.rating, review.reviewed, review.detail)
        if problem:
            raise DamagedDataError(
                f"A review of the study card {str(review.card_id)[:60]!r} in {self.path} is damaged: {problem}."
            )
        return review

    # Health

    def integrity_ok(self) -> bool:
        """SQLite's own structural check and the foreign keys; False (never an exception) for a damaged file."""
        try:
            rows = self._conn.execute("PRAGMA integrity_check").fetchall()
            orphans = self._conn.execute("PRAGMA foreign_key_check").fetchall()
        except DATABASE_ERRORS:
            return False
        return rows == [("ok",)] and not orphans

    def check_contents(self) -> None:
        """Reads every record through the rules; raises DamagedDataError naming the first one that breaks them."""
        with self._reading("check the data") as conn:
            for (plan_id,) in conn.execute("SELECT id FROM plans ORDER BY id").fetchall():
                self._read_plan(conn, plan_id)
            for code, text in conn.execute("SELECT code, text FROM notes"):
                if code_problem(code, "code") or text_problem(text, "text", MAX_TEXT):
                    raise DamagedDataError(f"The note for {code!r} in {self.path} is damaged.")
            for (code,) in conn.execute("SELECT code FROM favourites"):
                if code_problem(code, "code"):
                    raise DamagedDataError(f"A favourite in {self.path} is damaged.")
            for card in study_rows.cards(conn):
                self._checked_card(card)
            for review in study_rows.reviews(conn, None):
                self._checked_review(review)


def _refuse_bad_plan(plan: Plan, verb: str) -> None:
    problem = plan_problem(plan)
    if problem:
        raise UserDataError(f"The plan {_title(getattr(plan, 'name', None))} cannot be {verb}: {problem}.")


def _refuse_bad_name(name: str) -> None:
    problem = text_problem(name, "the name", MAX_NAME, required=True)
    if problem:
        raise UserDataError(f"The plan cannot be given the name {_title(name)}: {problem}.")


def _title(name: object) -> str:
    return repr(name[:80]) if isinstance(name, str) else "without a name"
