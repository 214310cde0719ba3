"""The `acuviewer` command line: thin commands over the catalogue and the user data; Qt is imported only to open the
window or draw a file."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from acuviewer import __version__
from acuviewer.bodymap.options import EXTRA, LABEL_STYLES
from acuviewer.catalogue.model import COURSES, PATIENT_FLAGS, VIEWS
from acuviewer.catalogue.repository import CatalogueError, Repository
from acuviewer.cli_data import DATA_HANDLERS, add_data_commands
from acuviewer.userdata.errors import UserDataError

if TYPE_CHECKING:
    from acuviewer.catalogue.condition import Condition
    from acuviewer.planner.suggest import Suggestion

EXIT_NOT_FOUND = 1
EXIT_USAGE = 2
SHEET_POINT_SIZE = 9  # the treatment sheet is dense; 9 pt still reads well on A4


class UsageError(Exception):
    """Wrong usage found after parsing (for example a non-positive --limit)."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="acuviewer", description="Offline reference of acupuncture points and channels for sciatica."
    )
    parser.add_argument("--version", action="version", version=f"acuviewer {__version__}")
    parser.add_argument("--catalogue", type=Path, metavar="PATH", help="use this built catalogue file")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = commands.add_parser("build-db", help="validate db/ and build the SQLite catalogue")
    build.add_argument("--source", type=Path, metavar="DIR", help="the db/ folder (default: the checkout's)")
    build.add_argument("--output", "-o", type=Path, metavar="PATH", help="where to write (default: bundled)")

    point = commands.add_parser("point", help="everything the catalogue knows about one point")
    point.add_argument("code", help="a point code in any spelling: BL40, bl-40, UB40")
    point.add_argument("--json", action="store_true", help="print JSON")

    search = commands.add_parser("search", help="find points by code, name, alias or text")
    search.add_argument("text", help="what to look for")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="at most N results (default 20)")
    search.add_argument("--json", action="store_true", help="print JSON")

    meridian = commands.add_parser("meridian", help="a channel and its points in flow order")
    meridian.add_argument("code", help="a channel code: BL, GB, GV, …")
    meridian.add_argument("--json", action="store_true", help="print JSON")

    render = commands.add_parser("render", help="draw one view of the body map as SVG, or PNG through Qt")
    render.add_argument("--view", choices=VIEWS, default="posterior", help="which view (default posterior)")
    render.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="FILE.svg or FILE.png")
    render.add_argument("--labels", choices=LABEL_STYLES, default="code", help="label text (default code)")
    render.add_argument("--highlight", default="", metavar="CODE,...", help="points to highlight")
    render.add_argument("--channels", default="", metavar="BL,GB,...", help="only these channels (EX: extra points)")
    render.add_argument("--cautions", action="store_true", help="badge points with a caution")
    render.add_argument("--width", type=int, default=2000, metavar="PX", help="PNG width in pixels (default 2000)")

    plan = commands.add_parser("suggest", help="suggest points for a patient from a condition pack")
    plan.add_argument("--condition", default="sciatica", help="the condition pack (default sciatica)")
    plan.add_argument("--course", required=True, choices=COURSES, help="where the pain runs")
    plan.add_argument("--pattern", action="append", default=[], metavar="NAME", help="a TCM pattern (repeatable)")
    for flag in PATIENT_FLAGS:
        plan.add_argument(f"--{flag}", action="store_true", help=f"the patient is {flag.replace('-', ' ')}")
    plan.add_argument("--red-flag", action="append", default=[], metavar="ID", help="a red flag present (repeatable)")
    plan.add_argument("--json", action="store_true", help="print JSON")
    plan.add_argument("--pdf", type=Path, metavar="FILE.pdf", help="write the treatment sheet of the suggested plan")

    add_data_commands(commands)

    gui = commands.add_parser("gui", help="open the application window (the default)")
    gui.add_argument(
        "--exit-after-first-paint", action="store_true", help="quit once the window has drawn the map (start-up timing)"
    )

    shot = commands.add_parser("screenshot", help="save a picture of the window in a given state, without a display")
    shot.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png", help="where to save it")
    shot.add_argument("--view", choices=VIEWS, help="which map view to show")
    shot.add_argument("--point", metavar="CODE", help="select this point")
    shot.add_argument("--search", metavar="TEXT", help="type this into the search field")
    shot.add_argument("--size", default="1400x900", metavar="WxH", help="window size (default 1400x900)")
    shot.add_argument(
        "--study",
        choices=("walk", "locate", "name", "prescription", "pregnancy"),
        help="open the study panel: walking the channel at --point, or a quiz question on it",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Runs one command; every failure ends in one clear line on stderr and an exit code, never a traceback."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
        handler = _HANDLERS.get(args.command or "gui")
        assert handler is not None
        return handler(args)
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"acuviewer: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except (CatalogueError, UserDataError) as error:
        print(f"acuviewer: {error}", file=sys.stderr)
        return EXIT_NOT_FOUND
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as error:
        print(f"acuviewer: {error.strerror or error}: {error.filename or ''}".rstrip(": "), file=sys.stderr)
        return EXIT_NOT_FOUND


def gui_main() -> int:
    return main(["gui", *sys.argv[1:]])


def _open(args: argparse.Namespace) -> Repository:
    from acuviewer.catalogue.locate import default_catalogue

    return Repository.open(args.catalogue or default_catalogue())


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2) if args.json else text)


