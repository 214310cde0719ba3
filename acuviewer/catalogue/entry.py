"""Typed reading of one TOML table, collecting every problem with its file, entry and field."""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = ": ".join(part for part in (self.file, self.entry, self.field) if part)
        return f"{where}: {self.message}"


class Entry:
    """Reads fields of one entry; a missing or malformed field becomes a Problem, never an exception."""

    def __init__(self, problems: list[Problem], file: str, name: str, data: Any, prefix: str = "") -> None:
        self.problems = problems
        self.file = file
        self.name = name
        self.prefix = prefix
        self.data: dict[str, Any] = data if isinstance(data, dict) else {}
        if not isinstance(data, dict):
            self.problem("", "must be a table")

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, self.name, self.prefix + field, message))

    def child(self, data: Any, field: str) -> Entry:
        return Entry(self.problems, self.file, self.name, data, prefix=f"{self.prefix}{field}.")

    def allow_only(self, keys: Iterable[str]) -> None:
        allowed = set(keys)
        for key in self.data:
            if key not in allowed:
                self.problem(key, "unknown field (a typo?)")

    def has(self, key: str) -> bool:
        return key in self.data

    def text(self, key: str, required: bool = True) -> str:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing required field")
            return ""
        if not isinstance(value, str):
            self.problem(key, f"must be text, not {type(value).__name__}")
            return ""
        if required and not value.strip():
            self.problem(key, "must not be empty")
        return value.strip()

    def choice(self, key: str, options: Iterable[str], required: bool = True) -> str:
        value = self.text(key, required)
        options = tuple(options)
        if value and value not in options:
            self.problem(key, f"'{value}' is not one of: {', '.join(options)}")
            return ""
        return value

    def number(
        self, key: str, required: bool = True, minimum: float | None = None, maximum: float | None = None
    ) -> float:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing required field")
            return 0.0
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(key, f"bad number: {value!r}")
            return 0.0
        number = float(value)
        if not math.isfinite(number):
            self.problem(key, f"bad number: {value!r}")
            return 0.0
        if minimum is not None and number < minimum:
            self.problem(key, f"bad number: {value!r} is below {minimum:g}")
        if maximum is not None and number > maximum:
            self.problem(key, f"bad number: {value!r} is above {maximum:g}")
        return number

    def integer(self, key: str, required: bool = True, minimum: int = 1) -> int | None:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing required field")
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(key, f"bad number: {value!r} is not a whole number")
            return None
        if value < minimum:
            self.problem(key, f"bad number: {value!r} is below {minimum}")
            return None
        return value

    def flag(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {value!r}")
            return default
        return value

    def texts(self, key: str, required: bool = True) -> tuple[str, ...]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing required field")
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            self.problem(key, "must be a list of non-empty texts")
            return ()
        return tuple(v.strip() for v in value)

    def tables(self, key: str, required: bool = False) -> list[Entry]:
        value = self.data.get(key)
        if value is None:
            if required:
                self.problem(key, "missing required field")
            return []
        if isinstance(value, dict):
            return [self.child(value, key)]
        if not isinstance(value, list):
            self.problem(key, "must be a list of tables")
            return []
        return [self.child(item, f"{key}[{i}]") for i, item in enumerate(value)]
