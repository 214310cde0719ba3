"""What every benchmark reports: a figure beside its same-run baseline, and one p99 rule for all of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Figure:
    """One measured figure beside its same-run baseline; `met` is None where there is no goal."""

    name: str
    unit: str
    samples: int
    median: float
    p99: float
    base_median: float
    base_p99: float
    goal: str = ""
    met: bool | None = None
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        return self.median / self.base_median if self.base_median else float("nan")


def p99(samples: list[float]) -> float:
    """The sample at the 99th percentile (nearest rank): with few samples, the slowest but one or so."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
