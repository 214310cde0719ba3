"""Backups, rotation, checked restores and recovery of a damaged data file: the practitioner's data is never lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from userdata_samples import contents, crash_plan, dump, fill, sample_plan, without_times

from acuviewer.userdata import backup, paths, schema, timestamps
from acuviewer.userdata.backup import backup_to, list_backups, open_or_recover, restore, rotate, validate
from acuviewer.userdata.store import UserDataError, UserStore

NOW = timedelta(0)


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "data"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store_file(data_dir: Path) -> Path:
    return paths.store_path(data_dir)


@pytest.fixture
def backups(data_dir: Path) -> Path:
    return paths.backup_dir(data_dir)


@pytest.fixture
def filled(store_file: Path) -> tuple[object, ...]:
    """A closed store with plans, notes and favourites; returns what it holds."""
    with UserStore.open(store_file) as store:
        fill(store)
        return contents(store)


def _read(store_file: Path) -> tuple[object, ...]:
    with UserStore.open(store_file) as store:
        return contents(store)


def _listing(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def _foreign_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE plans (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO plans VALUES (1, 'not ours')")
    conn.commit()
    conn.close()


def _newer(path: Path, good: Path) -> None:
    path.write_bytes(good.read_bytes())
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {schema.latest_version() + 1}")
    conn.close()


# Every way a file offered for restore can be wrong; each writes the bad file at `path` given a good backup.
BAD_SOURCES: dict[str, Callable[[Path, Path], object]] = {
    "random bytes": lambda path, good: path.write_bytes(os.urandom(20_000)),
    "a text file": lambda path, good: path.write_text("Plans for Mrs Smith\nBL40 GB30\n", encoding="utf-8"),
    "an empty file": lambda path, good: path.write_bytes(b""),
    "another program's database": lambda path, good: _foreign_db(path),
    "a truncated backup": lambda path, good: path.write_bytes(good.read_bytes()[: good.stat().st_size // 2]),
    "a backup with a damaged middle": lambda path, good: path.write_bytes(_scribble(good.read_bytes())),
    "a backup from a newer AcuViewer": _newer,
    "a folder": lambda path, good: path.mkdir(),
}


def _scribble(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes(range(256)) * 16 + data[middle + 4096 :]


def _make_good_backup(store_file: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "good.sqlite"
    backup_to(store_file, target)
    return target


# backup_to


def test_a_backup_holds_the_same_data_and_validates(store_file: Path, tmp_path: Path, filled: tuple[object]) -> None:
    with UserStore.open(store_file):  # open, with its -wal: the backup must still be complete
        target = _make_good_backup(store_file, tmp_path / "elsewhere")
    validate(target)
    assert _read(target) == filled
    assert sorted(p.name for p in target.parent.iterdir()) == ["good.sqlite"]  # no temporary or side files left


def test_a_backup_taken_while_another_thread_writes_is_consistent(store_file: Path, tmp_path: Path) -> None:
    UserStore.open(store_file).close()
    stop = threading.Event()

    def write() -> None:
        with UserStore.open(store_file) as writer:
            seq = 0
            while not stop.is_set():
                seq += 1
                writer.save_plan(crash_plan(0, seq))

    thread = threading.Thread(target=write)
    thread.start()
    try:
        copies = []
        for index in range(6):
            target = tmp_path / f"copy{index}.sqlite"
            backup_to(store_file, target)
            copies.append(target)
    finally:
        stop.set()
        thread.join()
    checked = 0
    for target in copies:
        validate(target)
        with UserStore.open(target) as copy:
            for summary in copy.plans():
                seq = int(summary.name.split()[-1])
                assert without_times(copy.plan(summary.id)) == crash_plan(0, seq), f"{target}: {summary.name}"
                checked += 1
    assert checked > 0


def test_a_backup_never_overwrites_the_live_store(store_file: Path, filled: tuple[object]) -> None:
    before = store_file.read_bytes()
    for target in (store_file, store_file.parent / ".." / "data" / store_file.name, Path(f"{store_file}-wal")):
        with pytest.raises(UserDataError, match="cannot hold a backup"):
            backup_to(store_file, target)
    assert store_file.read_bytes() == before


def test_backing_up_a_missing_store_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UserDataError, match="no data file"):
        backup_to(tmp_path / "nothing.sqlite", tmp_path / "copy.sqlite")


# rotate


def test_rotation_keeps_the_newest(store_file: Path, backups: Path, filled: tuple[object]) -> None:
    backups.mkdir(parents=True)
    safety = backups / f"{backup.SAFETY}-2001-01-01T00-00-00.000000Z.sqlite"
    safety.write_bytes(b"kept: rotation only removes automatic backups")
    made = [rotate(store_file, backups, keep=3, min_interval=NOW) for _ in range(7)]
    autos = [b.path for b in list_backups(backups) if b.kind == backup.AUTO]
    assert autos == list(reversed(made[-3:]))
    assert safety.exists()
    for path in autos:
        validate(path)


def test_rotation_keeps_one_backup_a_day_for_thirty_days(store_file: Path, backups: Path, filled: object) -> None:
    backups.mkdir(parents=True)
    start = timestamps.now()
    for days_ago in range(1, 41):  # two backups a day, morning and evening, for forty days
        for hours in (2, 10):
            moment = start - timedelta(days=days_ago, hours=hours)
            backup_to(store_file, backups / f"{backup.AUTO}-{timestamps.for_file(moment)}.sqlite")
    made = rotate(store_file, backups, keep=3)
    autos = [b for b in list_backups(backups) if b.kind == backup.AUTO]
    assert autos[0].path == made
    newest_three = {b.path for b in autos[:3]}
    older = [b for b in autos if b.path not in newest_three]
    days = [b.time.date() for b in older]
    assert len(days) == len(set(days)), "one backup a day beyond the newest three"
    assert all(start - b.time <= timedelta(days=30) for b in older), "nothing older than thirty days but the newest"
    assert len(older) >= 27  # every day of the last thirty that the newest three do not already cover


def test_rotation_waits_an_hour(store_file: Path, backups: Path, filled: tuple[object]) -> None:
    first = rotate(store_file, backups)
    assert first is not None
    assert rotate(store_file, backups) is None
    assert [b.path for b in list_backups(backups)] == [first]


def test_a_backup_dated_in_the_future_does_not_stop_rotation(store_file: Path, backups: Path, filled: object) -> None:
    backups.mkdir(parents=True)
    future = timestamps.for_file(timestamps.now() + timedelta(days=30))
    backup_to(store_file, backups / f"{backup.AUTO}-{future}.sqlite")
    assert rotate(store_file, backups) is not None


def test_rotation_without_a_store_does_nothing(store_file: Path, backups: Path) -> None:
    assert rotate(store_file, backups) is None
    assert not backups.exists()
    with pytest.raises(ValueError):
        rotate(store_file, backups, keep=0)


# validate


def test_validate_accepts_a_good_backup_without_touching_it(store_file: Path, tmp_path: Path, filled: object) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    before = _listing(good.parent)
    validate(good)
    assert _listing(good.parent) == before


@pytest.mark.parametrize("kind", BAD_SOURCES)
def test_validate_refuses_bad_files_with_a_reason(kind: str, store_file: Path, tmp_path: Path, filled: object) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    bad = tmp_path / "offered.sqlite"
    BAD_SOURCES[kind](bad, good)
    with pytest.raises(UserDataError) as refused:
        validate(bad)
    assert str(bad) in str(refused.value), refused.value


# restore


def test_restore_brings_the_data_back(store_file: Path, backups: Path, tmp_path: Path, filled: object) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    with UserStore.open(store_file) as store:
        store.delete_plan(store.plans()[0].id)
        store.set_note("BL40", "changed after the backup")
        store.set_favourite("ST36", True)
        changed = contents(store)
    safety = restore(good, store_file, backups)
    assert _read(store_file) == filled
    assert safety is not None and safety.parent == backups
    validate(safety)
    assert _read(safety) == changed  # the replaced data is kept, not lost


@pytest.mark.parametrize("kind", BAD_SOURCES)
def test_restore_refuses_bad_files_and_changes_nothing(
    kind: str, store_file: Path, backups: Path, tmp_path: Path, filled: object
) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    bad = tmp_path / "offered.sqlite"
    BAD_SOURCES[kind](bad, good)
    before = _listing(store_file.parent)
    with pytest.raises(UserDataError, match="Nothing was restored") as refused:
        restore(bad, store_file, backups)
    assert str(bad) in str(refused.value)
    assert _listing(store_file.parent) == before
    assert _read(store_file) == filled


def test_restore_is_refused_while_the_store_is_open(
    store_file: Path, backups: Path, tmp_path: Path, filled: object
) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    with UserStore.open(store_file) as store:
        store.set_note("BL40", "written while another window is open")
        with pytest.raises(UserDataError, match="another program"):
            restore(good, store_file, backups)
        assert store.note("BL40") == "written while another window is open"


def test_restore_onto_itself_is_refused(store_file: Path, backups: Path, filled: object) -> None:
    with pytest.raises(UserDataError, match="in use"):
        restore(store_file, store_file, backups)


def test_restore_keeps_an_unfolded_wal_in_the_safety_copy_and_never_replays_it(
    store_file: Path, backups: Path, tmp_path: Path, filled: tuple[object]
) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    # A process that dies without closing leaves its last commits in the -wal only.
    script = (
        "import os, sys; from acuviewer.userdata.store import UserStore; s = UserStore.open(__import__('pathlib')"
        ".Path(sys.argv[1])); s.set_note('ST36', 'only in the wal'); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", script, str(store_file)], check=True)
    assert Path(f"{store_file}-wal").stat().st_size > 0
    safety = restore(good, store_file, backups)
    assert _read(store_file) == filled  # the old -wal was not replayed onto the restored file
    assert safety is not None
    with UserStore.open(safety) as kept:
        assert kept.note("ST36") == "only in the wal"


def test_restore_of_an_older_version_is_migrated(
    store_file: Path, backups: Path, tmp_path: Path, filled: tuple[object], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = _make_good_backup(store_file, tmp_path / "elsewhere")
    monkeypatch.setattr(schema, "MIGRATIONS", (*schema.MIGRATIONS, "CREATE TABLE study_progress (code TEXT);\n"))
    restore(good, store_file, backups)
    assert _read(store_file) == filled
    assert any("study_progress" in line for line in dump(store_file))


# open_or_recover


def test_a_missing_store_is_simply_created(store_file: Path, backups: Path) -> None:
    store, message = open_or_recover(store_file, backups)
    with store:
        assert message is None and store.plans() == []
    assert store_file.exists()


def test_a_healthy_store_opens_and_is_backed_up(store_file: Path, backups: Path, filled: tuple[object]) -> None:
    store, message = open_or_recover(store_file, backups)
    with store:
        assert message is None and contents(store) == filled
    [auto] = list_backups(backups)
    assert _read(auto.path) == filled


def _damage_garbage(path: Path) -> None:
    path.write_bytes(b"\x00garbage" * 5000)


def _damage_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8192] = os.urandom(8192)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("damage", [_damage_garbage, _damage_middle])
def test_a_damaged_store_is_kept_and_the_newest_good_backup_restored(
    damage: Callable[[Path], None], store_file: Path, backups: Path
) -> None:
    with UserStore.open(store_file) as store:  # big enough that its middle is data, not free space
        for index in range(40):
            store.save_plan(sample_plan(f"Plan {index}", points=10, ashi=10))
        store.set_note("BL40", "older")
    older = rotate(store_file, backups, min_interval=NOW)
    with UserStore.open(store_file) as store:
        store.set_note("BL40", "newest")
        expected = contents(store)
    newest = rotate(store_file, backups, min_interval=NOW)
    assert older and newest
    newest_too_but_bad = backups / f"{backup.AUTO}-{timestamps.for_file(timestamps.now())}.sqlite"
    newest_too_but_bad.write_bytes(b"a backup that was itself damaged")
    damage(store_file)
    damaged_bytes = store_file.read_bytes()

    store, message = open_or_recover(store_file, backups)
    with store:
        assert contents(store) == expected
        assert store.integrity_ok()
    assert message is not None
    [kept] = store_file.parent.glob(f"{store_file.name}.damaged-*")
    assert kept.read_bytes() == damaged_bytes
    assert str(kept) in message and str(newest) in message and "not been deleted" in message


def test_an_emptied_store_with_backups_is_recovered(store_file: Path, backups: Path, filled: tuple[object]) -> None:
    rotate(store_file, backups)
    store_file.write_bytes(b"")  # as a full disk or a careless sync tool can leave it
    store, message = open_or_recover(store_file, backups)
    with store:
        assert contents(store) == filled
    assert message is not None and "is empty" in message
    [kept] = store_file.parent.glob("*.damaged-*")
    assert kept.read_bytes() == b""


def test_a_damaged_store_without_backups_starts_empty_and_says_so(store_file: Path, backups: Path) -> None:
    store_file.parent.mkdir(parents=True)
    _damage_garbage(store_file)
    store, message = open_or_recover(store_file, backups)
    with store:
        assert store.plans() == []
    assert message is not None and "No usable backup" in message
    assert len(list(store_file.parent.glob("*.damaged-*"))) == 1


def test_a_store_from_a_newer_acuviewer_is_not_treated_as_damage(store_file: Path, backups: Path) -> None:
    UserStore.open(store_file).close()
    _newer(store_file, Path(store_file))
    with pytest.raises(UserDataError, match="newer version"):
        open_or_recover(store_file, backups)
    assert not list(store_file.parent.glob("*.damaged-*"))


def test_leftovers_of_a_killed_copy_are_removed_once_stale(store_file: Path, backups: Path, filled: object) -> None:
    stale = store_file.parent / f".{store_file.name}.partial-0badf00d"
    fresh = store_file.parent / f".{store_file.name}.partial-c0ffee00"  # perhaps another window's, still copying
    for path in (stale, fresh):
        path.write_bytes(b"half a copy")
    os.utime(stale, (0, 0))
    store, _ = open_or_recover(store_file, backups)
    store.close()
    assert not stale.exists() and fresh.exists()


def test_a_failed_automatic_backup_is_reported_not_fatal(store_file: Path, backups: Path, filled: object) -> None:
    backups.write_text("a file where the backup folder should be")
    store, message = open_or_recover(store_file, backups)
    with store:
        assert store.plans()
    assert message is not None and "automatic backup" in message and str(backups) in message


def test_restore_into_a_new_data_folder(store_file: Path, backups: Path, filled: object, tmp_path: Path) -> None:
    copy = tmp_path / "copy.sqlite"
    backup_to(store_file, copy)
    fresh = tmp_path / "new-workstation" / "data" / "userdata.sqlite"
    assert restore(copy, fresh, fresh.parent / "backups") is None  # nothing was there to set aside
    assert _read(fresh) == filled
