"""Reads and parses the catalogue's TOML sources under db/."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from acuviewer.catalogue.entry import Entry, Problem
from acuviewer.catalogue.fingerprint import source_paths

T = TypeVar("T")


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


def read_all(
    source_file: SourceFile | None, table: str, key: str, problems: list[Problem], make: Callable[[Entry], T]
) -> list[T]:
    """Reads every `[[table]]` of a file with `make`, reporting duplicates of `key` within the file.

    With key "" the entries have no id of their own and are named by their position ("symptom #2").
    """
    if source_file is None:
        return []
    raw = source_file.data.get(table, [])
    if not isinstance(raw, list):
        problems.append(Problem(source_file.name, "", table, "must be an array of tables ([[...]])"))
        return []
    made: list[T] = []
    seen: set[str] = set()
    for index, data in enumerate(raw):
        label = data.get(key) if isinstance(data, dict) else None
        name = label if isinstance(label, str) and label else f"{table} #{index + 1}"
        entry = Entry(problems, source_file.name, name, data)
        if name in seen:
            entry.problem(key, f"duplicate {key} '{name}'")
            continue
        seen.add(name)
        made.append(make(entry))
    return made
