"""The build: declared tables with foreign keys, FTS, user_version, reproducible output, read-only opening."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from acuviewer.catalogue.build import build_catalogue
from acuviewer.catalogue.repository import CatalogueError, Repository
from acuviewer.catalogue.schema import SCHEMA_VERSION

TABLES = {
    "channels",
    "points",
    "aliases",
    "categories",
    "point_categories",
    "cautions",
    "indications",
    "sources",
    "actions",
    "landmarks",
    "segments",
    "point_locations",
    "location_variants",
    "concepts",
    "search_keys",
    "point_text",
    "point_text_fts",
    "meta",
}


def _connect(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(path)


def test_tables_foreign_keys_and_version(fixture_catalogue: Path) -> None:
    conn = _connect(fixture_catalogue)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert names >= TABLES
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    fks = {(r[2], r[3]) for r in conn.execute("PRAGMA foreign_key_list(cautions)")}
    assert fks == {("points", "point_code"), ("sources", "source_id")}
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert conn.execute("SELECT count(*) FROM points").fetchone()[0] == 4


def test_same_sources_give_the_same_bytes(fixture_db: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    assert build_catalogue(fixture_db, first) == []
    assert build_catalogue(fixture_db, second) == []
    assert first.read_bytes() == second.read_bytes()


def test_repository_reads_back_what_the_sources_say(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        point = repo.point("bl-40")
        assert point is not None
        assert (point.code, point.channel, point.number, point.hanzi) == ("BL40", "BL", 40, "委中")
        assert point.aliases == ("Xuexi", "血郄")
        assert [c.kind for c in point.cautions] == ["vessel"]
        assert point.needling.depth_min == 0.5 and point.needling.depth_max == 1.0
        assert [i.sciatica for i in point.indications] == [True, False]
        gb30 = repo.point("GB30")
        assert gb30 is not None and gb30.map[0].between == ("greater-trochanter", "sacral-hiatus")
        gb34 = repo.point("gb34")
        assert gb34 is not None and gb34.map[0].offset("anterior") == 1.0
        bl = repo.channel("bl")
        assert bl is not None and bl.points == ("BL36", "BL40")
        assert repo.point("BL99") is None


def test_catalogue_opens_read_only(fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo, pytest.raises(sqlite3.OperationalError):
        repo._conn.execute("DELETE FROM points")


def test_wrong_schema_version_is_refused(fixture_catalogue: Path) -> None:
    conn = _connect(fixture_catalogue)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    with pytest.raises(CatalogueError, match=f"schema version {SCHEMA_VERSION + 1}; this AcuViewer reads"):
        Repository.open(fixture_catalogue)


def test_damaged_and_missing_catalogues_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(CatalogueError, match="damaged or not a catalogue"):
        Repository.open(junk)
    with pytest.raises(CatalogueError, match="does not exist"):
        Repository.open(tmp_path / "nowhere.sqlite")


def test_a_changed_source_makes_the_catalogue_stale(fixture_db: Path, fixture_catalogue: Path) -> None:
    from acuviewer.catalogue.locate import is_stale

    assert not is_stale(fixture_catalogue, fixture_db)
    bl = fixture_db / "points" / "BL.toml"
    bl.write_text(bl.read_text("utf-8").replace("Bend Middle", "Bend Centre"), "utf-8")
    assert is_stale(fixture_catalogue, fixture_db)
    assert build_catalogue(fixture_db, fixture_catalogue) == []
    assert not is_stale(fixture_catalogue, fixture_db)
    with Repository.open(fixture_catalogue) as repo:
        point = repo.point("BL40")
        assert point is not None and point.english == "Bend Centre"
