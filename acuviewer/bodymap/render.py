"""Draws one view of the body map as SVG Tiny 1.2 with svgwrite: figure, landmarks, channels, points, labels."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import svgwrite

from acuviewer.bodymap import ids
from acuviewer.bodymap.figure import HEIGHT, VIEWS, WIDTH, View
from acuviewer.bodymap.geometry import Geometry, Placed, Unplaceable
from acuviewer.bodymap.labels import Anchor, Box, place_labels
from acuviewer.bodymap.options import EXTRA, FAMILIES, MapOptions, family
from acuviewer.bodymap.outline import figure_shapes
from acuviewer.bodymap.smooth import smooth
from acuviewer.catalogue.model import Point, Segment

CHANNEL_COLOURS = {"BL": "#1f5fbf", "GB": "#1e8a3a", "GV": "#8a4b0f"}
OTHER_COLOUR = "#6a3d9a"  # points of other channels shown for sciatica (ST, SP, KI, ...)
EXTRA_COLOUR = "#b0006a"
POINT_RADIUS = 3.6
FONT_SIZE = 8.5
FONT_FAMILY = "DejaVu Sans, Noto Sans CJK SC, Source Han Sans SC, sans-serif"
BADGE_STYLES = {
    "contraindicated": ("#d00000", "none"),
    "caution": ("#e07b00", "none"),
    "disputed": ("#e07b00", "2,1.5"),
}

# Where a channel's numbering jumps, the path is drawn in pieces: the Bladder's outer back line (BL41-BL54)
# runs down beside the inner line and joins it again at BL40.
PIECES: dict[str, list[list[str]]] = {
    "BL": [[f"BL{n}" for n in (*range(1, 41), *range(55, 68))], [*(f"BL{n}" for n in range(41, 55)), "BL40"]],
}


@dataclass
class _Drawn:
    placed: list[Placed] = field(default_factory=list)
    points: dict[str, Point] = field(default_factory=dict)


def render_svg(points: Sequence[Point], segments: Sequence[Segment], options: MapOptions) -> str:
    """The whole view as an SVG document string; the same inputs always give the same bytes."""
    return render_with_placements(points, segments, options)[0]


def render_with_placements(
    points: Sequence[Point], segments: Sequence[Segment], options: MapOptions
) -> tuple[str, list[tuple[Placed, str]]]:
    """The SVG, and every point drawn in it with its family: where each circle is, from the same placement."""
    view = VIEWS[options.view]
    by_code = {p.code: p for p in points}
    geometry = Geometry(view, by_code, segments)
    drawing = svgwrite.Drawing(size=(f"{WIDTH:g}", f"{HEIGHT:g}"), profile="tiny", debug=False)
    drawing.viewbox(0, 0, int(WIDTH), int(HEIGHT))
    drawing.add(drawing.rect((0, 0), (WIDTH, HEIGHT), fill="#ffffff", id="background"))

    figure = drawing.add(drawing.g(id=ids.layer_id("figure")))
    styles = {
        "body": {"fill": "#f6e7d8", "stroke": "#8c6d55", "stroke_width": 1.4},
        "feature": {"fill": "none", "stroke": "#b89a82", "stroke_width": 0.9},
        "hair": {"fill": "none", "stroke": "#9c8a7a", "stroke_width": 0.9, "stroke_dasharray": "3,2"},
    }
    for shape in figure_shapes(view):
        figure.add(drawing.path(d=shape.d, class_=shape.css_class, **styles.get(shape.css_class, styles["feature"])))

    if options.landmarks:
        _draw_landmarks(drawing, view)
    drawn = _collect(geometry, points, options)
    _draw_channels(drawing, geometry, drawn, options)
    _draw_points(drawing, drawn, options)
    if options.labels != "none":
        _draw_labels(drawing, drawn, options.labels)
    return str(drawing.tostring()), [(p, family(drawn.points[p.code].channel)) for p in drawn.placed]


def _visible(point: Point, options: MapOptions) -> bool:
    if options.channels is None:
        return True
    return (point.channel or EXTRA) in options.channels


def _collect(geometry: Geometry, points: Iterable[Point], options: MapOptions) -> _Drawn:
    drawn = _Drawn()
    for point in points:
        if not _visible(point, options):
            continue
        try:
            placed = geometry.place(point)
        except Unplaceable:
            continue  # its reference is not drawn in this view; the point appears in another view
        if placed:
            drawn.placed += placed
            drawn.points[point.code] = point
    return drawn


def _draw_landmarks(drawing: svgwrite.Drawing, view: View) -> None:
    layer = drawing.add(drawing.g(id=ids.layer_id("landmarks")))
    for (name, side), (x, y) in sorted(view.landmarks.items()):
        layer.add(
            drawing.circle((_r(x), _r(y)), 1.6, id=ids.landmark_id(name, side), class_="landmark", fill="#a08c7c")
        )


def _families(drawing: svgwrite.Drawing, name: str, **attributes: str) -> dict[str, svgwrite.container.Group]:
    """The layer `name` as one group holding a sub-group per family, always all of them, so ids are stable."""
    layer = drawing.add(drawing.g(id=ids.layer_id(name)))
    return {f: layer.add(drawing.g(id=ids.layer_id(name, f), **attributes)) for f in FAMILIES}


def _faded(colour: str, strength: float) -> str:
    """The colour mixed with white, as if drawn at that opacity on paper. Opaque strokes instead of stroke-opacity:
    Qt draws a long translucent path about three times slower, and the channels are most of the map's paths."""
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(c * strength + 255 * (1 - strength)):02x}" for c in channels)