def _build_db(args: argparse.Namespace) -> int:
    from acuviewer.catalogue.build import build_catalogue
    from acuviewer.catalogue.locate import BUNDLED, development_sources

    source = args.source or development_sources()
    if source is None:
        raise UsageError("no db/ folder here: give --source DIR")
    output = args.output or BUNDLED
    problems = build_catalogue(source, output)
    for problem in problems:
        where = source / problem.file if problem.file else source
        detail = ": ".join(part for part in (problem.entry, problem.field, problem.message) if part)
        print(f"{where}: {detail}", file=sys.stderr)
    if problems:
        print(f"acuviewer: {len(problems)} problem(s); {output} was left as it was", file=sys.stderr)
        return EXIT_NOT_FOUND
    with Repository.open(output) as repo:
        print(f"built {output}: {len(repo.point_codes())} points in {len(repo.channels())} channels")
    return 0


def _point(args: argparse.Namespace) -> int:
    from acuviewer.catalogue.report import concept_text, point_dict, point_text

    with _open(args) as repo:
        point = repo.point(args.code)
        if point is not None:
            _emit(args, point_dict(point), point_text(point))
            return 0
        concept = repo.concept(args.code)
        if concept is not None:
            from dataclasses import asdict

            _emit(args, asdict(concept), concept_text(concept))
            return 0
    print(f"acuviewer: no point '{args.code}' in the catalogue (try 'acuviewer search')", file=sys.stderr)
    return EXIT_NOT_FOUND


def _search(args: argparse.Namespace) -> int:
    from acuviewer.catalogue.report import hits_dict, hits_text

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    with _open(args) as repo:
        hits = repo.search(args.text, args.limit)
    _emit(args, hits_dict(hits), hits_text(hits) if hits else "no match")
    return 0


def _meridian(args: argparse.Namespace) -> int:
    from acuviewer.catalogue.report import channel_dict, channel_text

    with _open(args) as repo:
        channel = repo.channel(args.code)
        if channel is None:
            known = ", ".join(c.code for c in repo.channels())
            print(f"acuviewer: no channel '{args.code}' in the catalogue (known: {known})", file=sys.stderr)
            return EXIT_NOT_FOUND
        points = [p for p in map(repo.point, channel.points) if p is not None]
    _emit(args, channel_dict(channel, points), channel_text(channel, points))
    return 0


def _codes(text: str) -> list[str]:
    return [c.strip() for c in text.split(",") if c.strip()]


