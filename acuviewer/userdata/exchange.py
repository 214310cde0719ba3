"""Plans as JSON, to move them between workstations: export, strict all-or-nothing import, and the file itself."""

from __future__ import annotations

import itertools
import json
import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from acuviewer.userdata import files, timestamps
from acuviewer.userdata.errors import UserDataError, os_failure
from acuviewer.userdata.model import AshiPoint, Plan, PlanPoint, Session
from acuviewer.userdata.rules import MAX_NAME, plan_problem
from acuviewer.userdata.store import UserStore

FORMAT = "acuviewer-plans"
VERSION = 1
MAX_PLANS = 10_000
MAX_FILE_BYTES = 64 * 1024 * 1024  # far above 10 000 plans; refuses a wrong file before reading it all
_PLAN_KEYS = (
    "id",
    "name",
    "condition",
    "course",
    "patterns",
    "flags",
    "red_flags",
    "points",
    "ashi",
    "session",
    "notes",
    "created",
    "modified",
)
_REFUSED = "Nothing was imported."


def export_plans(store: UserStore, ids: Iterable[int] | None = None) -> dict[str, object]:
    """The plans with `ids` (all plans when None) as a JSON-ready dict holding every field of each plan."""
    chosen = [summary.id for summary in store.plans()] if ids is None else list(ids)
    plans = []
    for plan_id in chosen:
        plan = store.plan(plan_id)
        if plan is None:
            raise UserDataError(f"The plan number {plan_id} is no longer in {store.path}, so it cannot be exported.")
        plans.append(_plan_to_json(plan))
    return {"format": FORMAT, "version": VERSION, "exported": timestamps.iso(timestamps.now()), "plans": plans}


def import_plans(store: UserStore, data: object) -> list[int]:
    """Adds every plan in `data` (as read by read_plans_file) in one transaction, or none; returns the new ids.

    Refuses anything out of the ordinary with a UserDataError naming the plan and the field. A plan whose name is
    already taken is added as "name (imported)", then "name (imported 2)", and so on.
    """
    plans = parse_plans(data)
    taken = {summary.name for summary in store.plans()}
    renamed = []
    for plan in plans:
        name = _free_name(plan.name, taken)
        taken.add(name)
        renamed.append(replace(plan, id=None, name=name))
    return store.add_plans(renamed)


def parse_plans(data: object) -> list[Plan]:
    """The plans in an exported document, checked strictly; raises UserDataError for the first problem."""
    if not isinstance(data, dict):
        raise UserDataError(f"The file is not an AcuViewer plans file (it holds no plans object). {_REFUSED}")
    unknown = [key for key in data if key not in ("format", "version", "exported", "plans")]
    if data.get("format") != FORMAT:
        raise UserDataError(f"The file is not an AcuViewer plans file (its format is not '{FORMAT}'). {_REFUSED}")
    version = data.get("version")
    if type(version) is not int or version < 1:
        raise UserDataError(f"The plans file has no valid version number. {_REFUSED}")
    if version > VERSION:
        raise UserDataError(
            f"The plans file was written by a newer AcuViewer (format version {version}; this version reads "
            f"version {VERSION}). Update AcuViewer to import it. {_REFUSED}"
        )
    if unknown:
        raise UserDataError(f"The plans file has an unknown entry {str(unknown[0])[:40]!r}. {_REFUSED}")
    if not isinstance(data.get("exported", ""), str):
        raise UserDataError(f"The plans file's export time is not text. {_REFUSED}")
    raw_plans = data.get("plans")
    if not isinstance(raw_plans, list):
        raise UserDataError(f"The plans file has no list of plans. {_REFUSED}")
    if len(raw_plans) > MAX_PLANS:
        raise UserDataError(f"The plans file holds more than {MAX_PLANS} plans. {_REFUSED}")
    plans = []
    for index, raw in enumerate(raw_plans, start=1):
        name = raw.get("name") if isinstance(raw, dict) else None
        label = f"plan {index} ({name[:80]!r})" if isinstance(name, str) else f"plan {index}"
        try:
            plans.append(_plan_from_json(raw))
        except _Invalid as problem:
            raise UserDataError(f"The plans file cannot be imported: in {label}, {problem}. {_REFUSED}") from None
    return plans


