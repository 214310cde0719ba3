"""Where the practitioner's data file and its backups live."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

# ACUVIEWER_DATA_DIR replaces the platform's data folder: tests point it at a temporary folder so they never
# touch a real practitioner's data, and a portable install (e.g. on a USB stick) keeps its data beside itself.
DATA_DIR_VARIABLE = "ACUVIEWER_DATA_DIR"


def default_data_dir() -> Path:
    override = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir("AcuViewer", "AcuViewer"))


def store_path(data_dir: Path) -> Path:
    return data_dir / "userdata.sqlite"


def backup_dir(data_dir: Path) -> Path:
    return data_dir / "backups"
