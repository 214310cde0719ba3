"""Label placement: no overlaps in dense or arbitrary layouts, labels in bounds and near their points, stable output."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from acuviewer.bodymap import labels
from acuviewer.bodymap.labels import Anchor, Box, Label, place_labels, text_width

PAGE = Box(0.0, 0.0, 800.0, 1600.0)
FONT = 8.0
RADIUS = 3.5

# DejaVu Sans Book advance widths of ASCII 32..126, in font units of 2048 per em (read with Qt's QRawFont).
DEJAVU_SANS_ASCII = [
    651, 821, 942, 1716, 1303, 1946, 1597, 563, 799, 799, 1024, 1716, 651, 739, 651, 690, 1303, 1303, 1303, 1303,
    1303, 1303, 1303, 1303, 1303, 1303, 690, 690, 1716, 1716, 1716, 1087, 2048, 1401, 1405, 1430, 1577, 1294, 1178,
    1587, 1540, 604, 604, 1343, 1141, 1767, 1532, 1612, 1235, 1612, 1423, 1300, 1251, 1499, 1401, 2025, 1403, 1251,
    1403, 799, 690, 799, 1716, 1024, 1024, 1255, 1300, 1126, 1300, 1260, 721, 1300, 1298, 569, 569, 1186, 569, 1995,
    1298, 1253, 1300, 1300, 842, 1067, 803, 1298, 1212, 1675, 1212, 1212, 1075, 1303, 690, 1303, 1716,
]  # fmt: skip


def _dejavu_width(text: str) -> float:
    """Width in em; a toned vowel has the advance of its bare letter in DejaVu Sans."""
    bases = [unicodedata.normalize("NFD", ch)[0] for ch in unicodedata.normalize("NFC", text)]
    return sum(DEJAVU_SANS_ASCII[ord(ch) - 32] for ch in bases) / 2048


def _square(a: Anchor, radius: float = RADIUS) -> Box:
    return Box(a.x - radius - 0.5, a.y - radius - 0.5, 2 * radius + 1, 2 * radius + 1)


def _inside(box: Box, bounds: Box) -> bool:
    return (
        box.x >= bounds.x
        and box.y >= bounds.y
        and box.x + box.width <= bounds.x + bounds.width
        and box.y + box.height <= bounds.y + bounds.height
    )


def _problems(anchors: Sequence[Anchor], placed: Sequence[Label], bounds: Box, radius: float = RADIUS) -> list[str]:
    """Every broken rule, in words: one label per anchor in order, no overlaps, everything inside the bounds."""
    problems = [f"{a.key}: label {lab.key!r}" for a, lab in zip(anchors, placed, strict=True) if lab.key != a.key]
    boxes = [lab.box for lab in placed]
    squares = [_square(a, radius) for a in anchors]
    for i, box in enumerate(boxes):
        if not _inside(box, bounds):
            problems.append(f"{placed[i].key} outside the bounds: {box}")
        problems += [f"{placed[i].key} overlaps label {placed[j].key}" for j in range(i) if box.overlaps(boxes[j])]
        problems += [
            f"{placed[i].key} covers point {anchors[j].key}" for j, sq in enumerate(squares) if box.overlaps(sq)
        ]
    return problems


def _gap(a: Anchor, box: Box) -> float:
    """Distance from the point's centre to the nearest point of the box."""
    dx = max(box.x - a.x, 0.0, a.x - (box.x + box.width))
    dy = max(box.y - a.y, 0.0, a.y - (box.y + box.height))
    return float((dx * dx + dy * dy) ** 0.5)


def dense_back() -> list[Anchor]:
    """The posterior trunk: both Bladder lines on both sides, Jiaji beside five lumbar levels, the midline."""
    anchors = []
    for i in range(21):
        y = 295 + 19.5 * i
        for side, sign in (("L", -1), ("R", 1)):
            anchors.append(Anchor(f"BL{11 + i}-{side}", 400 + sign * 31, y, f"BL{11 + i}"))
            anchors.append(Anchor(f"BL{41 + i}-{side}", 400 + sign * 62, y, f"BL{41 + i}"))
    for level in range(1, 6):
        y = 568 + 22 * level
        for side, sign in (("L", -1), ("R", 1)):
            anchors.append(Anchor(f"EX-B2-L{level}-{side}", 400 + sign * 10, y, f"EX-B2-L{level}"))
    for n, y in enumerate(range(300, 680, 25)):
        anchors.append(Anchor(f"GV{n + 1}", 400, y, f"GV{n + 1}"))
    return anchors


