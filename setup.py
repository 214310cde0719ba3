"""Build hook: put a catalogue built from db/ into the wheel, so an installed AcuViewer needs no build step."""

from __future__ import annotations

import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogue(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # a development checkout builds its catalogue on first use (acuviewer.catalogue.locate)
        root = Path(__file__).resolve().parent
        sys.path.insert(0, str(root))
        from acuviewer.catalogue.build import build_catalogue

        target = Path(self.build_lib) / "acuviewer" / "data" / "catalogue.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        problems = build_catalogue(root / "db", target)
        if problems:
            raise SystemExit("catalogue sources do not validate:\n" + "\n".join(map(str, problems)))


setup(cmdclass={"build_py": BuildWithCatalogue})
