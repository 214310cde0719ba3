"""The user data store: opening and migrations, plans, notes, favourites, transactions, and where the file lives."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import platformdirs
import pytest
from userdata_samples import dump, sample_plan, without_times

from acuviewer.userdata import paths, schema
from acuviewer.userdata.errors import DamagedDataError
from acuviewer.userdata.model import AshiPoint, Plan, PlanPoint, Session
from acuviewer.userdata.store import UserDataError, UserStore


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Nothing here may reach the real practitioner's data, whatever a test calls.
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "data"))


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return paths.store_path(tmp_path / "data")


@pytest.fixture
def store(store_file: Path) -> Iterator[UserStore]:
    with UserStore.open(store_file) as opened:
        yield opened


def _pragma(path: Path, name: str) -> object:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(f"PRAGMA {name}").fetchone()[0]
    finally:
        conn.close()


# Where the data lives


def test_data_dir_follows_the_environment_variable(tmp_path: Path) -> None:
    assert paths.default_data_dir() == tmp_path / "data"
    assert paths.store_path(tmp_path) == tmp_path / "userdata.sqlite"
    assert paths.backup_dir(tmp_path) == tmp_path / "backups"


def test_data_dir_is_the_platform_folder_without_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.DATA_DIR_VARIABLE)
    assert paths.default_data_dir() == Path(platformdirs.user_data_dir("AcuViewer", "AcuViewer"))


# Opening, versions and migrations


def test_a_fresh_store_is_at_the_latest_version_in_wal_mode(store: UserStore, store_file: Path) -> None:
    assert _pragma(store_file, "user_version") == schema.latest_version() >= 1
    assert _pragma(store_file, "application_id") == schema.APPLICATION_ID
    assert _pragma(store_file, "journal_mode") == "wal"
    conn = store._conn  # per-connection settings can only be read on the store's own connection
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.integrity_ok()


def test_reopening_keeps_the_data(store_file: Path) -> None:
    with UserStore.open(store_file) as first:
        plan_id = first.save_plan(sample_plan())
    with UserStore.open(store_file) as second:
        assert without_times(second.plan(plan_id)) == sample_plan()


def test_a_store_from_a_newer_acuviewer_is_refused_and_left_alone(store_file: Path) -> None:
    UserStore.open(store_file).close()
    conn = sqlite3.connect(store_file)
    conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    conn.close()
    before = store_file.read_bytes()
    with pytest.raises(UserDataError, match="newer version of AcuViewer") as refused:
        UserStore.open(store_file)
    assert not isinstance(refused.value, DamagedDataError)  # not damage: recovery must not set it aside
    assert str(store_file) in str(refused.value)
    assert store_file.read_bytes() == before


def test_another_programs_database_is_refused_and_left_alone(store_file: Path) -> None:
    store_file.parent.mkdir(parents=True)
    conn = sqlite3.connect(store_file)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.close()
    before = store_file.read_bytes()
    with pytest.raises(DamagedDataError, match="not an AcuViewer data file"):
        UserStore.open(store_file)
    assert store_file.read_bytes() == before


def test_a_store_missing_a_table_is_damaged(store_file: Path) -> None:
    UserStore.open(store_file).close()
    conn = sqlite3.connect(store_file)
    conn.execute("DROP TABLE plan_ashi")
    conn.close()
    with pytest.raises(DamagedDataError, match="plan_ashi"):
        UserStore.open(store_file)


def test_a_later_migration_upgrades_an_older_store(store_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with UserStore.open(store_file) as old:
        plan_id = old.save_plan(sample_plan())
    progress = "CREATE TABLE study_progress (\n    code TEXT PRIMARY KEY,\n    seen INTEGER NOT NULL\n);\n"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, progress))
    with UserStore.open(store_file) as upgraded:
        assert without_times(upgraded.plan(plan_id)) == sample_plan()
    assert _pragma(store_file, "user_version") == len(schema.MIGRATIONS)
    assert any("study_progress" in line for line in dump(store_file))


def test_a_failing_migration_changes_nothing(store_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    UserStore.open(store_file).close()
    before = dump(store_file)
    broken = "CREATE TABLE study_progress (code TEXT);\nINSERT INTO no_such_table VALUES (1);\n"
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, broken))
    with pytest.raises(UserDataError, match=str(store_file)):
        UserStore.open(store_file)
    assert _pragma(store_file, "user_version") == len(schema.MIGRATIONS) - 1
    assert dump(store_file) == before  # the new table went with the rolled-back transaction


def test_two_windows_creating_the_store_at_once_both_succeed(store_file: Path) -> None:
    barrier = threading.Barrier(4)
    problems: list[BaseException] = []

    def open_it() -> None:
        barrier.wait()
        try:
            UserStore.open(store_file).close()
        except BaseException as error:  # reported below: a thread's exception would otherwise vanish
            problems.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert problems == []
    assert _pragma(store_file, "user_version") == schema.latest_version()


def test_migration_scripts_split_where_sqlite_ends_statements() -> None:
    script = "-- a trigger has semicolons inside\nCREATE TABLE a (x);\nCREATE TRIGGER t AFTER INSERT ON a BEGIN\n"
    script += "    DELETE FROM a;\nEND;\n"
    assert [s.split()[1] for s in schema.statements(script)] == ["a", "TRIGGER"]
    with pytest.raises(ValueError, match="unterminated"):
        schema.statements("CREATE TABLE b (x)")


# Plans


def test_save_and_read_back_a_plan(store: UserStore) -> None:
    plan_id = store.save_plan(sample_plan())
    saved = store.plan(plan_id)
    assert saved is not None and saved.id == plan_id
    assert without_times(saved) == sample_plan()
    created = datetime.fromisoformat(saved.created)
    assert created.tzinfo is not None and created.utcoffset() == UTC.utcoffset(None)
    assert saved.modified == saved.created


def test_whole_numbers_are_stored_as_coordinates(store: UserStore) -> None:
    plan = replace(sample_plan(), ashi=(AshiPoint("lateral", 400, 0, "M", ""),))  # ints where floats belong
    saved = store.plan(store.save_plan(plan))
    assert saved is not None and saved.ashi == (AshiPoint("lateral", 400.0, 0.0, "M", ""),)


def test_saving_again_replaces_points_and_ashi_whole(store: UserStore) -> None:
    plan_id = store.save_plan(sample_plan(points=6, ashi=4))
    first = store.plan(plan_id)
    assert first is not None
    changed = replace(sample_plan(points=2, ashi=1), id=plan_id, name="Renamed", red_flags=())
    assert store.save_plan(changed) == plan_id
    second = store.plan(plan_id)
    assert second is not None
    assert without_times(second) == without_times(changed)
    assert second.created == first.created and second.modified > first.modified
    assert [summary.id for summary in store.plans()] == [plan_id]


def test_saving_a_plan_that_is_gone_is_refused(store: UserStore) -> None:
    with pytest.raises(UserDataError, match="no longer in"):
        store.save_plan(replace(sample_plan(), id=99))
    assert store.plans() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": "  "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"points": (PlanPoint("BL40", "nearby", ""),)}, "points[0].role"),
        ({"points": (PlanPoint("", "local", ""),)}, "points[0].code"),
        ({"ashi": (AshiPoint("dorsal", 1.0, 1.0, "L", ""),)}, "ashi[0].view"),
        ({"ashi": (AshiPoint("posterior", float("nan"), 1.0, "L", ""),)}, "ashi[0].x"),
        ({"ashi": (AshiPoint("posterior", 1.0, 1601.0, "L", ""),)}, "ashi[0].y"),
        ({"ashi": (AshiPoint("posterior", 1.0, 1.0, "left", ""),)}, "ashi[0].side"),
        ({"session": Session(retention_min=-5)}, "retention_min"),
        ({"session": Session(ea_frequency_hz=float("inf"))}, "ea_frequency_hz"),
        ({"patterns": ("ok", "\ud800")}, "patterns[1]"),
        ({"notes": "x" * 100_001}, "notes"),
    ],
)
def test_invalid_plans_are_refused_naming_the_field(store: UserStore, change: dict[str, object], field: str) -> None:
    good = store.save_plan(sample_plan())
    before = store.plan(good)
    with pytest.raises(UserDataError, match=r"cannot be saved: .*" + field.replace("[", r"\[").replace("]", r"\]")):
        store.save_plan(replace(sample_plan(), **change))  # type: ignore[arg-type]
    with pytest.raises(UserDataError, match="cannot be saved"):
        store.save_plan(replace(sample_plan(), id=good, **change))  # type: ignore[arg-type]
    assert store.plan(good) == before and len(store.plans()) == 1


def test_plans_are_listed_newest_first(store: UserStore) -> None:
    first = store.save_plan(sample_plan("First"))
    second = store.save_plan(sample_plan("Second"))
    assert [summary.name for summary in store.plans()] == ["Second", "First"]
    store.save_plan(replace(sample_plan("First again"), id=first))
    summaries = store.plans()
    assert [summary.id for summary in summaries] == [first, second]
    assert summaries[0].condition == "sciatica" and summaries[0].course == "posterior"


def test_a_missing_plan_reads_as_none(store: UserStore) -> None:
    assert store.plan(12345) is None


def test_duplicate_copies_everything_under_a_new_name(store: UserStore) -> None:
    original = store.save_plan(sample_plan())
    copy = store.duplicate_plan(original, "Copy")
    assert copy != original
    assert without_times(store.plan(copy)) == replace(sample_plan(), name="Copy")
    assert without_times(store.plan(original)) == sample_plan()
    with pytest.raises(UserDataError, match="no longer in"):
        store.duplicate_plan(999, "Ghost")
    with pytest.raises(UserDataError, match="must not be empty"):
        store.duplicate_plan(original, "")
    assert len(store.plans()) == 2


def test_rename(store: UserStore) -> None:
    plan_id = store.save_plan(sample_plan())
    store.rename_plan(plan_id, "Lateral course")
    renamed = store.plan(plan_id)
    assert renamed is not None and renamed.name == "Lateral course"
    assert without_times(replace(renamed, name=sample_plan().name)) == sample_plan()
    with pytest.raises(UserDataError, match="must not be empty"):
        store.rename_plan(plan_id, " ")
    with pytest.raises(UserDataError, match="no longer in"):
        store.rename_plan(999, "Ghost")
    assert [summary.name for summary in store.plans()] == ["Lateral course"]


def test_delete_removes_the_plan_and_all_its_parts(store: UserStore, store_file: Path) -> None:
    doomed = store.save_plan(sample_plan("Doomed", points=5, ashi=3))
    kept = store.save_plan(sample_plan("Kept"))
    store.delete_plan(doomed)
    store.delete_plan(doomed)  # already gone: not an error
    assert store.plan(doomed) is None and [summary.id for summary in store.plans()] == [kept]
    conn = sqlite3.connect(store_file)
    for table in ("plan_points", "plan_ashi", "plan_labels", "plan_ea_pairs"):
        assert conn.execute(f"SELECT count(*) FROM {table} WHERE plan_id = ?", (doomed,)).fetchone()[0] == 0
    conn.close()


def test_a_failure_in_the_middle_of_a_save_keeps_the_old_plan(store: UserStore, store_file: Path) -> None:
    plan_id = store.save_plan(sample_plan(points=5, ashi=3))
    before = store.plan(plan_id)
    # A trigger fails the save after its points were already deleted and rewritten, inside the transaction.
    conn = sqlite3.connect(store_file)
    conn.execute(
        "CREATE TRIGGER fail AFTER INSERT ON plan_ashi WHEN new.note = 'boom' BEGIN SELECT RAISE(ABORT, 'x'); END"
    )
    conn.commit()
    conn.close()
    broken = replace(sample_plan(points=1), id=plan_id, ashi=(AshiPoint("posterior", 1.0, 1.0, "L", "boom"),))
    with pytest.raises(UserDataError, match="could not save the plan"):
        store.save_plan(broken)
    assert store.plan(plan_id) == before
    store.save_plan(replace(sample_plan("Still works"), id=plan_id))  # and the store is not stuck in a transaction


def test_a_closed_store_says_so_in_words(store_file: Path) -> None:
    store = UserStore.open(store_file)
    store.close()
    with pytest.raises(UserDataError, match="could not list the plans"):
        store.plans()


# Notes and favourites


def test_notes_are_kept_as_given_and_blank_deletes(store: UserStore) -> None:
    text = "<script>alert(1)</script>\n\u59d4\u4e2d & <b>"
    assert store.note("BL40") == ""
    store.set_note("BL40", text)
    store.set_note("GB30", "first")
    store.set_note("GB30", "second")
    assert store.note("BL40") == text
    assert store.notes() == {"BL40": text, "GB30": "second"}
    store.set_note("GB30", "")
    store.set_note("BL40", " \n ")
    store.set_note("ST36", "")  # nothing to delete: fine
    assert store.notes() == {}


def test_bad_notes_are_refused(store: UserStore) -> None:
    with pytest.raises(UserDataError, match="point code"):
        store.set_note("", "text")
    with pytest.raises(UserDataError, match="longer than"):
        store.set_note("BL40", "x" * 100_001)
    assert store.notes() == {}


def test_favourites(store: UserStore) -> None:
    store.set_favourite("GB34", True)
    store.set_favourite("BL40", True)
    store.set_favourite("GB34", True)  # again: still once, still first
    assert store.favourites() == ["GB34", "BL40"]
    store.set_favourite("GB34", False)
    store.set_favourite("ST36", False)
    assert store.favourites() == ["BL40"]
    with pytest.raises(UserDataError, match="favourite"):
        store.set_favourite(" ", True)


def test_check_contents_finds_damage_sqlite_accepts(store: UserStore, store_file: Path) -> None:
    plan_id = store.save_plan(sample_plan())
    store.check_contents()
    conn = sqlite3.connect(store_file)
    conn.execute("UPDATE plan_ashi SET x = 5000.0 WHERE plan_id = ?", (plan_id,))  # off the map; no CHECK for it
    conn.commit()
    conn.close()
    assert store.integrity_ok()
    with pytest.raises(DamagedDataError, match="damaged"):
        store.check_contents()
    with pytest.raises(DamagedDataError):
        store.plan(plan_id)


def test_plan_dataclasses_are_frozen() -> None:
    plan = Plan(id=None, name="x")
    with pytest.raises(AttributeError):
        plan.name = "y"  # type: ignore[misc]
