"""The installed package carries a built catalogue and the bundled fonts: an installed AcuViewer needs no build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
    with Repository.open(tmp_path / "acuviewer" / "data" / "catalogue.sqlite") as repo:
        assert len(repo.point_codes()) >= 67 + 44
    fonts = tmp_path / "acuviewer" / "data" / "fonts"
    for name in ("AcuViewerHanzi-Regular.otf", "OFL.txt"):
        assert (fonts / name).read_bytes() == (ROOT / "assets" / "fonts" / name).read_bytes(), name