def _colour(point: Point) -> str:
    if point.channel is None:
        return EXTRA_COLOUR
    return CHANNEL_COLOURS.get(point.channel, OTHER_COLOUR)


def _draw_channels(drawing: svgwrite.Drawing, geometry: Geometry, drawn: _Drawn, options: MapOptions) -> None:
    layers = _families(drawing, "channels")
    position = {(p.code, p.side): (p.x, p.y) for p in drawn.placed}
    channels = sorted({p.channel for p in drawn.points.values() if p.channel in CHANNEL_COLOURS})
    for channel in channels:
        members = [p for p in geometry.points.values() if p.channel == channel]
        codes = [p.code for p in sorted(members, key=lambda p: p.number or 0)]
        pieces = PIECES.get(channel, [codes])
        for side in ("L", "R", "M"):
            runs = [run for piece in pieces for run in _runs(piece, side, position, geometry.points) if len(run) >= 2]
            if not runs:
                continue
            colour = CHANNEL_COLOURS[channel]
            line = _faded(colour, 0.75)
            d = " ".join(smooth(run) for run in runs)
            group = layers[family(channel)].add(drawing.g(class_=f"channel {channel}"))
            group.add(
                drawing.path(
                    d=d,
                    id=ids.channel_id(channel, side),
                    fill="none",
                    stroke=line,
                    stroke_width=1.6,
                )
            )
            for run in runs:
                for arrow in _direction_marks(run):
                    group.add(drawing.polygon(arrow, fill=_faded(colour, 0.85), class_="direction"))


def _runs(
    piece: list[str], side: str, position: dict[tuple[str, str], tuple[float, float]], catalogue: Mapping[str, Point]
) -> Iterator[list[tuple[float, float]]]:
    """Stretches of a channel drawn in this view: a catalogue point drawn elsewhere (the channel leaves the view,
    as GB21 to GB30 runs down the side, not across the back) breaks the line."""
    run: list[tuple[float, float]] = []
    for code in piece:
        if (code, side) in position:
            run.append(position[(code, side)])
        elif code in catalogue:
            yield run
            run = []
    yield run


