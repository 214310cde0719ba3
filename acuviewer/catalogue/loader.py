"""Reads and parses the catalogue's TOML sources under db/."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from acuviewer.catalogue.entry import Problem
from acuviewer.catalogue.fingerprint import source_paths


@dataclass(frozen=True)
class SourceFile:
    name: str  # path relative to the db folder, used in messages
    data: dict[str, Any]


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
