"""Viewer benchmarks: cold start to the first painted map, search keystroke to results shown, map repaints while
panning and zooming, and peak memory; each beside a baseline measured in the same run.

Run with `make bench` (offscreen). Machines here are shared and noisy, so every figure is printed beside a ratio to
a baseline timed in the same run (interleaved with it where possible); the ratios are what to compare between runs.
Children get a throwaway XDG_CONFIG_HOME and in-process windows a throwaway INI file, so the user's settings are
neither read nor changed. The figures are also written to benchmarks/results/viewer.json.
"""

from __future__ import annotations

import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from figures import Figure, p99  # noqa: E402  (beside this script: run as a script)

from acuviewer.bodymap.prerender import load_maps  # noqa: E402
from acuviewer.catalogue.locate import default_catalogue  # noqa: E402
from acuviewer.catalogue.repository import Repository  # noqa: E402

if TYPE_CHECKING:
    from PySide6.QtCore import QRectF
    from PySide6.QtWidgets import QApplication, QGraphicsView, QLineEdit, QListView, QScrollBar

# Qt and acuviewer.ui are imported only after the child processes have run (see main): on Linux a child's
# ru_maxrss starts from its parent's resident size at fork, so the parent must still be small when it spawns them.

RESULTS = HERE / "results" / "viewer.json"
START_RUNS = 15
MEMORY_RUNS = 3
SEARCH_ROUNDS = 8
QUERIES = ["bl40", "wei zhong", "huantiao", "環跳", "sciatica", "lumbar", "gb3", "ub 4", "kunlun", "pregnan", "委中"]
MAP_SIZE = (1920, 1080)
MAP_ROUNDS = 3
PAN_STEPS, PAN_PIXELS = 200, 12
ZOOM_STEPS, ZOOM_FACTOR = 100, 1.03
SETTLE_FRAMES = 15
FORBIDDEN_ON_START = ("svgwrite", "sqlite_utils")


def _figure(name: str, unit: str, samples: list[float], base: list[float], **kwargs: Any) -> Figure:
    median, base_median = statistics.median(samples), statistics.median(base)
    return Figure(name, unit, len(samples), median, p99(samples), base_median, p99(base), **kwargs)


def _time_ms(action: Callable[[], object]) -> float:
    start = time.perf_counter_ns()
    action()
    return (time.perf_counter_ns() - start) / 1e6


def _pump(app: QApplication, seconds: float = 0.0) -> None:
    """Lets Qt run its queued work (layouts, deferred updates, timers) outside the timed sections."""
    end = time.monotonic() + seconds
    app.processEvents()
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


# --- 1. cold start -----------------------------------------------------------------------------------------------
def _child_env(config_home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(config_home))
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def _gui_command() -> list[str]:
    entry = Path(sys.executable).with_name("acuviewer")
    prefix = [str(entry)] if entry.is_file() else [sys.executable, "-m", "acuviewer"]
    return [*prefix, "gui", "--exit-after-first-paint"]


def _run_child(command: list[str], env: dict[str, str]) -> tuple[float, float, int]:
    """A child's time (ms) from spawn to the "first paint" line it prints, from spawn to exit, and its peak resident
    memory (KiB, from wait4). The first figure is the start-up; the exit adds the interpreter's and Qt's teardown."""
    start = time.perf_counter_ns()
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdout is not None
    line = child.stdout.readline()
    painted = (time.perf_counter_ns() - start) / 1e6
    child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = (time.perf_counter_ns() - start) / 1e6
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0 or line.strip() != b"first paint":
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode} after printing {line!r}")
    return painted, wall, usage.ru_maxrss