def _render(args: argparse.Namespace) -> int:
    suffix = args.output.suffix.lower()
    if suffix not in (".svg", ".png"):
        raise UsageError(f"-o must end in .svg or .png, not '{args.output.name}'")
    if not 16 <= args.width <= 20000:
        raise UsageError("--width must be between 16 and 20000 pixels")
    with _open(args) as repo:
        highlight = []
        for code in _codes(args.highlight):
            resolved = repo.resolve(code)
            if resolved is None:
                raise UsageError(f"--highlight: no point '{code}' in the catalogue")
            highlight.append(resolved)
        known = {c.code for c in repo.channels()} | {EXTRA}
        channels = [c.upper() for c in _codes(args.channels)]
        unknown = [c for c in channels if c not in known]
        if unknown:
            raise UsageError(f"--channels: unknown {', '.join(unknown)} (known: {', '.join(sorted(known))})")
        points, segments = repo.points(), repo.segments()
    from acuviewer.bodymap.options import MapOptions
    from acuviewer.bodymap.render import render_svg

    options = MapOptions(args.view, args.labels, frozenset(highlight), frozenset(channels) or None, args.cautions)
    svg = render_svg(points, segments, options)
    if suffix == ".svg":
        args.output.write_text(svg, encoding="utf-8")
    else:
        from acuviewer.ui.raster import svg_to_png  # Qt only for PNG

        svg_to_png(svg, args.output, args.width)
    print(f"wrote {args.output}")
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from acuviewer.planner.report import suggestion_data, suggestion_text
    from acuviewer.planner.suggest import Request, RequestError, suggest

    with _open(args) as repo:
        condition = repo.condition(args.condition)
        if condition is None:
            known = ", ".join(i for i, _ in repo.conditions()) or "none"
            raise UsageError(f"no condition '{args.condition}' in the catalogue (known: {known})")
        flags = frozenset(f for f in PATIENT_FLAGS if getattr(args, f.replace("-", "_")))
        request = Request(args.course, tuple(args.pattern), flags, tuple(args.red_flag))
        points = {link.point: p for link in condition.links if (p := repo.point(link.point)) is not None}
        points.update({c: p for pair in condition.ea_pairs for c in pair.points if (p := repo.point(c)) is not None})
        try:
            suggestion = suggest(condition, request, points)
        except RequestError as error:
            raise UsageError(str(error)) from error
        sources = {s.id: s for s in repo.sources()}
        if args.pdf is not None:
            _sheet_pdf(repo, condition, suggestion, args.pdf)
    if args.pdf is None or args.json:
        _emit(args, suggestion_data(condition, suggestion, sources), suggestion_text(condition, suggestion))
    if args.pdf is not None:
        print(f"wrote {args.pdf}", file=sys.stderr if args.json else sys.stdout)  # with --json, stdout is JSON only
    return 0


def _sheet_pdf(repo: Repository, condition: Condition, suggestion: Suggestion, path: Path) -> None:
    if path.suffix.lower() != ".pdf":
        raise UsageError(f"--pdf must name a .pdf file, not '{path.name}'")
    from acuviewer.planner.plans import plan_from_suggestion
    from acuviewer.ui.fonts import load_fonts  # Qt only for the PDF
    from acuviewer.ui.headless import application
    from acuviewer.ui.plan_print import print_font, save_pdf, sheet_document

    app = application()  # kept until the PDF is written
    warning = load_fonts(app)
    if warning:
        print(f"acuviewer: warning: {warning}", file=sys.stderr)
    plan = plan_from_suggestion(f"{condition.name} — {suggestion.request.course} course", condition, suggestion)
    save_pdf(sheet_document(repo, plan, print_font(SHEET_POINT_SIZE)), path)


def _gui(args: argparse.Namespace) -> int:
    from acuviewer.ui.app import run  # Qt is imported only here

    return run(args.catalogue, exit_after_first_paint=getattr(args, "exit_after_first_paint", False))


def _size(text: str) -> tuple[int, int]:
    width, _, height = text.lower().partition("x")
    if not (width.isdigit() and height.isdigit()) or not (200 <= int(width) <= 8000 and 200 <= int(height) <= 8000):
        raise UsageError(f"--size must look like 1400x900, each side 200 to 8000 pixels, not '{text}'")
    return int(width), int(height)


def _screenshot(args: argparse.Namespace) -> int:
    if args.output.suffix.lower() != ".png":
        raise UsageError("the screenshot is saved as PNG: give an output file ending in .png")
    size = _size(args.size)
    if args.study and not args.point:
        raise UsageError("--study shows a point: give it with --point (for example --point BL37)")
    from acuviewer.ui.app import Shot, screenshot

    return screenshot(args.output, Shot(args.view, args.point, args.search, size, args.study), args.catalogue)


_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build-db": _build_db,
    "suggest": _suggest,
    **DATA_HANDLERS,
    "point": _point,
    "search": _search,
    "meridian": _meridian,
    "render": _render,
    "gui": _gui,
    "screenshot": _screenshot,
}
