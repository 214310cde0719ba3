"""Pre-rendered body maps: each view's SVG with every layer, and where each point sits on it.

The viewer opens from this file alone, so neither svgwrite nor the geometry is imported on the way to the first
painted window. The file sits beside the catalogue and is keyed on the catalogue's sources and on the drawing
code, so a change to either makes it stale.
"""

from __future__ import annotations

import json
import os
import zlib
from dataclasses import dataclass
from pathlib import Path

FORMAT = 1
BODYMAP_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Spot:
    """A drawn point: its code, side (L, R or M), position in the map's viewBox, and layer family."""

    code: str
    side: str
    x: float
    y: float
    family: str


@dataclass(frozen=True)
class MapBundle:
    view: str
    svg: str
    spots: tuple[Spot, ...]


def maps_path(catalogue: Path) -> Path:
    return catalogue.with_name(f"{catalogue.stem}.maps.json")


def maps_key(source_hash: str) -> str:
    """Changes when the catalogue's sources or any drawing module change.

    A CRC, not a cryptographic hash: this only tells a stale cache from a fresh one, and hashlib's OpenSSL start-up
    (about 4 ms) would be on the way to the first painted window.
    """
    crc = zlib.crc32(f"{FORMAT}:{source_hash}".encode())
    for module in sorted(BODYMAP_DIR.glob("*.py")):
        crc = zlib.crc32(module.name.encode() + b"\0" + module.read_bytes(), crc)
    return f"{FORMAT}-{source_hash}-{crc:08x}"


def read_maps(path: Path, key: str) -> dict[str, MapBundle] | None:
    """The saved maps, or None when the file is missing, damaged or made from other sources or code."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return {
            view: MapBundle(view, entry["svg"], tuple(Spot(*spot) for spot in entry["spots"]))
            for view, entry in data["views"].items()
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # any damage means "render again"; the file is a cache, never user data


def write_maps(path: Path, key: str, bundles: dict[str, MapBundle]) -> None:
    """Writes atomically (temporary file, then rename); raises OSError if the folder is not writable."""
    views = {
        view: {"svg": b.svg, "spots": [[s.code, s.side, s.x, s.y, s.family] for s in b.spots]}
        for view, b in bundles.items()
    }
    text = json.dumps({"key": key, "views": views}, ensure_ascii=False, sort_keys=True)
    import tempfile  # only when writing: keeps its imports off the viewer's start

    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".maps-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)  # mkstemp makes it private; the maps are as public as the catalogue
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
