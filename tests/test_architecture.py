"""The layering rule: only acuviewer/ui may import PySide6."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "acuviewer"


def _qt_imports(path: Path) -> list[int]:
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        if any(name == "PySide6" or name.startswith("PySide6.") for name in names):
            lines.append(node.lineno)
    return lines


def test_only_ui_imports_pyside6() -> None:
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "ui" not in path.relative_to(PACKAGE).parts[:1]
        for line in _qt_imports(path)
    ]
    assert offenders == []


def test_the_rule_catches_an_offender(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6.QtWidgets import QWidget\nimport PySide6\n")
    assert _qt_imports(bad) == [1, 2]


def test_ui_does_import_qt() -> None:
    assert any(_qt_imports(p) for p in (PACKAGE / "ui").rglob("*.py"))
