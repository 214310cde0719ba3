"""Smooth SVG paths through given points, and their flattening back to polylines.

Centripetal Catmull-Rom splines written as cubic Béziers (SVG Tiny has them): no cusps and no overshoot loops
where points are unevenly spaced, which matters for both the figure's outline and the channels' courses.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Sequence

Pt = tuple[float, float]


def _num(v: float) -> str:
    text = f"{v:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _xy(p: Pt) -> str:
    return f"{_num(p[0])},{_num(p[1])}"


def _controls(p0: Pt, p1: Pt, p2: Pt, p3: Pt) -> tuple[Pt, Pt]:
    """Bézier control points of the centripetal Catmull-Rom segment p1 -> p2 (no cusps, no overshoot loops)."""

    def knot(a: Pt, b: Pt) -> float:
        return max(math.sqrt(math.hypot(b[0] - a[0], b[1] - a[1])), 1e-6)

    t0, t1, t2 = knot(p0, p1), knot(p1, p2), knot(p2, p3)
    m1 = tuple(t1 * ((p1[k] - p0[k]) / t0 - (p2[k] - p0[k]) / (t0 + t1) + (p2[k] - p1[k]) / t1) for k in (0, 1))
    m2 = tuple(t1 * ((p2[k] - p1[k]) / t1 - (p3[k] - p1[k]) / (t1 + t2) + (p3[k] - p2[k]) / t2) for k in (0, 1))
    return (p1[0] + m1[0] / 3, p1[1] + m1[1] / 3), (p2[0] - m2[0] / 3, p2[1] - m2[1] / 3)


def smooth(points: Sequence[Pt], closed: bool = False, sharp: Collection[int] = ()) -> str:
    """SVG path data of a smooth curve through `points`; knots whose index is in `sharp` become corners."""
    n = len(points)
    if n < 2:
        raise ValueError("a curve needs at least two points")

    def at(i: int) -> Pt:
        if closed:
            return points[i % n]
        if i < 0:  # open ends: reflect the neighbour, so the curve leaves along its chord
            return (2 * points[0][0] - points[1][0], 2 * points[0][1] - points[1][1])
        if i >= n:
            return (2 * points[-1][0] - points[-2][0], 2 * points[-1][1] - points[-2][1])
        return points[i]

    parts = [f"M{_xy(points[0])}"]
    for i in range(n if closed else n - 1):
        c1, c2 = _controls(at(i - 1), at(i), at(i + 1), at(i + 2))
        if i % n in sharp:
            c1 = at(i)
        if (i + 1) % n in sharp:
            c2 = at(i + 1)
        parts.append(f"C{_xy(c1)} {_xy(c2)} {_xy(at(i + 1))}")
    if closed:
        parts.append("Z")
    return " ".join(parts)


_TOKENS = re.compile(r"[MCLZ]|-?\d+(?:\.\d+)?")


def polylines(d: str, steps: int = 12) -> list[list[Pt]]:
    """Flatten path data made of M, L, C and Z (as written here) into polylines, one per subpath."""
    tokens = _TOKENS.findall(d)
    lines: list[list[Pt]] = []
    i, command = 0, ""
    while i < len(tokens):
        if tokens[i].isalpha():
            command = tokens[i]
            i += 1
            if command == "Z":
                lines[-1].append(lines[-1][0])
            continue
        nums = [float(t) for t in tokens[i : i + (6 if command == "C" else 2)]]
        i += len(nums)
        if command == "M":
            lines.append([(nums[0], nums[1])])
        elif command == "L":
            lines[-1].append((nums[0], nums[1]))
        elif command == "C":
            (x0, y0), (x1, y1, x2, y2, x3, y3) = lines[-1][-1], nums
            for s in range(1, steps + 1):
                t = s / steps
                u = 1 - t
                lines[-1].append(
                    (
                        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
                        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
                    )
                )
    return lines
