"""Shared fixtures: headless Qt, and catalogues built from the small fixture sources or from the real db/."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: tests never need a display

import shutil
from pathlib import Path

import pytest

from acuviewer.catalogue.build import build_catalogue

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_DB = Path(__file__).resolve().parent / "fixtures" / "db"
REAL_DB = ROOT / "db"


@pytest.fixture
def fixture_db(tmp_path: Path) -> Path:
    """A private, editable copy of the small fixture sources."""
    target = tmp_path / "db"
    shutil.copytree(FIXTURE_DB, target)
    return target


@pytest.fixture
def fixture_catalogue(fixture_db: Path, tmp_path: Path) -> Path:
    output = tmp_path / "fixture.sqlite"
    assert build_catalogue(fixture_db, output) == []
    return output


@pytest.fixture(scope="session")
def real_catalogue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("real") / "catalogue.sqlite"
    problems = build_catalogue(REAL_DB, output)
    assert problems == [], "\n".join(map(str, problems))
    return output
