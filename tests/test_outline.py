"""The drawn figure: shapes for every view, inside the box, stable, and agreeing with the landmarks."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from acuviewer.bodymap.figure import HEIGHT, LATERAL, MID, POSTERIOR, VIEWS, WIDTH, View
from acuviewer.bodymap.outline import Shape, figure_shapes
from acuviewer.bodymap.smooth import polylines, smooth

Pt = tuple[float, float]
NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
TOLERANCE = 6.0

KEY_LANDMARKS = {
    "posterior": [
        ("C7", "M"),
        ("L4", "M"),
        ("sacral-hiatus", "M"),
        ("gluteal-fold", "L"),
        ("gluteal-fold", "R"),
        ("popliteal-crease", "L"),
        ("popliteal-crease", "R"),
        ("lateral-malleolus", "L"),
        ("lateral-malleolus", "R"),
    ],
    "lateral": [("greater-trochanter", "R"), ("fibular-head", "R"), ("lateral-malleolus", "R")],
    "anterior": [("umbilicus", "M"), ("patella-apex", "L"), ("patella-apex", "R")],
}


def _body(view: View) -> list[list[Pt]]:
    return [line for shape in figure_shapes(view) if shape.css_class == "body" for line in polylines(shape.d)]


def _inside(point: Pt, polygon: list[Pt]) -> bool:
    """Even-odd ray casting towards +x."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in itertools.pairwise(polygon):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance(point: Pt, polygon: list[Pt]) -> float:
    px, py = point
    best = float("inf")
    for (x1, y1), (x2, y2) in itertools.pairwise(polygon):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy or 1.0)))
        best = min(best, ((px - x1 - t * dx) ** 2 + (py - y1 - t * dy) ** 2) ** 0.5)
    return best


def _on_body(point: Pt, body: list[list[Pt]]) -> bool:
    return any(_inside(point, poly) or _distance(point, poly) <= TOLERANCE for poly in body)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_every_view_has_a_body_and_several_features(view: View) -> None:
    shapes = figure_shapes(view)
    classes = [shape.css_class for shape in shapes]
    assert set(classes) <= {"body", "feature", "hair"}
    assert classes[0] == "body"
    assert classes.count("feature") >= 10
    assert classes.count("hair") >= 1


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_paths_are_absolute_rounded_and_inside_the_box(view: View) -> None:
    for shape in figure_shapes(view):
        assert re.fullmatch(r"[MCLZ0-9., -]+", shape.d), "only absolute M, L, C and Z: no arcs, no transforms"
        assert shape.d.startswith("M")
        numbers = NUMBER.findall(shape.d)
        assert all(len(n.partition(".")[2]) <= 1 for n in numbers)
        values = [float(n) for n in numbers]
        assert len(values) % 2 == 0
        for x, y in zip(values[::2], values[1::2], strict=True):
            assert 0 <= x <= WIDTH and 0 <= y <= HEIGHT, (shape.css_class, x, y)


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_output_is_deterministic(view: View) -> None:
    first = figure_shapes(view)
    assert first == figure_shapes(view)
    assert all(isinstance(shape, Shape) for shape in first)


@pytest.mark.parametrize(
    ("view", "name", "side"),
    [(VIEWS[v], name, side) for v, marks in KEY_LANDMARKS.items() for name, side in marks],
    ids=lambda value: getattr(value, "name", value),
)
def test_key_landmarks_lie_on_the_body(view: View, name: str, side: str) -> None:
    point = view.landmarks[(name, side)]
    assert _on_body(point, _body(view))


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_every_landmark_lies_on_the_body(view: View) -> None:
    body = _body(view)
    outside = [key for key, point in sorted(view.landmarks.items()) if not _on_body(point, body)]
    assert outside == []


@pytest.mark.parametrize("view", VIEWS.values(), ids=VIEWS.keys())
def test_silhouette_is_one_simple_closed_outline(view: View) -> None:
    [outline] = [polylines(s.d, steps=4) for s in figure_shapes(view) if s.css_class == "body"]
    [ring] = outline
    assert ring[0] == ring[-1]
    segments = list(itertools.pairwise(ring))

    def crosses(a: tuple[Pt, Pt], b: tuple[Pt, Pt]) -> bool:
        def orient(p: Pt, q: Pt, r: Pt) -> float:
            return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])

        (p1, p2), (p3, p4) = a, b
        return orient(p1, p2, p3) * orient(p1, p2, p4) < 0 and orient(p3, p4, p1) * orient(p3, p4, p2) < 0

    n = len(segments)
    crossings = [
        (i, j) for i in range(n) for j in range(i + 2, n) if (i, j) != (0, n - 1) and crosses(segments[i], segments[j])
    ]
    assert crossings == []


@pytest.mark.parametrize("name", ["posterior", "anterior"])
def test_front_and_back_silhouettes_are_symmetric(name: str) -> None:
    [body] = [s.d for s in figure_shapes(VIEWS[name]) if s.css_class == "body"]
    values = [float(n) for n in NUMBER.findall(body)]
    points = sorted(zip(values[::2], values[1::2], strict=True))
    mirrored = sorted((2 * MID - x, y) for x, y in points)
    assert all(abs(a[0] - b[0]) <= 0.11 and a[1] == b[1] for a, b in zip(points, mirrored, strict=True))


def test_lateral_view_faces_plus_x() -> None:
    [ring] = _body(LATERAL)
    glabella, occiput = (
        LATERAL.landmarks[("glabella", "R")],
        LATERAL.landmarks[("external-occipital-protuberance", "R")],
    )
    face = max(ring, key=lambda p: p[0] if p[1] < 270 else -1.0)
    toes = max(ring, key=lambda p: p[0] if p[1] > 1450 else -1.0)
    heel = min(ring, key=lambda p: p[0] if p[1] > 1450 else WIDTH)
    assert face[0] > glabella[0] > occiput[0]
    assert toes[0] >= LATERAL.landmarks[("fourth-toe-nail-corner", "R")][0] > heel[0]


def test_posterior_feet_turn_out_to_show_the_little_toe() -> None:
    [ring] = _body(POSTERIOR)
    little_toe = POSTERIOR.landmarks[("little-toe-nail-corner", "L")]
    lateral_malleolus = POSTERIOR.landmarks[("lateral-malleolus", "L")]
    foot = [p for p in ring if p[1] > 1500 and p[0] < MID]
    assert min(x for x, _ in foot) <= little_toe[0] < lateral_malleolus[0] - 60


def test_features_follow_the_landmarks() -> None:
    moved = dict(POSTERIOR.landmarks)
    x, y = moved[("popliteal-crease", "L")]
    moved[("popliteal-crease", "L")] = (x, y + 10)
    changed = figure_shapes(dataclasses.replace(POSTERIOR, landmarks=moved))
    before = figure_shapes(POSTERIOR)
    assert changed[0] == before[0]  # the silhouette stays
    assert changed != before


def test_smooth_passes_through_its_knots_and_keeps_corners() -> None:
    knots = [(10.0, 10.0), (50.0, 30.0), (90.0, 10.0), (130.0, 40.0)]
    d = smooth(knots, sharp={2})
    assert d.startswith("M10,10 C") and d.count("C") == 3
    ends = [tuple(map(float, c.split()[-1].split(","))) for c in d.split("C")[1:]]
    assert ends == knots[1:]
    assert d.split("C")[2].strip().endswith("90,10 90,10")  # both control points at a corner sit on the knot
    assert d.split("C")[3].strip().startswith("90,10 ")
    line = polylines(d)[0]
    assert line[0] == knots[0] and line[-1] == knots[-1]
