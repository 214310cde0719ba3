"""Exports the map as the user sees it (view, layers, selected point) to SVG or PNG files."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from acuviewer.bodymap.options import EXTRA, MapOptions, family
from acuviewer.catalogue.model import Point, Segment

PNG_WIDTH = 2400  # print quality for a page-high figure


def map_options(view: str, layers: frozenset[str], channels: Iterable[str], highlight: str | None) -> MapOptions:
    """The renderer's options matching what the viewer shows: hidden families become a channel filter."""
    shown = {code for code in channels if family(code) in layers}
    if EXTRA in layers:
        shown.add(EXTRA)
    return MapOptions(
        view=view,
        labels="code" if "labels" in layers else "none",
        highlight=frozenset({highlight} if highlight else ()),
        channels=frozenset(shown),
        cautions="cautions" in layers,
        landmarks="landmarks" in layers,
    )


def export_map(path: Path, points: list[Point], segments: list[Segment], options: MapOptions) -> None:
    """Writes SVG or PNG by the file's suffix; raises OSError when the file cannot be written, ValueError for an
    unknown suffix."""
    from acuviewer.bodymap.render import render_svg  # svgwrite is loaded only when the user exports

    suffix = path.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise ValueError(f"cannot export to '{path.suffix}': choose a .svg or .png file")
    svg = render_svg(points, segments, options)
    if suffix == ".svg":
        path.write_text(svg, encoding="utf-8")
    else:
        from acuviewer.ui.raster import svg_to_png

        svg_to_png(svg, path, PNG_WIDTH)
