"""Copies of data files that can be trusted: checked copies of files offered for restore, SQLite online backups
of the open store, and the locked safety copy taken before the data file is replaced."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from acuviewer.userdata import files, schema
from acuviewer.userdata.errors import (
    DATABASE_ERRORS,
    DamagedDataError,
    UserDataError,
    is_damage,
    os_failure,
    sqlite_failure,
)
from acuviewer.userdata.store import UserStore


def checked_copy(source: Path, target: Path) -> None:
    """Copies `source` (with its journals) to `target` and checks the copy; refusals name `source`.

    Only the copy is ever opened, so `source` and its folder are never written to, even by SQLite.
    """
    if not source.is_file():
        raise UserDataError(f"{source} does not exist or is not a file. Choose an AcuViewer data or backup file.")
    try:
        files.copy_with_journals(source, target)
    except OSError as error:
        files.remove_with_side_files(target)
        raise os_failure(error, source, "read") from error
    try:
        check(target, source)
    except BaseException:
        files.remove_with_side_files(target)
        raise


def check(copy: Path, shown: Path) -> None:
    """Checks a file AcuViewer owns and leaves it self-contained (no -wal); messages name `shown`.

    An AcuViewer data file at a version this code reads, whole by SQLite's integrity check, every record within
    the rules. An older version is migrated, as opening it would.
    """
    try:
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            # Checked before UserStore.open, which would happily turn an empty file into a fresh store.
            if conn.execute("PRAGMA application_id").fetchone()[0] != schema.APPLICATION_ID:
                raise DamagedDataError(f"{shown} is not an AcuViewer data file.")
        finally:
            conn.close()
        with UserStore.open(copy) as store:
            if not store.integrity_ok():
                raise DamagedDataError(f"{shown} is damaged: it failed SQLite's integrity check.")
            store.check_contents()
        conn = sqlite3.connect(copy, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
        finally:
            conn.close()
    except DATABASE_ERRORS as error:
        raise sqlite_failure(error, shown, "read the data") from error
    except UserDataError as error:
        # The copy is an implementation detail: the user chose (or owns) `shown`.
        raise type(error)(str(error).replace(str(copy), str(shown))) from error


def online_copy(source: Path, target: Path) -> None:
    """SQLite's online backup: a consistent snapshot even while another connection is writing."""
    try:
        src = sqlite3.connect(f"{source.resolve().as_uri()}?mode=rw", uri=True, timeout=10.0)
        try:
            dst = sqlite3.connect(target)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except DATABASE_ERRORS as error:
        raise sqlite_failure(error, source, "back up the data") from error


def locked_copy(store_path: Path, target: Path) -> None:
    """Copies the data file to `target` once nothing else has it open, then removes its side files.

    Refuses (UserDataError) while another connection has the file open. A file SQLite cannot read is copied byte
    for byte. Afterwards the data file has no -wal or -shm: their content is in `target`.
    """
    try:
        conn = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None, timeout=1.0)
    except DATABASE_ERRORS as error:
        raise sqlite_failure(error, store_path, "make a safety copy of your data") from error
    try:
        # Exclusive locking fails while any other connection (another window, or the caller's own store) has the
        # file open, and then keeps others out until this connection closes.
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
        temp = files.temp_beside(target)
        try:
            dst = sqlite3.connect(temp, isolation_level=None)
            try:
                conn.backup(dst)  # through the locked connection, so the -wal's transactions are included
                dst.execute("PRAGMA journal_mode = DELETE")
            finally:
                dst.close()
            files.install(temp, target)
        finally:
            files.remove_with_side_files(temp)
    except DATABASE_ERRORS as error:
        if not is_damage(error):
            raise sqlite_failure(error, store_path, "make a safety copy of your data") from error
        files.copy_with_journals(store_path, target)  # damaged: keep its bytes exactly
        files.fsync_with_journals(target)
    finally:
        conn.close()  # the last connection: SQLite folds the -wal into the file and deletes it
    # Anything still beside the old file is in the copy, and nothing has the file open (checked above): removing
    # it keeps SQLite from replaying an old -wal onto whatever file takes this one's place.
    for suffix in files.SIDE_FILES:
        files.beside(store_path, suffix).unlink(missing_ok=True)
