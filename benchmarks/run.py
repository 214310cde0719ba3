"""Catalogue benchmarks: build time and search latency, each with a baseline measured in the same run.

Run with `make bench`. Machines here are shared and noisy, so every figure is printed beside a ratio to a
baseline timed in the same process moments before; the ratios are what to compare between runs.
"""

from __future__ import annotations

import dataclasses
import sqlite3
import statistics
import sys
import tempfile
import time
import tomllib
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from figures import p99  # noqa: E402  (beside this script: run as a script)

from acuviewer.catalogue.build import build_catalogue, write_catalogue  # noqa: E402
from acuviewer.catalogue.fingerprint import source_paths  # noqa: E402
from acuviewer.catalogue.model import Catalogue  # noqa: E402
from acuviewer.catalogue.repository import Repository  # noqa: E402
from acuviewer.catalogue.validate import load_catalogue  # noqa: E402

QUERIES = [
    "BL40",
    "bl-40",
    "gb 30",
    "UB60",
    "GB3",
    "weizhong",
    "Wěizhōng",
    "huan tiao",
    "yanglingquan",
    "kunlun",
    "委中",
    "環跳",
    "陵泉",
    "shenshu",
    "bend middle",
    "jumping",
    "sciatica",
    "popliteal crease",
    "lumbar pain",
    "pregnancy",
    "sacral foramen",
    "eye",
    '"AND*(',
    "x" * 10_000,
    "😀",
    "zzzz",
    "b",
    "ji",
    "yao",
    "heel pain",
]


def _time_ms(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        action()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def bench_build(work: Path) -> None:
    db = ROOT / "db"

    def baseline() -> None:
        # Reading the same sources and writing one row per point with plain sqlite3: the floor for any build.
        points = [p for path in source_paths(db) for p in tomllib.loads(path.read_text("utf-8")).get("point", [])]
        conn = sqlite3.connect(work / "baseline.sqlite")
        conn.execute("DROP TABLE IF EXISTS p")
        conn.execute("CREATE TABLE p (code TEXT PRIMARY KEY, body TEXT)")
        conn.executemany("INSERT INTO p VALUES (?, ?)", [(p["code"], repr(p)) for p in points])
        conn.commit()
        conn.close()

    base = _time_ms(baseline, 7)
    build = _time_ms(lambda: build_catalogue(db, work / "catalogue.sqlite"), 7)
    b, m = statistics.median(base), statistics.median(build)
    print(
        f"build-db (real catalogue): median {m:.0f} ms; baseline (parse + plain insert) {b:.1f} ms; "
        f"ratio {m / b:.1f}x; goal <= 1000 ms: {'met' if m <= 1000 else 'NOT met'}"
    )


def synthetic(catalogue: Catalogue, copies: int) -> Catalogue:
    """The real catalogue repeated `copies` times under new codes (BL40 -> BL40X7), for scaling figures."""
    points = tuple(
        dataclasses.replace(p, code=f"{p.code}X{i}", pinyin=f"{p.pinyin}{i}" if i else p.pinyin)
        for i in range(copies)
        for p in catalogue.points
    )
    return dataclasses.replace(catalogue, points=points)


def bench_search(path: Path, label: str) -> None:
    with Repository.open(path) as repo:
        conn = repo._conn
        codes = repo.point_codes()
        lookups = iter(codes * 1000)
        base = _time_ms(lambda: conn.execute("SELECT * FROM points WHERE code = ?", (next(lookups),)).fetchall(), 2000)
        samples: list[float] = []
        for _ in range(40):
            for query in QUERIES:
                start = time.perf_counter_ns()
                repo.search(query, 20)
                samples.append((time.perf_counter_ns() - start) / 1e6)
    b, med, tail = statistics.median(base), statistics.median(samples), p99(samples)
    print(
        f"search ({label}, {len(codes)} points, {len(samples)} queries): median {med:.3f} ms, p99 {tail:.3f} ms; "
        f"baseline primary-key lookup {b:.3f} ms; ratios {med / b:.1f}x / {tail / b:.1f}x"
    )


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        bench_build(work)
        bench_search(work / "catalogue.sqlite", "real")
        catalogue, problems = load_catalogue(ROOT / "db")
        assert catalogue is not None, problems
        big = work / "synthetic.sqlite"
        database = sqlite_utils.Database(big)
        write_catalogue(database, synthetic(catalogue, 100), "synthetic")
        database.close()
        bench_search(big, "synthetic 100x")
        print("goals: search p99 <= 2 ms on the real catalogue, <= 10 ms at 100x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
