"""Finds the fonts bundled with AcuViewer and registers them with Qt, so hanzi never render as boxes."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication

HANZI_FAMILY = "AcuViewer Hanzi"
HANZI_FILE = "AcuViewerHanzi-Regular.otf"
LICENCE_FILE = "OFL.txt"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
INSTALLED_FONTS = PACKAGE_DIR / "data" / "fonts"  # put there by setup.py, beside data/catalogue.sqlite
CHECKOUT_FONTS = PACKAGE_DIR.parent / "assets" / "fonts"  # the committed asset, in a development checkout

_loaded: dict[Path, int] = {}  # font file -> Qt's application font id; Qt would register a file twice


def font_path() -> Path | None:
    """The bundled hanzi font: the installed package's copy first, else the checkout's; None when neither exists."""
    for folder in (INSTALLED_FONTS, CHECKOUT_FONTS):
        for name in (HANZI_FILE, Path(HANZI_FILE).with_suffix(".ttf").name):  # .ttf if rebuilt from a TrueType source
            candidate = folder / name
            if candidate.is_file():
                return candidate
    return None


def families(latin: str | None = None) -> list[str]:
    """The family list for any QFont that may show hanzi (labels, cards, PDF): a Latin family, then the hanzi one.

    The Latin family goes first because the hanzi subset has no digits or Latin letters, and a PDF text layer
    written with it first loses them. `latin` defaults to the platform's general font; needs a QGuiApplication.
    """
    if not latin or latin == HANZI_FAMILY:
        latin = QFontDatabase.systemFont(QFontDatabase.SystemFont.GeneralFont).family()
    return [latin, HANZI_FAMILY]


def load_fonts(app: QGuiApplication) -> str | None:
    """Registers the bundled hanzi font and makes the application font fall back to it, keeping its size.

    Returns None on success, or a one-line warning for the user when the font is missing or damaged; never raises,
    because the app is still usable (hanzi then depend on the system's fonts).
    """
    path = font_path()
    if path is None or not path.is_file():
        return f"Chinese characters may show as boxes: the bundled font {HANZI_FILE} is missing."
    try:
        font_id = _loaded.get(path)
        if font_id is None:
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0 or HANZI_FAMILY not in QFontDatabase.applicationFontFamilies(font_id):
                if font_id >= 0:
                    QFontDatabase.removeApplicationFont(font_id)
                return f"Chinese characters may show as boxes: the bundled font {path} is damaged."
            _loaded[path] = font_id
        font = app.font()
        font.setFamilies(families(font.family()))  # family() is the first of the list, so a second call is a no-op
        app.setFont(font)
    except (OSError, RuntimeError) as error:  # an unreadable file, or Qt refusing: still only a warning
        return f"Chinese characters may show as boxes: the bundled font {path} could not be loaded ({error})."
    return None
