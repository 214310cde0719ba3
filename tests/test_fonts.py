"""The bundled hanzi font: present with its licence, loaded by Qt, covering every hanzi of the real catalogue."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QFontInfo, QFontMetrics
from PySide6.QtWidgets import QApplication

from acuviewer.catalogue.validate import load_catalogue
from acuviewer.ui import fonts

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "assets" / "fonts"
REBUILD = "run .venv/bin/python scripts/build_font.py to rebuild the subset"


@pytest.fixture
def loaded(qapp: QApplication) -> Iterator[QApplication]:
    """The app with the bundled font loaded; the app font is put back afterwards for the other test modules."""
    before = qapp.font()
    assert fonts.load_fonts(qapp) is None
    yield qapp
    qapp.setFont(before)


def missing_characters(text: Iterable[str], family: str = fonts.HANZI_FAMILY) -> list[str]:
    """The characters of `text` that `family` itself has no glyph for, fallback fonts not counted."""
    font = QFont(family)
    # Without this, Qt answers for its fallback fonts too, and a system CJK font would hide a gap in the subset.
    font.setStyleStrategy(QFont.StyleStrategy.NoFontMerging)
    resolved = QFontInfo(font).family()
    assert resolved == family, f"Qt substituted {resolved} for {family}: the check would not test {family}"
    metrics = QFontMetrics(font)
    return sorted({ch for ch in text if not metrics.inFontUcs4(ord(ch))})


def catalogue_hanzi() -> str:
    catalogue, problems = load_catalogue(ROOT / "db")
    assert catalogue is not None, "\n".join(map(str, problems))
    fields = [(n.hanzi, n.hanzi_traditional) for n in catalogue.points]
    fields += [(n.hanzi, n.hanzi_traditional) for n in catalogue.channels]
    fields += [(n.hanzi, n.hanzi_traditional) for n in catalogue.concepts]
    return "".join(simplified + traditional for simplified, traditional in fields)


def test_the_font_and_its_licence_are_in_the_checkout() -> None:
    assert (ASSETS / fonts.HANZI_FILE).stat().st_size > 10_000
    licence = (ASSETS / fonts.LICENCE_FILE).read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "Copyright 2014-2021 Adobe" in licence
    assert fonts.font_path() == ASSETS / fonts.HANZI_FILE  # no installed copy inside a checkout


def test_font_path_prefers_the_installed_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    installed = tmp_path / "installed"
    installed.mkdir()
    (installed / fonts.HANZI_FILE).write_bytes(b"font")
    monkeypatch.setattr(fonts, "INSTALLED_FONTS", installed)
    assert fonts.font_path() == installed / fonts.HANZI_FILE
    monkeypatch.setattr(fonts, "INSTALLED_FONTS", tmp_path / "none")
    monkeypatch.setattr(fonts, "CHECKOUT_FONTS", tmp_path / "none")
    assert fonts.font_path() is None


def test_loading_registers_the_hanzi_family(loaded: QApplication) -> None:
    assert fonts.HANZI_FAMILY in QFontDatabase.families()


def test_every_catalogue_hanzi_is_in_the_bundled_font(loaded: QApplication) -> None:
    hanzi = catalogue_hanzi()
    assert len(set(hanzi)) > 200
    missing = missing_characters(hanzi + "、。「」（）：；，")
    assert missing == [], f"the bundled font lacks {''.join(missing)}: {REBUILD}"


def test_the_coverage_check_sees_gaps(loaded: QApplication) -> None:
    # 龘 is in no catalogue entry, and the subset has no Latin: both must be reported even with system fonts present.
    assert missing_characters("委中龘7A") == ["7", "A", "龘"]
    with pytest.raises(AssertionError, match="substituted"):
        missing_characters("委", family="No Such Family AcuViewer")


def test_the_app_font_puts_latin_first_and_keeps_its_size(qapp: QApplication) -> None:
    before = qapp.font()
    try:
        assert fonts.load_fonts(qapp) is None
        font = qapp.font()
        first, *rest = font.families()
        assert rest == [fonts.HANZI_FAMILY]
        assert first != fonts.HANZI_FAMILY
        assert missing_characters("0123456789AZaz", family=QFontInfo(QFont(first)).family()) == []
        assert font.pointSizeF() == before.pointSizeF()
        assert fonts.load_fonts(qapp) is None  # a second call changes nothing
        assert qapp.font().families() == [first, fonts.HANZI_FAMILY]
        assert fonts.families() == [first, fonts.HANZI_FAMILY]
    finally:
        qapp.setFont(before)


@pytest.mark.parametrize(("content", "word"), [(None, "missing"), (b"\x00garbage, not a font" * 50, "damaged")])
def test_a_missing_or_damaged_font_gives_a_warning(
    qapp: QApplication, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes | None, word: str
) -> None:
    path = tmp_path / fonts.HANZI_FILE
    if content is not None:
        path.write_bytes(content)
    monkeypatch.setattr(fonts, "font_path", lambda: path)
    before = qapp.font()
    warning = fonts.load_fonts(qapp)
    assert warning is not None
    assert warning.startswith("Chinese characters may show as boxes")
    assert word in warning
    assert qapp.font() == before
