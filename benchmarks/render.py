"""Body map benchmarks: each view to SVG and to a 2000-px PNG, beside baselines measured in the same run.

Baselines: an svgwrite drawing with the same number of bare circles (what any SVG of this size costs), and Qt
rasterising a one-rectangle SVG at 2000 px (what any PNG of this size costs).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import svgwrite  # noqa: E402

from acuviewer.bodymap.figure import VIEWS  # noqa: E402
from acuviewer.bodymap.options import MapOptions  # noqa: E402
from acuviewer.bodymap.render import render_svg  # noqa: E402
from acuviewer.catalogue.locate import default_catalogue  # noqa: E402
from acuviewer.catalogue.repository import Repository  # noqa: E402
from acuviewer.ui.raster import svg_to_png  # noqa: E402


def _median_ms(action: Callable[[], object], repeat: int) -> float:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        action()
        samples.append((time.perf_counter_ns() - start) / 1e6)
    return statistics.median(samples)


def _bare_circles(count: int) -> str:
    drawing = svgwrite.Drawing(size=("800", "1600"), profile="tiny", debug=False)
    for i in range(count):
        drawing.add(drawing.circle((i % 800, i % 1600), 3, id=f"c{i}"))
    return str(drawing.tostring())


def main() -> int:
    with Repository.open(default_catalogue()) as repo:
        points, segments = repo.points(), repo.segments()
    blank = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 1600"><rect width="800" height="1600"/></svg>'
    with tempfile.TemporaryDirectory() as tmp:
        png = Path(tmp) / "map.png"
        png_base = _median_ms(lambda: svg_to_png(blank, png, 2000), 5)
        for view in VIEWS:
            svg = render_svg(points, segments, MapOptions(view=view, cautions=True))
            circles = svg.count("<circle")
            svg_base = _median_ms(partial(_bare_circles, circles), 5)
            svg_ms = _median_ms(partial(render_svg, points, segments, MapOptions(view=view, cautions=True)), 5)
            png_ms = _median_ms(partial(svg_to_png, svg, png, 2000), 5)
            print(
                f"{view:<9} SVG {svg_ms:6.1f} ms ({len(svg) // 1024} KiB, {circles} circles; "
                f"{svg_ms / svg_base:.1f}x bare circles {svg_base:.1f} ms) | PNG 2000 px {png_ms:6.1f} ms "
                f"({png_ms / png_base:.1f}x a blank SVG {png_base:.1f} ms)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
