"""Which files the catalogue is built from, and a hash of them that tells when a built catalogue is stale.

Kept apart from the loader so that checking freshness at start (in a development checkout) does not import the
TOML parser or the validation code.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

FIXED_FILES = ("sources.toml", "channels.toml", "categories.toml", "landmarks.toml")
POINTS_DIR = "points"
CONDITIONS_DIR = "conditions"


def source_paths(db_dir: Path) -> list[Path]:
    """Every file the catalogue is built from, in a fixed order (so builds are reproducible)."""
    found = [sorted((db_dir / folder).glob("*.toml")) for folder in (POINTS_DIR, CONDITIONS_DIR)]
    return [db_dir / name for name in FIXED_FILES] + found[0] + found[1]


def fingerprint(db_dir: Path) -> str:
    """A hash of the sources' names and bytes: the built catalogue records it to tell when it is stale."""
    digest = hashlib.sha256()
    for path in source_paths(db_dir):
        digest.update(path.relative_to(db_dir).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")
        digest.update(b"\0")
    return digest.hexdigest()
