"""Build hook: put a catalogue built from db/, its pre-rendered maps and the bundled fonts into the wheel."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogue(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return  # a checkout builds its catalogue on first use and reads fonts from assets/
        root = Path(__file__).resolve().parent
        sys.path.insert(0, str(root))
        from acuviewer.catalogue.build import build_catalogue

        target = Path(self.build_lib) / "acuviewer" / "data" / "catalogue.sqlite"
        target.parent.mkdir(parents=True, exist_ok=True)
        problems = build_catalogue(root / "db", target)
        if problems:
            raise SystemExit("catalogue sources do not validate:\n" + "\n".join(map(str, problems)))
        from acuviewer.bodymap.prerender import load_maps
        from acuviewer.catalogue.repository import Repository

        with Repository.open(target) as repo:
            load_maps(target, repo)  # the pre-rendered views, so the installed viewer opens without svgwrite

        assets = root / "assets" / "fonts"
        fonts = sorted(assets.glob("*.[ot]tf"))
        if not fonts or not (assets / "OFL.txt").is_file():
            raise SystemExit(f"{assets} lacks the hanzi font or its OFL.txt: run scripts/build_font.py")
        target_fonts = target.parent / "fonts"  # acuviewer.ui.fonts looks here first
        target_fonts.mkdir(exist_ok=True)
        for path in [*fonts, assets / "OFL.txt"]:
            shutil.copyfile(path, target_fonts / path.name)


setup(cmdclass={"build_py": BuildWithCatalogue})
