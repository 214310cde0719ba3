"""Backups of the data file: copies made while it is open, automatic rotation, checked restores, recovery."""

from __future__ import annotations

import contextlib
import re
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from acuviewer.userdata import copies, files, timestamps
from acuviewer.userdata.errors import DamagedDataError, UserDataError, os_failure
from acuviewer.userdata.store import UserStore

AUTO = "auto"  # made when the store is opened; only these are rotated away
SAFETY = "before-restore"  # the data as it was just before a restore; never removed automatically
_NAME = re.compile(r"^(auto|before-restore)-(.+)\.sqlite$")
_STALE = timedelta(hours=1)  # a temporary file this old belongs to no running AcuViewer


@dataclass(frozen=True)
class Backup:
    path: Path
    kind: str
    time: datetime


def list_backups(backup_dir: Path) -> list[Backup]:
    """The backups in `backup_dir`, newest first (by the UTC time in their names)."""
    found = []
    with contextlib.suppress(OSError):  # a missing or unreadable folder simply holds no backups
        for path in backup_dir.iterdir():
            match = _NAME.match(path.name)
            moment = timestamps.from_file(match.group(2)) if match else None
            if match and moment and path.is_file():
                found.append(Backup(path, match.group(1), moment))
    return sorted(found, key=lambda backup: backup.time, reverse=True)


def backup_to(store_path: Path, destination: Path) -> None:
    """Copies the data file to `destination`, consistently even while it is open, and checks the copy first."""
    if not store_path.is_file():
        raise UserDataError(f"There is no data file at {store_path} to back up.")
    if any(_same_file(files.beside(store_path, suffix), destination) for suffix in ("", *files.SIDE_FILES)):
        raise UserDataError(
            f"{destination} is AcuViewer's data file itself, so it cannot hold a backup. Choose another file name."
        )
    temp = files.temp_beside(destination)
    try:
        copies.online_copy(store_path, temp)
        copies.check(temp, store_path)
        files.install(temp, destination)
    except OSError as error:
        raise os_failure(error, destination, "write the backup") from error
    finally:
        files.remove_with_side_files(temp)


def rotate(
    store_path: Path, backup_dir: Path, keep: int = 10, *, daily_days: int = 30, min_interval: timedelta = _STALE
) -> Path | None:
    """Makes an automatic backup unless the newest is younger than `min_interval`, then thins the old ones.

    Kept: the newest `keep`, and the newest of each day for the last `daily_days` days, so that a mistake
    noticed weeks later (a plan deleted by accident) can still be undone.

    Returns the new backup, or None when none was due (or there is no data file yet).
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    if not store_path.is_file():
        return None
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_failure(error, backup_dir, "create the backup folder") from error
    _remove_stale_temps(backup_dir)
    moment = timestamps.now()
    autos = [backup for backup in list_backups(backup_dir) if backup.kind == AUTO]
    # A backup "from the future" (the clock was wrong) does not count as recent.
    if autos and timedelta(0) <= moment - autos[0].time < min_interval:
        return None
    target = backup_dir / f"{AUTO}-{timestamps.for_file(moment)}.sqlite"
    backup_to(store_path, target)
    autos = [backup for backup in list_backups(backup_dir) if backup.kind == AUTO]
    for old in _thinned(autos, keep, moment - timedelta(days=daily_days)):
        with contextlib.suppress(OSError):  # an old backup that will not go away harms nothing
            old.path.unlink()
    return target


def _thinned(autos: list[Backup], keep: int, daily_since: datetime) -> list[Backup]:
    """The backups to delete from `autos` (newest first): all but the newest `keep` and each day's newest."""
    kept_days: set[object] = set()
    doomed = []
    for index, backup in enumerate(autos):
        day = backup.time.date()
        if index < keep or (backup.time >= daily_since and day not in kept_days):
            kept_days.add(day)
        else:
            doomed.append(backup)
    return doomed


def validate(path: Path) -> None:
    """Raises UserDataError saying why unless `path` is a sound AcuViewer data file this version can read.

    Checks a private copy, so that `path` itself (and its folder) is never written to.
    """
    with tempfile.TemporaryDirectory(prefix="acuviewer-check-") as folder:
        copies.checked_copy(path, Path(folder) / "check.sqlite")


def restore(source: Path, store_path: Path, backup_dir: Path) -> Path | None:
    """Replaces the data file with `source`, after checking it; returns the safety copy of the data it replaced.

    The caller must close its UserStore first; a data file still open anywhere is refused. A refused restore
    leaves the data file exactly as it was.
    """
    if _same_file(source, store_path):
        raise UserDataError(f"{source} is the data file in use. Choose a backup file to restore from.")
    try:
        store_path.parent.mkdir(parents=True, exist_ok=True)  # a first restore on a new workstation
    except OSError as error:
        raise os_failure(error, store_path.parent, "create the folder") from error
    temp = files.temp_beside(store_path)
    try:
        try:
            copies.checked_copy(source, temp)
        except UserDataError as error:
            raise _refusal(error) from error
        safety = _set_aside(store_path, backup_dir)
        files.install(temp, store_path)
    except OSError as error:
        raise os_failure(error, store_path, "restore the backup into") from error
    finally:
        files.remove_with_side_files(temp)
    return safety


