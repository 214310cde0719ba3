"""Finds and parses the catalogue's TOML sources under db/, and fingerprints them."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acuviewer.catalogue.entry import Problem

FIXED_FILES = ("sources.toml", "channels.toml", "categories.toml", "landmarks.toml")
POINTS_DIR = "points"


@dataclass(frozen=True)
class SourceFile:
    name: str  # path relative to the db folder, used in messages
    data: dict[str, Any]


def source_paths(db_dir: Path) -> list[Path]:
    """Every file the catalogue is built from, in a fixed order (so builds are reproducible)."""
    points = sorted((db_dir / POINTS_DIR).glob("*.toml")) if (db_dir / POINTS_DIR).is_dir() else []
    return [db_dir / name for name in FIXED_FILES] + points


def fingerprint(db_dir: Path) -> str:
    """A hash of the sources' names and bytes: the built catalogue records it to tell when it is stale."""
    digest = hashlib.sha256()
    for path in source_paths(db_dir):
        digest.update(path.relative_to(db_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()


def read_sources(db_dir: Path, problems: list[Problem]) -> list[SourceFile]:
    """Parses every source file; a missing or malformed file is reported, never raised."""
    files: list[SourceFile] = []
    if not db_dir.is_dir():
        problems.append(Problem(str(db_dir), "", "", "the catalogue source folder does not exist"))
        return files
    for path in source_paths(db_dir):
        name = path.relative_to(db_dir).as_posix()
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(Problem(name, "", "", "file is missing"))
            continue
        except UnicodeDecodeError as error:
            problems.append(Problem(name, "", "", f"not UTF-8 text ({error.reason} at byte {error.start})"))
            continue
        except tomllib.TOMLDecodeError as error:
            problems.append(Problem(name, "", "", f"not valid TOML: {error}"))
            continue
        files.append(SourceFile(name, data))
    return files