def bench_start(env: dict[str, str]) -> tuple[Figure, list[float], list[float]]:
    gui, bare = _gui_command(), [sys.executable, str(HERE / "bare_window.py")]
    shaped = [sys.executable, str(HERE / "shaped_window.py")]
    for _ in range(2):  # warm the file cache and the bytecode caches; a rebuilt catalogue or map is not a start
        for command in (gui, bare, shaped):
            _run_child(command, env)
    commands = {"gui": gui, "bare": bare, "shaped": shaped}
    paints: dict[str, list[float]] = {name: [] for name in commands}
    exits: dict[str, list[float]] = {name: [] for name in commands}
    peaks: dict[str, list[float]] = {name: [] for name in commands}
    names = list(commands)
    for i in range(START_RUNS):
        for name in names[i % 3 :] + names[: i % 3]:  # rotate who goes first
            paint, wall, peak = _run_child(commands[name], env)
            paints[name].append(paint)
            exits[name].append(wall)
            peaks[name].append(peak / 1024)
    times, base, shaped_times = paints["gui"], paints["bare"], paints["shaped"]
    figure = _figure(
        "cold start to first painted map",
        "ms",
        times,
        base,
        goal="ratio <= 1.25x",
        note="spawn of `acuviewer gui --exit-after-first-paint` to its 'first paint' line; baseline: bare_window.py",
        extra={
            "shaped_window_ms": statistics.median(shaped_times),
            "shaped_window_ratio": statistics.median(shaped_times) / statistics.median(base),
            "viewer_vs_shaped_ratio": statistics.median(times) / statistics.median(shaped_times),
            "spawn_to_exit_ms": statistics.median(exits["gui"]),
            "bare_spawn_to_exit_ms": statistics.median(exits["bare"]),
        },
    )
    figure.met = figure.ratio <= 1.25
    return figure, peaks["gui"], peaks["bare"]


