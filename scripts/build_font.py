"""Builds assets/fonts/AcuViewerHanzi-Regular.otf: the CJK characters of db/ cut from Noto Sans CJK SC, renamed.

Run from anywhere: `.venv/bin/python scripts/build_font.py [--source PATH] [--db DIR] [--output FILE]`.
The source is the Noto Sans CJK collection from Debian's fonts-noto-cjk package (SIL OFL 1.1). The subset is
renamed "AcuViewer Hanzi" because the OFL asks that a modified font not present itself under the original name;
the copyright notice and the licence fields stay. Same source and same db/ give the same bytes.
"""

from __future__ import annotations

import argparse
import io
import sys
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont, TTLibError

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
DEFAULT_DB = ROOT / "db"
DEFAULT_OUTPUT = ROOT / "assets" / "fonts" / "AcuViewerHanzi-Regular.otf"
SOURCE_FAMILY = "Noto Sans CJK SC"
GET_SOURCE = "install it with: apt-get install -y --no-install-recommends fonts-noto-cjk (or pass --source PATH)"

FAMILY = "AcuViewer Hanzi"
STYLE = "Regular"
POSTSCRIPT_NAME = "AcuViewerHanzi-Regular"
# Punctuation the UI itself may put between hanzi even when no catalogue entry uses it yet, and the two spaces
# (a font without a space glyph shows a box for it wherever Qt is told not to fall back to another font).
EXTRA_CHARACTERS = "、。「」（）：；， \u3000"
CJK_RANGES = (
    (0x2E80, 0x2FDF),  # CJK Radicals Supplement, Kangxi Radicals
    (0x3000, 0x303F),  # CJK Symbols and Punctuation
    (0x3400, 0x4DBF),  # CJK Unified Ideographs Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE30, 0xFE4F),  # CJK Compatibility Forms
    (0xFF00, 0xFFEF),  # Halfwidth and Fullwidth Forms
    (0x20000, 0x3134F),  # Extensions B to G
    (0x2F800, 0x2FA1F),  # CJK Compatibility Ideographs Supplement
)
# Horizontal text only, so no vertical metrics; no OpenType layout either: the SC face's cmap already maps to
# the simplified-Chinese glyph forms, and without GSUB a Japanese or Korean system locale cannot swap them ('locl').
DROP_TABLES = ["BASE", "GDEF", "GSUB", "GPOS", "JSTF", "VORG", "vhea", "vmtx", "DSIG"]
# Name records kept from the source: copyright (0), trademark (7), manufacturer (8), designer (9), licence (13, 14);
# the family and version records (1-6, 16, 17) are rewritten below.
NAME_IDS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 16, 17]


def is_cjk(ch: str) -> bool:
    code = ord(ch)
    return any(low <= code <= high for low, high in CJK_RANGES)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def catalogue_characters(db_dir: Path) -> set[str]:
    """Every CJK character in any string (keys excepted) of db/**/*.toml."""
    found: set[str] = set()
    for path in sorted(db_dir.rglob("*.toml")):
        with path.open("rb") as handle:
            data = tomllib.load(handle)
        for text in _strings(data):
            found.update(ch for ch in text if is_cjk(ch))
    return found


def open_face(source: Path, family: str = SOURCE_FAMILY) -> TTFont:
    """The face of a collection (or single font) whose family name (name ID 16, else 1) is `family`."""
    if source.suffix.lower() in (".ttc", ".otc"):
        faces: Iterable[TTFont] = TTCollection(str(source)).fonts
    else:
        faces = [TTFont(str(source))]
    names = []
    for face in faces:
        name = face["name"].getDebugName(16) or face["name"].getDebugName(1)
        if name == family:
            return face
        names.append(str(name))
    raise LookupError(f"no face named '{family}' (it holds: {', '.join(names)})")


def _rename(font: TTFont, source_version: str) -> None:
    """Gives the subset its own name everywhere a font name appears: the name table and the CFF table."""
    name = font["name"]
    for record in list(name.names):
        if record.nameID in (1, 2, 3, 4, 5, 6, 16, 17):
            name.removeNames(nameID=record.nameID)
    version = source_version.split(";")[0].strip()  # "Version 2.004"
    for name_id, value in (
        (1, FAMILY),
        (2, STYLE),
        (3, f"{version.removeprefix('Version ')};{POSTSCRIPT_NAME}"),
        (4, FAMILY),  # like the source: a Regular's full name is its family
        (5, f"{version}; subset of {SOURCE_FAMILY} for AcuViewer"),
        (6, POSTSCRIPT_NAME),
        (16, FAMILY),
        (17, STYLE),
    ):
        name.setName(value, name_id, 3, 1, 0x409)  # Windows, Unicode BMP, English (US): read by every platform
    if "CFF " in font:
        cff = font["CFF "].cff
        old = cff.fontNames[0]
        cff.fontNames = [POSTSCRIPT_NAME]
        top = cff.topDictIndex[0]
        top.FullName = name.getDebugName(4)
        top.FamilyName = FAMILY
        for fd in getattr(top, "FDArray", None) or []:
            if getattr(fd, "FontName", "").startswith(old):
                fd.FontName = POSTSCRIPT_NAME + fd.FontName[len(old) :]


def build(source: Path, db_dir: Path, output: Path) -> tuple[Path, int, int]:
    """Writes the subset to `output` (.ttf instead of .otf for TrueType outlines); returns (path, characters, bytes)."""
    characters = sorted(catalogue_characters(db_dir) | set(EXTRA_CHARACTERS))
    font = open_face(source)
    source_version = font["name"].getDebugName(5) or "Version unknown"
    modified = font["head"].modified  # a fixed value from the source, never the clock: reproducible bytes

    options = subset.Options()
    options.hinting = False
    options.desubroutinize = False
    options.layout_features = []
    options.drop_tables = sorted(set(options.drop_tables) | set(DROP_TABLES))
    options.name_IDs = NAME_IDS
    options.name_languages = [0x409]  # the Chinese-language records would still say "Noto Sans CJK SC"
    options.notdef_outline = True
    options.recalc_timestamp = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(ch) for ch in characters])
    subsetter.subset(font)

    missing = [ch for ch in characters if ord(ch) not in font.getBestCmap()]
    if missing:
        raise LookupError(f"{SOURCE_FAMILY} has no glyph for: {''.join(missing)}")
    _rename(font, source_version)
    font["head"].modified = modified
    font.recalcTimestamp = False

    if "glyf" in font and output.suffix.lower() == ".otf":
        output = output.with_suffix(".ttf")  # a TrueType-flavoured source gives a TrueType subset
    buffer = io.BytesIO()
    font.save(buffer, reorderTables=True)
    data = buffer.getvalue()
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_bytes(data)
    return output, len(characters), len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help=f"Noto Sans CJK (default {DEFAULT_SOURCE})")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help="the catalogue sources (default db/)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the font to write")
    args = parser.parse_args(argv)
    if not args.source.is_file():
        print(f"build_font: source font {args.source} not found; {GET_SOURCE}", file=sys.stderr)
        return 1
    try:
        output, count, size = build(args.source, args.db, args.output)
    except (LookupError, TTLibError, OSError) as error:
        print(f"build_font: {args.source}: {error}", file=sys.stderr)
        return 1
    print(f"{output}: {count} characters, {size / 1024:.1f} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