def open_or_recover(store_path: Path, backup_dir: Path) -> tuple[UserStore, str | None]:
    """Opens the data file, recovering from the newest good backup when it is damaged.

    Returns the store and a message for the user when something happened that they should know about (a
    recovery, or an automatic backup that failed); a missing data file is simply created.
    """
    _remove_stale_temps(store_path.parent)
    try:
        if _emptied(store_path) and list_backups(backup_dir):
            # SQLite would take an empty file for a new store, and the empty copies rotation then makes would
            # push the good backups out: an emptied file that has backups is treated as damaged.
            raise DamagedDataError(f"{store_path} is empty, although backups of it exist.")
        store = _open_checked(store_path)
    except DamagedDataError as damage:
        return _recover(store_path, backup_dir, damage)
    try:
        rotate(store_path, backup_dir)
    except UserDataError as error:
        return store, f"AcuViewer could not make its automatic backup of your data. {error}"
    return store, None


def _emptied(store_path: Path) -> bool:
    """True for a data file of 0 bytes with no -wal holding its content (as a crash on first use can leave)."""
    try:
        wal = files.beside(store_path, "-wal")
        return store_path.stat().st_size == 0 and (not wal.exists() or wal.stat().st_size == 0)
    except OSError:
        return False


def _open_checked(store_path: Path) -> UserStore:
    store = UserStore.open(store_path)
    if not store.integrity_ok():
        store.close()
        raise DamagedDataError(f"{store_path} is damaged: it failed SQLite's integrity check.")
    return store


def _recover(store_path: Path, backup_dir: Path, damage: DamagedDataError) -> tuple[UserStore, str]:
    damaged = files.beside(store_path, f".damaged-{timestamps.for_file(timestamps.now())}")
    temp = files.temp_beside(store_path)
    source = None
    try:
        for backup in list_backups(backup_dir):
            try:
                copies.checked_copy(backup.path, temp)
            except UserDataError:
                files.remove_with_side_files(temp)
                continue
            source = backup
            break
        if source is None:
            UserStore.open(temp).close()  # an empty data file
        # Copied aside, not moved, so that the data file's name never points at nothing, even after a crash here.
        files.copy_with_journals(store_path, damaged)
        files.fsync_with_journals(damaged)
        # The old side files belong to the damaged data (copied aside above); left in place, SQLite would replay
        # the old -wal onto the restored file.
        for suffix in files.SIDE_FILES:
            files.beside(store_path, suffix).unlink(missing_ok=True)
        files.install(temp, store_path)
    except (OSError, UserDataError) as error:
        raise UserDataError(
            f"AcuViewer's data file {store_path} is damaged, and recovering it failed ({error}). Nothing has been "
            f"deleted. Copy the folder {store_path.parent} somewhere safe and ask for help."
        ) from error
    finally:
        files.remove_with_side_files(temp)
    start = (
        f"AcuViewer's data file was damaged, so it was set aside as {damaged} (it has not been deleted). "
        f"Details: {damage}"
    )
    if source is None:
        message = f"{start} No usable backup was found in {backup_dir}, so AcuViewer started with empty data."
    else:
        message = (
            f"{start} Your data was restored from the backup of {timestamps.readable(source.time)} ({source.path}); "
            "changes made after that backup are not in it."
        )
    return UserStore.open(store_path), message


def _set_aside(store_path: Path, backup_dir: Path) -> Path | None:
    """The safety copy of the data about to be replaced by a restore (None when there is no data file)."""
    if not store_path.exists():
        return None
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise os_failure(error, backup_dir, "create the backup folder") from error
    target = backup_dir / f"{SAFETY}-{timestamps.for_file(timestamps.now())}.sqlite"
    try:
        copies.locked_copy(store_path, target)
    except UserDataError as error:
        raise _refusal(error) from error
    return target


def _refusal(error: UserDataError) -> UserDataError:
    return type(error)(f"{error} Nothing was restored; your current data has not been changed.")


def _same_file(first: Path, second: Path) -> bool:
    try:
        return first.resolve() == second.resolve() or (second.exists() and first.samefile(second))
    except OSError:
        return False


def _remove_stale_temps(folder: Path) -> None:
    """Deletes temporary files left by an AcuViewer that was killed mid-copy (old enough to be nobody's)."""
    limit = time.time() - _STALE.total_seconds()
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if files.is_temp(path) and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
