"""The one exception the user data raises, and the translation of SQLite failures into words for the user."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# SQLite's primary result codes (the low byte of an extended code), named here because the sqlite3 module's
# constants vary between Python builds.
_BUSY, _LOCKED, _READONLY, _IOERR, _CORRUPT, _FULL, _CANTOPEN, _NOTADB, _PERM, _AUTH = (
    5,
    6,
    8,
    10,
    11,
    13,
    14,
    26,
    3,
    23,
)


class UserDataError(Exception):
    """A refusal or failure of the user data; the message is a full sentence for the user, naming the file."""


class DamagedDataError(UserDataError):
    """The file is damaged or is not an AcuViewer data file (as opposed to busy, read-only or newer)."""


# Python's sqlite3 raises UnicodeDecodeError, not sqlite3.Error, for stored text that is not UTF-8: damage too.
DATABASE_ERRORS = (sqlite3.Error, UnicodeDecodeError)


def is_damage(error: sqlite3.Error | UnicodeDecodeError) -> bool:
    """True when the file's content is unusable, as opposed to the file being locked, unreadable or full."""
    if isinstance(error, UnicodeDecodeError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (_CORRUPT, _NOTADB)


def sqlite_failure(error: sqlite3.Error | UnicodeDecodeError, path: Path, action: str) -> UserDataError:
    """The UserDataError to raise when SQLite failed while AcuViewer tried to `action` (e.g. "save the plan")."""
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    start = f"AcuViewer could not {action} in {path}"
    if isinstance(error, UnicodeDecodeError):
        return DamagedDataError(f"{start}: the file is damaged (it holds text that is not valid UTF-8).")
    if primary in (_CORRUPT, _NOTADB):
        return DamagedDataError(f"{start}: the file is damaged or is not an AcuViewer data file ({error}).")
    if primary in (_BUSY, _LOCKED):
        return UserDataError(
            f"{start} because another program (perhaps another AcuViewer window) is using the file. "
            "Close it and try again."
        )
    if primary == _FULL:
        return UserDataError(f"{start} because the disk is full. Free some space and try again.")
    if primary in (_READONLY, _PERM, _CANTOPEN, _AUTH):
        return UserDataError(
            f"{start} because the file or its folder cannot be opened or written ({error}). "
            "Check that the folder exists and that you may write to it."
        )
    if primary == _IOERR:
        return UserDataError(f"{start} because of a disk error ({error}). Check the disk and try again.")
    return UserDataError(f"{start} ({error}).")


def os_failure(error: OSError, path: Path, action: str) -> UserDataError:
    """The UserDataError to raise when the operating system refused a file operation on `path`."""
    reason = error.strerror or str(error)
    return UserDataError(f"AcuViewer could not {action} {path}: {reason}. Check the disk and the folder's permissions.")
