"""Plans as JSON between workstations: round trips, strict all-or-nothing imports, and reading the file."""

from __future__ import annotations

import copy
import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from userdata_samples import contents, fill, sample_plan, without_times

from acuviewer.userdata import exchange, paths
from acuviewer.userdata.exchange import export_plans, import_plans, read_plans_file, write_plans_file
from acuviewer.userdata.store import UserDataError, UserStore


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "data"))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[UserStore]:
    with UserStore.open(tmp_path / "here" / "userdata.sqlite") as opened:
        fill(opened)
        yield opened


@pytest.fixture
def other(tmp_path: Path) -> Iterator[UserStore]:
    with UserStore.open(tmp_path / "there" / "userdata.sqlite") as opened:
        yield opened


def _via_file(data: dict[str, object], tmp_path: Path) -> object:
    path = tmp_path / "plans.json"
    write_plans_file(path, data)
    return read_plans_file(path)


def test_export_then_import_elsewhere_gives_equal_plans(store: UserStore, other: UserStore, tmp_path: Path) -> None:
    exported = export_plans(store)
    assert exported["format"] == "acuviewer-plans" and exported["version"] == 1
    new_ids = import_plans(other, _via_file(exported, tmp_path))
    assert len(new_ids) == len(store.plans()) == 3
    originals = [store.plan(summary.id) for summary in store.plans()]
    imported = [other.plan(plan_id) for plan_id in new_ids]
    # Everything survives, timestamps included; only the id is the new store's own.
    assert [replace(p, id=None) for p in imported if p] == [replace(p, id=None) for p in originals if p]
    again = export_plans(other)
    assert [{**plan, "id": None} for plan in again["plans"]] == [  # type: ignore[attr-defined]
        {**plan, "id": None}
        for plan in exported["plans"]  # type: ignore[attr-defined]
    ]


def test_export_of_chosen_plans(store: UserStore) -> None:
    first = store.plans()[-1].id
    exported = export_plans(store, [first])
    assert [plan["id"] for plan in exported["plans"]] == [first]  # type: ignore[attr-defined]
    with pytest.raises(UserDataError, match="no longer in"):
        export_plans(store, [first, 999])


def test_imported_names_never_clash(store: UserStore) -> None:
    one = export_plans(store, [store.plans()[0].id])
    name = store.plans()[0].name
    import_plans(store, one)
    import_plans(store, one)
    import_plans(store, one)
    names = [summary.name for summary in store.plans()]
    assert names.count(name) == 1
    assert {f"{name} (imported)", f"{name} (imported 2)", f"{name} (imported 3)"} <= set(names)


def test_times_from_the_file_are_kept_and_empty_ones_set(other: UserStore) -> None:
    data = _document(created="2024-03-01T09:30:00+01:00", modified="")
    [plan_id] = import_plans(other, data)
    plan = other.plan(plan_id)
    assert plan is not None and plan.created == "2024-03-01T08:30:00.000000Z"
    assert plan.modified > plan.created


def _document(**changes: object) -> dict[str, Any]:
    plan = exchange._plan_to_json(sample_plan())
    plan.update(changes)
    return {"format": "acuviewer-plans", "version": 1, "plans": [plan]}


def _set(path: str, value: object) -> Callable[[dict[str, Any]], None]:
    """A change to a document: sets the value at a dotted path ('plans.0.points.1.role')."""

    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        if isinstance(target, list):
            target[int(last)] = value
        else:
            target[last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for key in parents:
            target = target[int(key)] if isinstance(target, list) else target[key]
        del target[last]

    return change


BAD_IMPORTS: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "wrong format": (_set("format", "anki-deck"), "not an AcuViewer plans file"),
    "newer version": (_set("version", 2), "newer AcuViewer"),
    "version as true": (_set("version", True), "version"),
    "plans not a list": (_set("plans", {"a": 1}), "no list of plans"),
    "unknown top entry": (_set("macro", "run me"), "unknown entry 'macro'"),
    "export time not text": (_set("exported", 20240301), "export time"),
    "plan not an object": (_set("plans.0", "Back pain"), "plan 1, the plan must be an object"),
    "unknown plan entry": (_set("plans.0.colour", "red"), "unknown entry 'colour'"),
    "missing name": (_drop("plans.0.name"), "has no 'name'"),
    "blank name": (_set("plans.0.name", "   "), "name must not be empty"),
    "long name": (_set("plans.0.name", "x" * 201), "name is longer"),
    "name not text": (_set("plans.0.name", 42), "name must be text"),
    "bad role": (_set("plans.0.points.1.role", "nearby"), "points[1].role must be one of"),
    "bad view": (_set("plans.0.ashi.0.view", "top"), "ashi[0].view"),
    "bad side": (_set("plans.0.ashi.1.side", "l"), "ashi[1].side"),
    "x as text": (_set("plans.0.ashi.0.x", "100"), "ashi[0].x must be a number"),
    "x as bool": (_set("plans.0.ashi.0.x", True), "ashi[0].x must be a number"),
    "x not finite": (_set("plans.0.ashi.0.x", float("nan")), "ashi[0].x must be a number from 0"),
    "huge y": (_set("plans.0.ashi.0.y", 10**400), "ashi[0].y is far out of range"),
    "too many points": (_set("plans.0.points", [{"code": "BL40", "role": "local", "reason": ""}] * 501), "points has"),
    "lone surrogate": (_set("plans.0.notes", "bad \ud800"), "notes contains characters"),
    "retention as bool": (_set("plans.0.session.retention_min", True), "retention_min"),
    "retention too long": (_set("plans.0.session.retention_min", 10_000), "retention_min"),
    "pair of three": (_set("plans.0.session.ea_pairs", [["BL25", "BL40", "GB30"]]), "ea_pairs[0] must be a pair"),
    "cupping as 1": (_set("plans.0.session.cupping", 1), "cupping must be true or false"),
    "created not a time": (_set("plans.0.created", "yesterday"), "created must be a date"),
    "created without zone": (_set("plans.0.created", "2024-03-01T09:30:00"), "created must be a date"),
    "second plan bad": (lambda d: d["plans"].append({**d["plans"][0], "patterns": [1]}), "plan 2 ("),
}


