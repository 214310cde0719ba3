"""The installed package carries a built catalogue and the bundled fonts: an installed AcuViewer needs no build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from acuviewer.bodymap.bundle import maps_key, maps_path, read_maps
from acuviewer.catalogue.repository import Repository

ROOT = Path(__file__).resolve().parent.parent


def test_build_py_puts_a_catalogue_in_the_package(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    catalogue = tmp_path / "acuviewer" / "data" / "catalogue.sqlite"
    with Repository.open(catalogue) as repo:
        assert len(repo.point_codes()) >= 67 + 44
        maps = read_maps(maps_path(catalogue), maps_key(repo.source_hash()))
    assert maps is not None and set(maps) == {"posterior", "lateral", "anterior"}
    fonts = tmp_path / "acuviewer" / "data" / "fonts"
    for name in ("AcuViewerHanzi-Regular.otf", "OFL.txt"):
        assert (fonts / name).read_bytes() == (ROOT / "assets" / "fonts" / name).read_bytes(), name
