"""Planner benchmark: how long a suggestion takes, beside a baseline measured in the same run.

Two figures, each over every course x pattern-set x patient-flag combination the CLI can ask for:
- the suggestion alone (`suggest()` on a condition and points already read), against a plain filter of the same
  links by course (the least any suggestion must do);
- the whole request as the planner makes it (read the condition and its points from the catalogue, then
  suggest), against reading one point (what a click on the map costs).
Run with `make bench`; machines here are noisy, so compare the ratios between runs, not the milliseconds.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from figures import p99

from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.locate import default_catalogue
from acuviewer.catalogue.model import COURSES, PATIENT_FLAGS, Point
from acuviewer.catalogue.repository import Repository
from acuviewer.planner.suggest import Request, suggest

ROUNDS = 5


def _ms(action: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - start) / 1e6


def _requests(condition: Condition) -> list[Request]:
    patterns = [p.id for p in condition.patterns]
    pattern_sets = [(), *((p,) for p in patterns), tuple(patterns)]
    flag_sets = [frozenset(), *(frozenset({f}) for f in PATIENT_FLAGS), frozenset(PATIENT_FLAGS)]
    return [Request(c, p, f) for c, p, f in itertools.product(COURSES, pattern_sets, flag_sets)]


def _points(repo: Repository, condition: Condition) -> dict[str, Point]:
    codes = {link.point for link in condition.links} | {c for pair in condition.ea_pairs for c in pair.points}
    return {code: point for code in codes if (point := repo.point(code)) is not None}


def _line(name: str, samples: list[float], base: list[float], base_name: str) -> str:
    median, base_median = statistics.median(samples), statistics.median(base)
    return (
        f"{name}: median {median:.3f} ms, p99 {p99(samples):.3f} ms over {len(samples)}; "
        f"{base_name} {base_median:.3f} ms; ratio {median / base_median:.1f}x"
    )


def main() -> int:
    with Repository.open(default_catalogue()) as repo:
        condition = repo.condition("sciatica")
        if condition is None:
            print("no sciatica condition in the catalogue", file=sys.stderr)
            return 1
        points = _points(repo, condition)
        requests = _requests(condition)
        alone: list[float] = []
        filtered: list[float] = []
        whole: list[float] = []
        one_point: list[float] = []
        for _ in range(ROUNDS):
            for request in requests:  # interleaved, so both see the same machine
                alone.append(_ms(lambda r=request: suggest(condition, r, points)))  # type: ignore[misc]
                filtered.append(_ms(lambda r=request: [k for k in condition.links if r.course in k.courses]))  # type: ignore[misc]

                def full(r: Request = request) -> object:
                    read = repo.condition("sciatica")
                    assert read is not None
                    return suggest(read, r, _points(repo, read))

                whole.append(_ms(full))
                one_point.append(_ms(lambda: repo.point("GB30")))
    print(f"{len(requests)} requests x {ROUNDS} rounds")
    print(_line("suggest() alone", alone, filtered, "plain filter by course"))
    print(_line("read condition + points, then suggest", whole, one_point, "reading one point"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
