"""File steps that must survive a crash: durable copies, atomic replacement, and SQLite's side files."""

from __future__ import annotations

import os
import secrets
import shutil
from pathlib import Path

# A database's unfinished or uncheckpointed transactions live beside it; a copy without them is not the same data.
JOURNALS = ("-wal", "-journal")
SIDE_FILES = ("-wal", "-shm", "-journal")
_TEMP_MARK = ".partial-"


def beside(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def temp_beside(target: Path) -> Path:
    """A fresh name in target's folder, so that os.replace onto target is a rename within one file system."""
    return target.with_name(f".{target.name}{_TEMP_MARK}{secrets.token_hex(4)}")


def is_temp(path: Path) -> bool:
    return path.name.startswith(".") and _TEMP_MARK in path.name


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def fsync_dir(folder: Path) -> None:
    """Makes a rename in `folder` durable; Windows has no directory handles to sync (and needs none)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def copy_with_journals(source: Path, target: Path) -> None:
    """Copies a database file byte for byte, with its -wal/-journal if it has them (under target's name)."""
    shutil.copyfile(source, target)
    for suffix in JOURNALS:
        if beside(source, suffix).exists():
            shutil.copyfile(beside(source, suffix), beside(target, suffix))


def fsync_with_journals(path: Path) -> None:
    for candidate in (path, *(beside(path, suffix) for suffix in JOURNALS)):
        if candidate.exists():
            fsync_file(candidate)


def remove_with_side_files(path: Path) -> None:
    for candidate in (path, *(beside(path, suffix) for suffix in SIDE_FILES)):
        candidate.unlink(missing_ok=True)


def install(temp: Path, target: Path) -> None:
    """Puts the finished file `temp` in target's place in one rename: a crash leaves the old file or the new one."""
    fsync_file(temp)
    os.replace(temp, target)
    fsync_dir(target.parent)