def read_plans_file(path: Path) -> object:
    """The JSON document in `path`; any reading or decoding failure becomes a UserDataError."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise UserDataError(f"{path} is too large to be an AcuViewer plans file. {_REFUSED}")
        text = path.read_bytes().decode("utf-8-sig")
        return json.loads(text)
    except OSError as error:
        raise os_failure(error, path, "read") from error
    except UnicodeError as error:
        raise UserDataError(f"{path} is not a text file (UTF-8), so it is not an AcuViewer plans file.") from error
    except json.JSONDecodeError as error:
        raise UserDataError(
            f"{path} is not a valid plans file: its JSON is broken at line {error.lineno}, column {error.colno}."
        ) from error
    except (ValueError, RecursionError) as error:  # numbers too long to read, or arrays nested absurdly deep
        raise UserDataError(f"{path} is not a valid plans file ({type(error).__name__}).") from error


def write_plans_file(path: Path, data: dict[str, object]) -> None:
    """Writes an export to `path` in one step: a crash leaves the old file or the complete new one."""
    text = json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"
    temp = files.temp_beside(path)
    try:
        with open(temp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        files.install(temp, path)
    except OSError as error:
        raise os_failure(error, path, "write") from error
    finally:
        temp.unlink(missing_ok=True)


class _Invalid(Exception):
    """A problem in one plan, as a phrase naming the field; parse_plans adds which plan."""


def _plan_to_json(plan: Plan) -> dict[str, object]:
    session = plan.session
    return {
        "id": plan.id,
        "name": plan.name,
        "condition": plan.condition,
        "course": plan.course,
        "patterns": list(plan.patterns),
        "flags": list(plan.flags),
        "red_flags": list(plan.red_flags),
        "points": [{"code": p.code, "role": p.role, "reason": p.reason} for p in plan.points],
        "ashi": [{"view": a.view, "x": a.x, "y": a.y, "side": a.side, "note": a.note} for a in plan.ashi],
        "session": {
            "retention_min": session.retention_min,
            "ea_pairs": [list(pair) for pair in session.ea_pairs],
            "ea_frequency_hz": session.ea_frequency_hz,
            "cupping": session.cupping,
            "moxa": session.moxa,
        },
        "notes": plan.notes,
        "created": plan.created,
        "modified": plan.modified,
    }


def _plan_from_json(raw: object) -> Plan:
    fields = _object(raw, "the plan", _PLAN_KEYS)
    if fields["id"] is not None and type(fields["id"]) is not int:
        raise _Invalid("id must be a whole number or null")
    session = _object(fields["session"], "session", ("retention_min", "ea_pairs", "ea_frequency_hz", "cupping", "moxa"))
    retention = session["retention_min"]
    if retention is not None and type(retention) is not int:
        raise _Invalid("session.retention_min must be a whole number of minutes or null")
    frequency = session["ea_frequency_hz"]
    plan = Plan(
        id=None,
        name=_text(fields["name"], "name"),
        condition=_text(fields["condition"], "condition"),
        course=_text(fields["course"], "course"),
        patterns=_texts(fields["patterns"], "patterns"),
        flags=_texts(fields["flags"], "flags"),
        red_flags=_texts(fields["red_flags"], "red_flags"),
        points=tuple(_point(item, index) for index, item in enumerate(_list(fields["points"], "points"))),
        ashi=tuple(_ashi(item, index) for index, item in enumerate(_list(fields["ashi"], "ashi"))),
        session=Session(
            retention_min=retention,
            ea_pairs=_pairs(session["ea_pairs"]),
            ea_frequency_hz=None if frequency is None else _number(frequency, "session.ea_frequency_hz"),
            cupping=_flag(session["cupping"], "session.cupping"),
            moxa=_flag(session["moxa"], "session.moxa"),
        ),
        notes=_text(fields["notes"], "notes"),
        created=_time(fields["created"], "created"),
        modified=_time(fields["modified"], "modified"),
    )
    # The extractors above check types; the rules check values (allowed roles, ranges, lengths) as for any save.
    problem = plan_problem(plan)
    if problem:
        raise _Invalid(problem)
    return plan


def _point(raw: object, index: int) -> PlanPoint:
    field = f"points[{index}]"
    fields = _object(raw, field, ("code", "role", "reason"))
    return PlanPoint(
        _text(fields["code"], f"{field}.code"),
        _text(fields["role"], f"{field}.role"),
        _text(fields["reason"], f"{field}.reason"),
    )


def _ashi(raw: object, index: int) -> AshiPoint:
    field = f"ashi[{index}]"
    fields = _object(raw, field, ("view", "x", "y", "side", "note"))
    return AshiPoint(
        _text(fields["view"], f"{field}.view"),
        _number(fields["x"], f"{field}.x"),
        _number(fields["y"], f"{field}.y"),
        _text(fields["side"], f"{field}.side"),
        _text(fields["note"], f"{field}.note"),
    )


def _pairs(raw: object) -> tuple[tuple[str, str], ...]:
    pairs = []
    for index, pair in enumerate(_list(raw, "session.ea_pairs")):
        field = f"session.ea_pairs[{index}]"
        if not isinstance(pair, list) or len(pair) != 2:
            raise _Invalid(f"{field} must be a pair of point codes")
        pairs.append((_text(pair[0], f"{field}[0]"), _text(pair[1], f"{field}[1]")))
    return tuple(pairs)


def _object(raw: object, field: str, keys: tuple[str, ...]) -> dict[str, object]:
    """`raw` as a dict with exactly `keys`: a missing or unknown entry is refused, not guessed at."""
    if not isinstance(raw, dict):
        raise _Invalid(f"{field} must be an object")
    for key in raw:
        if key not in keys:
            raise _Invalid(f"{field} has an unknown entry {str(key)[:40]!r}")
    for key in keys:
        if key not in raw:
            raise _Invalid(f"{field} has no '{key}'")
    return {key: raw[key] for key in keys}


def _list(raw: object, field: str) -> list[object]:
    if not isinstance(raw, list):
        raise _Invalid(f"{field} must be a list")
    return raw


def _text(raw: object, field: str) -> str:
    if not isinstance(raw, str):
        raise _Invalid(f"{field} must be text")
    return raw


def _texts(raw: object, field: str) -> tuple[str, ...]:
    return tuple(_text(item, f"{field}[{index}]") for index, item in enumerate(_list(raw, field)))


def _flag(raw: object, field: str) -> bool:
    if not isinstance(raw, bool):
        raise _Invalid(f"{field} must be true or false")
    return raw


def _number(raw: object, field: str) -> float:
    """JSON writes 400.0 as 400, so whole numbers are accepted too; the rules then check the range."""
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        raise _Invalid(f"{field} must be a number")
    try:
        return float(raw)
    except OverflowError:  # an int with hundreds of digits
        raise _Invalid(f"{field} is far out of range") from None


def _time(raw: object, field: str) -> str:
    """An ISO-8601 time with a zone, or empty (the store then uses the time of the import)."""
    if raw == "":
        return ""
    normalized = timestamps.normalized(raw) if isinstance(raw, str) and len(raw) <= 64 else None
    if normalized is None:
        raise _Invalid(f"{field} must be a date and time in ISO-8601 form with a time zone")
    return normalized


def _free_name(name: str, taken: set[str]) -> str:
    if name not in taken:
        return name
    for number in itertools.count(1):
        suffix = " (imported)" if number == 1 else f" (imported {number})"
        candidate = name[: MAX_NAME - len(suffix)] + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("unreachable")