def _direction_marks(run: list[tuple[float, float]], every: float = 110.0) -> list[list[tuple[float, float]]]:
    """Small arrowheads along the run, pointing in the direction of flow, about every `every` units."""
    marks, travelled = [], every / 2
    for (x0, y0), (x1, y1) in itertools.pairwise(run):
        length = math.hypot(x1 - x0, y1 - y0)
        if length < 1e-6:
            continue
        while travelled < length:
            t = travelled / length
            cx, cy, ux, uy = x0 + (x1 - x0) * t, y0 + (y1 - y0) * t, (x1 - x0) / length, (y1 - y0) / length
            tip = (_r(cx + ux * 5), _r(cy + uy * 5))
            left = (_r(cx - ux * 3 - uy * 3.5), _r(cy - uy * 3 + ux * 3.5))
            right = (_r(cx - ux * 3 + uy * 3.5), _r(cy - uy * 3 - ux * 3.5))
            marks.append([tip, left, right])
            travelled += every
        travelled -= length
    return marks


def _draw_points(drawing: svgwrite.Drawing, drawn: _Drawn, options: MapOptions) -> None:
    halo = drawing.add(drawing.g(id=ids.layer_id("highlight")))
    badges = _families(drawing, "cautions")
    layers = _families(drawing, "points")
    for placed in drawn.placed:
        point = drawn.points[placed.code]
        kind = family(point.channel)
        x, y = _r(placed.x), _r(placed.y)
        if placed.code in options.highlight:
            halo.add(
                drawing.circle(
                    (x, y),
                    POINT_RADIUS + 5,
                    class_="highlight",
                    fill="#ffd400",
                    fill_opacity=0.7,
                    id=f"hl-{placed.code}-{placed.side}",
                )
            )
        strongest = _strongest_caution(point)
        if options.cautions and strongest:
            colour, dash = BADGE_STYLES[strongest]
            badges[kind].add(
                drawing.circle(
                    (x, y),
                    POINT_RADIUS + 2.4,
                    fill="none",
                    stroke=colour,
                    stroke_width=1.5,
                    stroke_dasharray=dash,
                    class_=f"badge {strongest}",
                    id=f"badge-{placed.code}-{placed.side}",
                )
            )
        fill = "#ffffff" if point.channel is None else _colour(point)
        layers[kind].add(
            drawing.circle(
                (x, y),
                POINT_RADIUS,
                id=ids.point_id(placed.code, placed.side),
                class_=f"point {point.channel or 'extra'}",
                fill=fill,
                stroke=_colour(point),
                stroke_width=1.4,
            )
        )


def _strongest_caution(point: Point) -> str | None:
    strengths = {c.strength for c in point.cautions if c.kind != "no-moxa"}
    return next((s for s in ("contraindicated", "caution", "disputed") if s in strengths), None)


def _label_text(point: Point, style: str) -> str:
    return {"code": point.code, "pinyin": point.pinyin_toned, "hanzi": point.hanzi}[style]


def _draw_labels(drawing: svgwrite.Drawing, drawn: _Drawn, style: str) -> None:
    # Font attributes sit on each family's group, so a viewer drawing one group alone still gets them.
    layers = _families(drawing, "labels", font_family=FONT_FAMILY, font_size=f"{FONT_SIZE:g}", fill="#222222")
    anchors = [Anchor(f"{p.code}-{p.side}", p.x, p.y, _label_text(drawn.points[p.code], style)) for p in drawn.placed]
    families = {f"{p.code}-{p.side}": family(drawn.points[p.code].channel) for p in drawn.placed}
    for label in place_labels(anchors, FONT_SIZE, Box(0, 0, WIDTH, HEIGHT), POINT_RADIUS):
        layer = layers[families[label.key]]
        if label.leader:
            x0, y0, x1, y1 = label.leader
            layer.add(
                drawing.line((_r(x0), _r(y0)), (_r(x1), _r(y1)), stroke="#888888", stroke_width=0.5, class_="leader")
            )
        layer.add(
            drawing.text(
                label.text, insert=(_r(label.text_x), _r(label.text_y)), class_="label", id=f"label-{label.key}"
            )
        )


def _r(value: float) -> float:
    return round(value, 1)