def import_report(env: dict[str, str]) -> dict[str, Any]:
    """One `python -X importtime` start of the window: the heaviest imports, and whether forbidden ones appear."""
    command = [sys.executable, "-X", "importtime", "-m", "acuviewer", "gui", "--exit-after-first-paint"]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            self_us, cumulative_us, indent, name = match.groups()
            rows.append((name, int(cumulative_us) / 1000, int(self_us) / 1000, (len(indent) - 1) // 2))
    found = sorted({name for name, *_ in rows if name.split(".")[0] in FORBIDDEN_ON_START})
    top = sorted(rows, key=lambda row: -row[1])[:10]
    ours = sorted((row for row in rows if row[0].startswith("acuviewer")), key=lambda row: -row[1])[:10]
    return {
        "modules": len(rows),
        "total_ms": sum(cumulative for _, cumulative, _, depth in rows if depth == 0),
        "forbidden_found": found,
        "top10": [{"module": n, "cumulative_ms": c, "self_ms": s, "depth": d} for n, c, s, d in top],
        "top10_acuviewer": [{"module": n, "cumulative_ms": c, "self_ms": s} for n, c, s, _ in ours],
    }


# --- 2. search keystrokes ----------------------------------------------------------------------------------------
def _keystroke(line: QLineEdit, results: QListView, text: str) -> tuple[float, float]:
    """setText runs the search and resets the model synchronously; repaint then lays out and draws the rows."""
    start = time.perf_counter_ns()
    line.setText(text)
    typed = time.perf_counter_ns()
    results.viewport().repaint()
    shown = time.perf_counter_ns()
    return (typed - start) / 1e6, (shown - typed) / 1e6


def bench_search(app: QApplication, repo: Repository, path: Path, scratch: Path) -> Figure:
    from PySide6.QtCore import QSettings, QStringListModel
    from PySide6.QtWidgets import QLineEdit, QListView, QWidget

    from acuviewer.ui.app import _window

    window = _window(app, repo, path, QSettings(str(scratch / "search.ini"), QSettings.Format.IniFormat))
    window.resize(1400, 900)
    window.show()
    _pump(app, 0.2)
    window.search_field.setText("bl")
    rows = [str(window.search_model.index(r, 0).data()) for r in range(10)]  # ten real rows, the same fonts
    window.search_field.setText("")

    # Baseline: the same two widgets with no search behind them; every keystroke resets a model of ten rows.
    panel = QWidget()
    line, listing, model = QLineEdit(panel), QListView(panel), QStringListModel()
    listing.setModel(model)
    line.textChanged.connect(lambda _text: model.setStringList(rows))
    listing.move(0, line.height())
    listing.resize(window.results.size())
    panel.resize(window.results.width(), line.height() + window.results.height())
    panel.show()
    _pump(app, 0.1)

    totals: list[float] = []
    base: list[float] = []
    searched: list[float] = []
    painted: list[float] = []
    by_prefix: dict[str, list[float]] = {}
    for _ in range(SEARCH_ROUNDS):
        for query in QUERIES:
            for end in range(1, len(query) + 1):
                prefix = query[:end]
                search_ms, paint_ms = _keystroke(window.search_field, window.results, prefix)
                _pump(app)
                base.append(sum(_keystroke(line, listing, prefix)))
                _pump(app)
                totals.append(search_ms + paint_ms)
                searched.append(search_ms)
                painted.append(paint_ms)
                by_prefix.setdefault(prefix, []).append(search_ms + paint_ms)
            window.search_field.setText("")
            line.setText("")
            _pump(app)
    panel.close()
    window.close()
    slowest = sorted(by_prefix.items(), key=lambda item: -statistics.median(item[1]))[:5]
    figure = _figure(
        "search keystroke to results shown",
        "ms",
        totals,
        base,
        goal="p99 <= 16 ms",
        note=f"{len(QUERIES)} queries typed a character at a time, {SEARCH_ROUNDS} rounds; window 1400x900",
        extra={
            "setText_median_ms": statistics.median(searched),
            "setText_p99_ms": p99(searched),
            "repaint_median_ms": statistics.median(painted),
            "repaint_p99_ms": p99(painted),
            "slowest_prefixes_median_ms": {prefix: statistics.median(ms) for prefix, ms in slowest},
        },
    )
    figure.met = figure.p99 <= 16
    return figure


# --- 3. map repaints ---------------------------------------------------------------------------------------------
def _pan(bar: QScrollBar, direction: int) -> int:
    """Scrolls by PAN_PIXELS, turning back at either end; returns the direction to go on in."""
    target = bar.value() + PAN_PIXELS * direction
    if not bar.minimum() <= target <= bar.maximum():
        direction = -direction
        target = bar.value() + PAN_PIXELS * direction
    bar.setValue(target)
    return direction


def _baseline_view(scene_rect: QRectF) -> QGraphicsView:
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QFrame, QGraphicsScene, QGraphicsView

    view = QGraphicsView()
    view.setScene(QGraphicsScene(scene_rect, view))
    view.setRenderHint(QPainter.RenderHint.Antialiasing)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.resize(*MAP_SIZE)
    return view


def bench_map(app: QApplication, repo: Repository, path: Path) -> list[Figure]:
    from acuviewer.ui.map_view import MapView

    bundles = load_maps(path, repo)
    view = MapView()
    view.resize(*MAP_SIZE)
    view.show_bundle(bundles["posterior"])
    item, port = view.item, view.viewport()
    first: dict[str, bool] = {}
    view.first_painted.connect(lambda: first.update(stand_in=item._moving))  # which branch the first paint took
    start = time.perf_counter_ns()
    view.show()
    deadline = time.monotonic() + 30
    while not first and time.monotonic() < deadline:
        app.processEvents()
    first_frame = (time.perf_counter_ns() - start) / 1e6
    _pump(app, 0.3)
    view.zoom_by(3)
    zoom_frame = _time_ms(port.repaint)
    item.set_moving(False)
    settles = [_time_ms(port.repaint)]

    base = _baseline_view(view.sceneRect())
    base.setTransform(view.transform())
    base.show()
    _pump(app, 0.3)
    base.verticalScrollBar().setValue(view.verticalScrollBar().value())
    base.horizontalScrollBar().setValue(view.horizontalScrollBar().value())
    _pump(app, 0.3)

    unchanged: list[float] = []
    base_unchanged: list[float] = []
    for _ in range(60):
        unchanged.append(_time_ms(port.repaint))
        base_unchanged.append(_time_ms(base.viewport().repaint))

    pans: list[float] = []
    base_pans: list[float] = []
    zooms: list[float] = []
    base_zooms: list[float] = []
    settled_inside = 0
    direction = base_direction = 1
    for _ in range(MAP_ROUNDS):
        for _ in range(PAN_STEPS):
            direction = _pan(view.verticalScrollBar(), direction)
            settled_inside += not item._moving
            pans.append(_time_ms(port.repaint))
            _pump(app)
            base_direction = _pan(base.verticalScrollBar(), base_direction)
            base_pans.append(_time_ms(base.viewport().repaint))
            _pump(app)
        item.set_moving(False)
        settles.append(_time_ms(port.repaint))
        for step in range(ZOOM_STEPS):
            factor = ZOOM_FACTOR if step % 2 == 0 else 1 / ZOOM_FACTOR
            view.zoom_by(factor)
            settled_inside += not item._moving
            zooms.append(_time_ms(port.repaint))
            _pump(app)
            base.scale(factor, factor)
            base_zooms.append(_time_ms(base.viewport().repaint))
            _pump(app)
        item.set_moving(False)
        settles.append(_time_ms(port.repaint))
    base_settles: list[float] = []
    for step in range(SETTLE_FRAMES):  # a full vector redraw each time: the scale differs from the cached one
        factor = ZOOM_FACTOR if step % 2 == 0 else 1 / ZOOM_FACTOR
        view.zoom_by(factor)
        item.set_moving(False)
        settles.append(_time_ms(port.repaint))
        _pump(app)
        base.scale(factor, factor)
        base_settles.append(_time_ms(base.viewport().repaint))
        _pump(app)

    size = f"{port.width()}x{port.height()} viewport"
    note = f"posterior view at ~{view.zoom():.1f}x fit, {size}; baseline: empty scene, same rect, transform and steps"
    figures = [
        _figure("map repaint, unchanged view", "ms", unchanged, base_unchanged, note=note),
        _figure(f"map repaint per pan step ({PAN_PIXELS} px)", "ms", pans, base_pans, goal="p99 <= 8 ms", note=note),
        _figure(f"map repaint per zoom step (x{ZOOM_FACTOR})", "ms", zooms, base_zooms, goal="p99 <= 8 ms", note=note),
        _figure(
            "map settle frame (full vector redraw)",
            "ms",
            settles,
            base_settles,
            note="one frame, 180 ms after the last pan or zoom step; baseline: the empty view's repaint",
            extra={"first_settle_ms": settles[0], "max_ms": max(settles)},
        ),
    ]
    for figure in figures[1:3]:
        figure.met = figure.p99 <= 8
        if figure.base_p99 > 8:
            figure.note += "; the empty baseline's own p99 is above 8 ms on this machine"
    figures[0].extra.update(first_frame_ms=first_frame, first_frame_drew_stand_in=first.get("stand_in"))
    figures[2].extra["first_zoom_frame_ms"] = zoom_frame
    figures[2].extra["settled_inside_loops"] = settled_inside
    base.close()
    view.close()
    return figures


# --- 4. memory ---------------------------------------------------------------------------------------------------
def _printed_rss(command: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def _parent_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_memory(env: dict[str, str], start_rss: list[float], base_start_rss: list[float]) -> list[Figure]:
    session: list[float] = []
    bare: list[float] = []
    for _ in range(MEMORY_RUNS):
        session.append(_printed_rss([sys.executable, str(HERE / "viewer_memory.py")], env))
        bare.append(_printed_rss([sys.executable, str(HERE / "bare_window.py"), "--rss"], env))
    # A child's ru_maxrss is never below its parent's resident size at spawn: say so if that could have mattered.
    parent = {"parent_peak_mb_at_spawn": _parent_mb()}
    figures = [
        _figure(
            "peak memory at first paint",
            "MB",
            start_rss,
            base_start_rss,
            note="ru_maxrss of the cold-start children (from wait4)",
            extra=dict(parent),
        ),
        _figure(
            "peak memory after a short session",
            "MB",
            session,
            bare,
            note="viewer_memory.py: searches, a selection, every view zoomed and settled; vs bare_window.py --rss",
            extra=dict(parent),
        ),
    ]
    for figure in figures:
        if parent["parent_peak_mb_at_spawn"] >= 0.9 * min(figure.median, figure.base_median):
            figure.note += "; UNRELIABLE: the benchmark process itself was nearly as large when it spawned them"
    return figures


# --- report ------------------------------------------------------------------------------------------------------
def _verdict(figure: Figure) -> str:
    return "" if figure.met is None else ("met" if figure.met else "NOT met")


def print_table(figures: list[Figure], imports: dict[str, Any]) -> None:
    header = f"{'measure':<42} {'n':>4} {'median':>9} {'p99':>9} {'base med':>9} {'base p99':>9} {'ratio':>7}  goal"
    print("\n" + header + "\n" + "-" * (len(header) + 16))
    for f in figures:
        print(
            f"{f.name:<42} {f.samples:>4} {f.median:>6.2f} {f.unit:<2} {f.p99:>6.2f} {f.unit:<2} "
            f"{f.base_median:>6.2f} {f.unit:<2} {f.base_p99:>6.2f} {f.unit:<2} {f.ratio:>6.2f}x  "
            f"{f.goal} {_verdict(f)}".rstrip()
        )
    forbidden = imports["forbidden_found"]
    clean = f"none of {', '.join(FORBIDDEN_ON_START)}" if not forbidden else f"FOUND {', '.join(forbidden)}"
    print(f"{'imports on the start path':<42} {imports['modules']:>4} modules; {clean}  goal: none  ", end="")
    print("met" if not forbidden else "NOT met")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        scratch = Path(tmp)
        env = _child_env(scratch / "config")
        path = default_catalogue()  # rebuilds a stale catalogue now, not inside a timed start

        # Child processes first, while this process is still small (see the note on the imports).
        start, start_rss, base_start_rss = bench_start(env)
        print(
            f"cold start: median {start.median:.0f} ms, p99 {start.p99:.0f} ms; bare window {start.base_median:.0f} ms;"
            f" ratio {start.ratio:.2f}x (goal <= 1.25x: {_verdict(start)})"
        )
        print(
            f"  a window of the viewer's shape, no data (shaped_window.py): {start.extra['shaped_window_ms']:.0f} ms,"
            f" {start.extra['shaped_window_ratio']:.2f}x the bare window; the viewer is"
            f" {start.extra['viewer_vs_shaped_ratio']:.2f}x that. Spawn to exit (with teardown):"
            f" {start.extra['spawn_to_exit_ms']:.0f} ms vs {start.extra['bare_spawn_to_exit_ms']:.0f} ms"
        )
        imports = import_report(env)
        print(
            f"imports on the start path: {imports['modules']} modules, {imports['total_ms']:.0f} ms under "
            f"-X importtime; svgwrite/sqlite_utils: {imports['forbidden_found'] or 'absent'}"
        )
        print("  top 10 cumulative imports (ms cumulative / self):")
        for row in imports["top10"]:
            indent = "  " * row["depth"]
            print(f"    {row['cumulative_ms']:7.1f} / {row['self_ms']:6.1f}  {indent}{row['module']}")
        memory = bench_memory(env, start_rss, base_start_rss)
        for f in memory:
            print(f"{f.name}: {f.median:.0f} MB vs bare window {f.base_median:.0f} MB; ratio {f.ratio:.2f}x")

        import PySide6

        from acuviewer.ui.app import _application

        app = _application()
        with Repository.open(path) as repo:
            search = bench_search(app, repo, path, scratch)
            print(
                f"search keystroke: median {search.median:.2f} ms, p99 {search.p99:.2f} ms over {search.samples}; "
                f"baseline {search.base_median:.2f} / {search.base_p99:.2f} ms; "
                f"setText p99 {search.extra['setText_p99_ms']:.2f} ms, repaint p99 {search.extra['repaint_p99_ms']:.2f}"
                f" ms; slowest prefixes (median ms) "
                + ", ".join(f"{k!r} {v:.1f}" for k, v in search.extra["slowest_prefixes_median_ms"].items())
            )
            maps = bench_map(app, repo, path)
            for f in maps:
                print(
                    f"{f.name}: median {f.median:.2f} ms, p99 {f.p99:.2f} ms over {f.samples}; "
                    f"baseline {f.base_median:.2f} / {f.base_p99:.2f} ms; ratio {f.ratio:.1f}x {_verdict(f)}"
                )
            drew = "the stand-in (still moving after fit)" if maps[0].extra["first_frame_drew_stand_in"] else "vectors"
            print(
                f"  show to first map frame {maps[0].extra['first_frame_ms']:.1f} ms, drew {drew}; "
                f"first zoom frame {maps[2].extra['first_zoom_frame_ms']:.1f} ms; "
                f"first settle {maps[3].extra['first_settle_ms']:.1f} ms; settle max {maps[3].extra['max_ms']:.1f} ms"
            )

    figures = [start, search, *maps, *memory]
    print_table(figures, imports)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    report = {
        "when": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "python": platform.python_version(),
        "pyside6": PySide6.__version__,
        "platform": os.environ.get("QT_QPA_PLATFORM", ""),
        "cpus": os.cpu_count(),
        "figures": [{**asdict(f), "ratio": f.ratio} for f in figures],
        "imports": imports,
    }
    RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