# -- text_width ---------------------------------------------------------------------------------------------


def test_text_width_never_underestimates_dejavu_sans() -> None:
    for code in range(32, 127):
        assert text_width(chr(code), 1.0) >= _dejavu_width(chr(code)), repr(chr(code))
    for text in ["BL23", "GV4", "EX-B2-L4", "MWMW", "Shènshū", "Wěizhōng", "Zhìbiān", "Huántiào", "Yāoyángguān"]:
        assert text_width(text, 10.0) >= 10.0 * _dejavu_width(text), text


def test_text_width_is_not_wildly_conservative() -> None:
    for text in ["BL23", "EX-B2-L4", "Shènshū"]:
        assert text_width(text, 1.0) <= 1.3 * _dejavu_width(text), text


def test_cjk_is_measured_wider_than_latin_of_the_same_length() -> None:
    assert text_width("肾俞", 10.0) > text_width("BL", 10.0)
    assert text_width("委中穴", 10.0) > text_width("ABC", 10.0)
    assert text_width("肾俞", 10.0) == pytest.approx(20.0)


def test_text_width_ignores_combining_tone_marks_and_scales_with_the_font() -> None:
    composed = "Shènshū"
    assert text_width(unicodedata.normalize("NFD", composed), 8.0) == text_width(composed, 8.0)
    assert text_width("BL23", 16.0) == pytest.approx(2 * text_width("BL23", 8.0))
    assert text_width("", 8.0) == 0.0


# -- place_labels -------------------------------------------------------------------------------------------


def test_box_overlap_excludes_touching_edges() -> None:
    box = Box(0, 0, 10, 10)
    assert box.overlaps(Box(5, 5, 10, 10))
    assert box.overlaps(Box(2, 2, 1, 1))
    assert not box.overlaps(Box(10, 0, 5, 5))
    assert not box.overlaps(Box(0, 10, 5, 5))


def test_dense_back_has_no_overlaps() -> None:
    anchors = dense_back()
    placed = place_labels(anchors, FONT, PAGE, RADIUS)
    assert _problems(anchors, placed, PAGE) == []


def test_dense_back_fallback_still_has_no_overlaps(monkeypatch: pytest.MonkeyPatch) -> None:
    """A larger font leaves no room beside many points: the last-resort search must run, and still not overlap."""
    calls = []
    nearest_free = labels._Placer.nearest_free

    def counting(placer: labels._Placer, a: Anchor, w: float, exhaustive: bool = False) -> labels._Spot | None:
        calls.append(a.key)
        return nearest_free(placer, a, w, exhaustive)

    monkeypatch.setattr(labels._Placer, "nearest_free", counting)
    anchors = dense_back()
    for font in (FONT, 12.0):
        placed = place_labels(anchors, font, PAGE, RADIUS)
        assert _problems(anchors, placed, PAGE) == []
    assert len(calls) >= 10


def test_dense_back_in_tight_bounds_still_places_every_label() -> None:
    anchors = dense_back()
    bounds = Box(250.0, 250.0, 300.0, 500.0)  # barely wider than the body: no room far out
    placed = place_labels(anchors, FONT, bounds, RADIUS)
    assert _problems(anchors, placed, bounds) == []


def test_a_slot_between_the_scanned_rows_is_still_found() -> None:
    """The only room is a slot barely taller than a label, off the rows the quick search tries."""
    bounds = Box(0.0, 0.0, 200.0, 200.0)
    avoid = [Box(0.0, 0.0, 200.0, 160.0), Box(0.0, 170.7, 200.0, 29.3)]
    anchors = [Anchor("BL23", 100.0, 100.0, "BL23")]
    (lab,) = place_labels(anchors, FONT, bounds, RADIUS, avoid)
    assert _problems(anchors, [lab], bounds) == []
    assert not any(lab.box.overlaps(box) for box in avoid)
    assert lab.leader is not None


