"""Hostile input: restore() and import_plans() fed arbitrary and mutated files refuse with UserDataError only, and a
refusal changes nothing."""

from __future__ import annotations

import copy
import json
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from userdata_samples import contents, fill

from acuviewer.userdata import paths
from acuviewer.userdata.backup import backup_to, restore
from acuviewer.userdata.exchange import export_plans, import_plans
from acuviewer.userdata.store import UserDataError, UserStore

MAGIC = b"SQLite format 3\x00"
SLOW_OK = [HealthCheck.too_slow, HealthCheck.data_too_large]  # each example does real file and SQLite work


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "data"))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, bytes]:
    """The bytes of a closed, filled data file and of a good backup of it."""
    folder = tmp_path_factory.mktemp("pristine")
    store_file = folder / "userdata.sqlite"
    with UserStore.open(store_file) as store:
        fill(store)
    backup_to(store_file, folder / "good.sqlite")
    return store_file.read_bytes(), (folder / "good.sqlite").read_bytes()


def _listing(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _restore_case(store_bytes: bytes, offered: bytes) -> str:
    """Restores `offered` over a fresh copy of the pristine store; returns "refused" or "restored"."""
    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        data.mkdir()
        store_file = data / "userdata.sqlite"
        store_file.write_bytes(store_bytes)
        source = Path(folder) / "offered.sqlite"
        source.write_bytes(offered)
        before = _listing(data)
        try:
            restore(source, store_file, Path(folder) / "backups")
        except UserDataError:
            assert _listing(data) == before  # the data file is byte for byte as it was, and nothing was left beside it
            return "refused"
        with UserStore.open(store_file) as store:  # whatever was accepted must be usable
            assert store.integrity_ok()
            store.check_contents()
        return "restored"


def test_restore_of_arbitrary_bytes(pristine: tuple[bytes, bytes]) -> None:
    """300 examples: random bytes, random bytes behind SQLite's magic, and a good header followed by noise."""
    store_bytes, good = pristine
    outcomes: Counter[str] = Counter()
    offered = st.one_of(
        st.binary(max_size=6000),
        st.binary(max_size=6000).map(lambda tail: MAGIC + tail),
        st.binary(min_size=1, max_size=9000).map(lambda tail: good[:100] + tail),
    )

    @settings(max_examples=300, deadline=None, suppress_health_check=SLOW_OK)
    @given(offered)
    def run(data: bytes) -> None:
        outcomes[_restore_case(store_bytes, data)] += 1

    run()
    print(f"\nrestore of arbitrary bytes: {dict(outcomes)}")
    assert outcomes["refused"] > 0


def test_restore_of_mutated_backups(pristine: tuple[bytes, bytes]) -> None:
    """500 examples: a real backup with 1-8 bytes changed (often in the 100-byte header) and/or truncated."""
    store_bytes, good = pristine
    outcomes: Counter[str] = Counter()
    position = st.one_of(st.integers(0, 99), st.integers(0, len(good) - 1))
    flips = st.lists(st.tuples(position, st.integers(1, 255)), max_size=8)
    cut = st.one_of(st.none(), st.integers(0, len(good) - 1))

    @settings(max_examples=500, deadline=None, suppress_health_check=SLOW_OK)
    @given(flips, cut)
    def run(changes: list[tuple[int, int]], length: int | None) -> None:
        mutated = bytearray(good)
        for index, mask in changes:
            mutated[index] ^= mask
        outcomes[_restore_case(store_bytes, bytes(mutated[:length]))] += 1

    run()
    print(f"\nrestore of mutated backups: {dict(outcomes)}")
    assert outcomes["refused"] > 0 and outcomes["restored"] > 0


@pytest.fixture
def store(tmp_path: Path) -> Iterator[UserStore]:
    with UserStore.open(tmp_path / "data" / "userdata.sqlite") as opened:
        fill(opened)
        yield opened


def _import_case(store: UserStore, data: object) -> str:
    before = contents(store)
    try:
        ids = import_plans(store, data)
    except UserDataError:
        assert contents(store) == before
        return "refused"
    for plan_id in ids:  # an accepted plan reads back through the rules; then it goes, so the next case starts alike
        assert store.plan(plan_id) is not None
        store.delete_plan(plan_id)
    assert contents(store) == before
    return "imported"


_leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=30),
    st.sampled_from(["acuviewer-plans", "local", "posterior", "L", "", " ", "\ud800", "x" * 300]),
)
JSON_LIKE = st.recursive(
    _leaves,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=5),
    max_leaves=30,
)


def test_import_of_arbitrary_json_like_values(store: UserStore) -> None:
    """400 examples: any JSON-like value, half of them inside an otherwise well-formed plans document."""
    outcomes: Counter[str] = Counter()
    documents = st.one_of(
        JSON_LIKE,
        st.fixed_dictionaries(
            {"format": st.just("acuviewer-plans"), "version": st.just(1), "plans": st.lists(JSON_LIKE, max_size=4)}
        ),
    )

    @settings(max_examples=400, deadline=None, suppress_health_check=SLOW_OK)
    @given(documents)
    def run(data: object) -> None:
        outcomes[_import_case(store, data)] += 1

    run()
    print(f"\nimport of arbitrary values: {dict(outcomes)}")
    assert outcomes["refused"] > 0


def _mutate(data: st.DataObject, document: Any) -> Any:
    """1-3 changes at random places of a document: a value replaced, an entry removed, added or repeated."""
    document = copy.deepcopy(document)
    for _ in range(data.draw(st.integers(1, 3))):
        parent: Any = None
        key: Any = None
        node: Any = document
        while isinstance(node, dict | list) and node and data.draw(st.integers(0, 9)) < 8:
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            key = data.draw(st.sampled_from(keys))
            parent, node = node, node[key]
        action = data.draw(st.sampled_from(["replace", "remove", "add", "repeat"]))
        if parent is None or action == "replace":
            value = data.draw(JSON_LIKE)
            if parent is None:
                return value
            parent[key] = value
        elif action == "remove":
            del parent[key]
        elif action == "add" and isinstance(parent, dict):
            parent[data.draw(st.text(max_size=12))] = data.draw(JSON_LIKE)
        elif isinstance(parent, list):
            parent.append(copy.deepcopy(node))
        else:
            parent[key] = [node, node]
    return document


def test_import_of_mutated_exports(store: UserStore) -> None:
    """400 examples: a real export (three varied plans, through JSON) with 1-3 random changes."""
    exported = json.loads(json.dumps(export_plans(store)))
    outcomes: Counter[str] = Counter()

    @settings(max_examples=400, deadline=None, suppress_health_check=SLOW_OK)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        outcomes[_import_case(store, _mutate(data, exported))] += 1

    run()
    print(f"\nimport of mutated exports: {dict(outcomes)}")
    assert outcomes["refused"] > 0 and outcomes["imported"] > 0


def test_the_fuzz_cases_see_both_outcomes(pristine: tuple[bytes, bytes], store: UserStore) -> None:
    """The two cases above tell a refusal from a success, so the properties are not vacuous."""
    store_bytes, good = pristine
    assert _restore_case(store_bytes, good) == "restored"
    assert _restore_case(store_bytes, b"garbage") == "refused"
    assert _import_case(store, export_plans(store)) == "imported"
    assert _import_case(store, {"format": "acuviewer-plans"}) == "refused"
