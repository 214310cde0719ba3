"""Renders every view with all its layers into map bundles, and keeps the saved copy beside the catalogue fresh."""

from __future__ import annotations

import contextlib
from pathlib import Path

from acuviewer.bodymap.bundle import MapBundle, Spot, maps_key, maps_path, read_maps, write_maps
from acuviewer.catalogue.model import VIEWS, Point, Segment
from acuviewer.catalogue.repository import Repository

# The viewer hides and shows layers itself, so the saved map carries all of them: code labels, landmarks and
# caution badges.
LABELS = "code"


def render_bundles(points: list[Point], segments: list[Segment]) -> dict[str, MapBundle]:
    from acuviewer.bodymap.options import MapOptions  # svgwrite only on this path, never on the viewer's start
    from acuviewer.bodymap.render import render_with_placements

    bundles = {}
    for view in VIEWS:
        options = MapOptions(view=view, labels=LABELS, cautions=True, landmarks=True)
        svg, placed = render_with_placements(points, segments, options)
        spots = tuple(Spot(p.code, p.side, round(p.x, 1), round(p.y, 1), fam) for p, fam in placed)
        bundles[view] = MapBundle(view, svg, spots)
    return bundles


def load_maps(catalogue: Path, repo: Repository) -> dict[str, MapBundle]:
    """The saved maps when they are fresh; otherwise renders them and saves them when the folder allows."""
    path, key = maps_path(catalogue), maps_key(repo.source_hash())
    bundles = read_maps(path, key)
    if bundles is None:
        bundles = render_bundles(repo.points(), repo.segments())
        with contextlib.suppress(OSError):  # a read-only install still works; it renders at each start instead
            write_maps(path, key, bundles)
    return bundles
