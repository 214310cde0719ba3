"""Finds the catalogue to open: the one shipped in the package, rebuilt first in a development checkout."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from acuviewer.catalogue.repository import CatalogueError

PACKAGE_DIR = Path(__file__).resolve().parent.parent
BUNDLED = PACKAGE_DIR / "data" / "catalogue.sqlite"


def development_sources() -> Path | None:
    """db/ beside the package when running from a checkout (not from an installed wheel)."""
    root = PACKAGE_DIR.parent
    db = root / "db"
    return db if (db / "sources.toml").is_file() and (root / "pyproject.toml").is_file() else None


def is_stale(catalogue: Path, db_dir: Path) -> bool:
    from acuviewer.catalogue.fingerprint import fingerprint  # the source walk only in a checkout

    if not catalogue.is_file():
        return True
    try:
        conn = sqlite3.connect(f"{catalogue.resolve().as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'source_hash'").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return True
    return row is None or row[0] != fingerprint(db_dir)


def default_catalogue() -> Path:
    """The bundled catalogue; in a checkout it is rebuilt first if db/ changed since it was built."""
    db_dir = development_sources()
    if db_dir is not None and is_stale(BUNDLED, db_dir):
        from acuviewer.catalogue.build import build_catalogue  # sqlite-utils only when a rebuild is needed

        problems = build_catalogue(db_dir, BUNDLED)
        if problems:
            listing = "\n".join(f"  {p}" for p in problems[:20])
            more = f"\n  … and {len(problems) - 20} more" if len(problems) > 20 else ""
            raise CatalogueError(f"The catalogue sources in {db_dir} do not validate:\n{listing}{more}")
    return BUNDLED