@pytest.mark.parametrize("kind", BAD_IMPORTS)
def test_bad_imports_are_refused_and_change_nothing(store: UserStore, kind: str) -> None:
    change, expected = BAD_IMPORTS[kind]
    document = _document()
    change(document)
    before = contents(store)
    with pytest.raises(UserDataError) as refused:
        import_plans(store, document)
    assert expected in str(refused.value)
    assert "Nothing was imported" in str(refused.value)
    assert contents(store) == before


def test_too_many_plans_are_refused(store: UserStore) -> None:
    document = _document()
    document["plans"] = document["plans"] * 10_001
    before = contents(store)
    with pytest.raises(UserDataError, match="more than 10000 plans"):
        import_plans(store, document)
    assert contents(store) == before


@pytest.mark.parametrize("data", [None, [], "plans", 3.5, {"format": "acuviewer-plans"}])
def test_documents_of_the_wrong_shape_are_refused(store: UserStore, data: object) -> None:
    with pytest.raises(UserDataError, match="Nothing was imported"):
        import_plans(store, data)


def test_an_import_failing_inside_the_transaction_adds_nothing(store: UserStore) -> None:
    document = _document()
    document["plans"] = [copy.deepcopy(document["plans"][0]) for _ in range(3)]
    document["plans"][2]["name"] = "fails in the database"
    conn = sqlite3.connect(store.path)
    conn.execute(
        "CREATE TRIGGER fail AFTER INSERT ON plans WHEN new.name = 'fails in the database' "
        "BEGIN SELECT RAISE(ABORT, 'x'); END"
    )
    conn.commit()
    conn.close()
    before = contents(store)
    with pytest.raises(UserDataError, match="could not add the plans"):
        import_plans(store, document)
    assert contents(store) == before


# The file


def test_reading_broken_files_says_what_is_wrong(tmp_path: Path) -> None:
    cases: dict[str, bytes | None] = {
        "missing.json": None,
        "latin1.json": "caf\u00e9".encode("latin-1"),
        "broken.json": b'{"format": "acuviewer-plans",',
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
    }
    for name, content in cases.items():
        path = tmp_path / name
        if content is not None:
            path.write_bytes(content)
        with pytest.raises(UserDataError) as refused:
            read_plans_file(path)
        assert str(path) in str(refused.value), name
    with pytest.raises(UserDataError, match="line 1, column 30"):
        read_plans_file(tmp_path / "broken.json")
    with pytest.raises(UserDataError):
        read_plans_file(tmp_path)  # a folder


def test_a_written_file_reads_back_and_leaves_no_temporary_files(store: UserStore, tmp_path: Path) -> None:
    exported = export_plans(store)
    path = tmp_path / "out" / "plans.json"
    path.parent.mkdir()
    write_plans_file(path, exported)
    assert read_plans_file(path) == json.loads(json.dumps(exported))
    assert [p.name for p in path.parent.iterdir()] == ["plans.json"]
    assert "\u7a74" in path.read_text(encoding="utf-8")  # readable, not \\u-escaped


def test_the_round_trip_survives_a_byte_order_mark(store: UserStore, other: UserStore, tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(export_plans(store)).encode("utf-8"))
    ids = import_plans(other, read_plans_file(path))
    assert [without_times(other.plan(i)) for i in ids] == [without_times(store.plan(s.id)) for s in store.plans()]