def test_labels_keep_clear_of_avoided_boxes() -> None:
    anchors = dense_back()
    avoid = [Box(150.0, 280.0, 100.0, 450.0), Box(550.0, 280.0, 100.0, 450.0)]
    placed = place_labels(anchors, FONT, PAGE, RADIUS, avoid)
    assert _problems(anchors, placed, PAGE) == []
    assert not [(lab.key, box) for lab in placed for box in avoid if lab.box.overlaps(box)]


def test_far_labels_get_a_leader_from_their_point_to_their_box() -> None:
    anchors = dense_back()
    placed = place_labels(anchors, FONT, PAGE, RADIUS)
    linked = [(a, lab) for a, lab in zip(anchors, placed, strict=True) if lab.leader is not None]
    assert linked
    for a, lab in linked:
        x1, y1, x2, y2 = lab.leader or (0.0, 0.0, 0.0, 0.0)
        assert ((x1 - a.x) ** 2 + (y1 - a.y) ** 2) ** 0.5 <= 2 * RADIUS + 2  # starts at the point's rim
        assert _gap(Anchor("", x2, y2, ""), lab.box) == pytest.approx(0.0, abs=1e-9)  # ends on the label
    for a, lab in zip(anchors, placed, strict=True):
        if lab.leader is None:
            assert _gap(a, lab.box) <= 2 * FONT + RADIUS


def test_short_labels_sit_beside_their_points_on_the_outer_side_when_there_is_room() -> None:
    anchors = [
        Anchor(f"P{i}", x, y, text)
        for i, (x, y, text) in enumerate(
            [(300, 200, "BL23"), (500, 200, "BL23"), (340, 600, "GB30"), (470, 900, "肾俞"), (250, 1200, "Shènshū")]
        )
    ]
    for a, lab in zip(anchors, place_labels(anchors, FONT, PAGE, RADIUS), strict=True):
        assert lab.leader is None
        assert _gap(a, lab.box) <= 2 * FONT, a.key
        if a.x < 400:
            assert lab.box.x + lab.box.width <= a.x - RADIUS, a.key
        else:
            assert lab.box.x >= a.x + RADIUS, a.key
        assert lab.box.y <= a.y <= lab.box.y + lab.box.height, a.key  # level with the point


def test_text_position_is_inside_the_box() -> None:
    (lab,) = place_labels([Anchor("BL23", 369, 500, "BL23")], FONT, PAGE, RADIUS)
    assert lab.text_x == lab.box.x
    assert lab.box.y + 0.7 * FONT <= lab.text_y <= lab.box.y + lab.box.height - 0.2 * FONT
    assert lab.box.width == pytest.approx(text_width("BL23", FONT))


def test_placement_is_deterministic_and_independent_of_input_order() -> None:
    anchors = dense_back()
    first = place_labels(anchors, FONT, PAGE, RADIUS)
    assert place_labels(list(anchors), FONT, PAGE, RADIUS) == first
    reversed_ = place_labels(anchors[::-1], FONT, PAGE, RADIUS)
    assert reversed_[::-1] == first


def test_no_anchors_no_labels() -> None:
    assert place_labels([], FONT, PAGE, RADIUS) == []


TEXTS = ["BL23", "EX-B2-L4", "GV4", "Shènshū", "Wěizhōng", "肾俞", "委中", "M", "WWWWWW"]
coordinate = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@st.composite
def layouts(draw: st.DrawFn) -> tuple[Box, list[Anchor]]:
    bounds = Box(draw(st.sampled_from([0.0, -50.0, 13.7])), draw(st.sampled_from([0.0, 40.0])), 800.0, 1600.0)
    points = draw(st.lists(st.tuples(coordinate, coordinate, st.sampled_from(TEXTS)), max_size=150))
    return bounds, [
        Anchor(f"A{i}", bounds.x + fx * bounds.width, bounds.y + fy * bounds.height, text)
        for i, (fx, fy, text) in enumerate(points)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(layouts(), st.sampled_from([6.0, 8.0, 11.0]))
def test_any_layout_gets_one_label_per_anchor_without_overlaps(layout: tuple[Box, list[Anchor]], font: float) -> None:
    bounds, anchors = layout
    placed = place_labels(anchors, font, bounds, RADIUS)
    assert len(placed) == len(anchors)
    assert [lab.text for lab in placed] == [a.text for a in anchors]
    assert _problems(anchors, placed, bounds) == []
    assert place_labels(anchors, font, bounds, RADIUS) == placed
