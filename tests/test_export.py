"""File menu output: the view as SVG and PNG, the point card as PDF, and the screenshot command."""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QImage

from acuviewer.cli import main
from acuviewer.ui import commands
from acuviewer.ui.main_window import MainWindow


def _ids(path: Path) -> set[str]:
    return {e.get("id", "") for e in ET.parse(path).iter()}


def test_export_svg_follows_the_view_the_layers_and_the_selection(window: MainWindow, tmp_path: Path) -> None:
    window.select_point("BL40")
    window.show_view("posterior")
    window.toggle_layer("GB", False)
    path = tmp_path / "view.svg"
    commands.export_view(window, path)
    ids = _ids(path)
    assert {"pt-BL40-L", "pt-BL40-R", "hl-BL40-L"} <= ids
    assert not any(i.startswith("pt-GB") for i in ids)  # hidden layer, not exported
    window.toggle_layer("labels", False)
    commands.export_view(window, path)
    assert not any(i.startswith("label-") for i in _ids(path))


def test_export_png_is_a_picture_of_the_view(window: MainWindow, tmp_path: Path) -> None:
    window.show_view("lateral")
    path = tmp_path / "view.png"
    commands.export_view(window, path)
    image = QImage(str(path))
    assert image.width() == 2400 and image.height() == 4800


def test_export_refuses_unknown_formats_and_unwritable_paths(window: MainWindow, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"\.svg or \.png"):
        commands.export_view(window, tmp_path / "view.gif")
    with pytest.raises(OSError):
        commands.export_view(window, tmp_path / "missing-folder" / "view.svg")


def test_point_card_pdf_has_the_point_and_readable_digits(window: MainWindow, tmp_path: Path) -> None:
    window.select_point("GB30")
    path = tmp_path / "card.pdf"
    commands.save_card_pdf(window, path)
    assert path.read_bytes().startswith(b"%PDF")
    reader = PdfReader(path)
    assert len(reader.pages) >= 1
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "GB30" in text and "Jumping Circle" in text and "CAUTION" in text
    assert "2–3.5 cun" in text  # digits survive in the PDF's text layer (Latin font first)
    assert reader.pages[0].images, "the map crop is on the card"


def test_point_card_needs_a_selection_and_a_writable_place(window: MainWindow, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="select a point"):
        commands.save_card_pdf(window, tmp_path / "card.pdf")
    window.select_point("BL40")
    with pytest.raises(OSError):
        commands.save_card_pdf(window, tmp_path / "missing-folder" / "card.pdf")


def test_screenshot_command_saves_the_window(real_catalogue: Path, tmp_path: Path) -> None:
    out = tmp_path / "window.png"
    code = main(
        ["--catalogue", str(real_catalogue), "screenshot", "-o", str(out), "--point", "bl40", "--size", "1000x700"]
    )
    assert code == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1000, 700)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--size", "big"], 2, "--size must look like"),
        (["--point", "XX99"], 1, "No point 'XX99'"),
    ],
)
def test_screenshot_bad_input_is_a_clear_message(
    real_catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], code: int, message: str
) -> None:
    out = tmp_path / "w.png"
    assert main(["--catalogue", str(real_catalogue), "screenshot", "-o", str(out), *args]) == code
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_gui_exits_after_first_paint(real_catalogue: Path, tmp_path: Path) -> None:
    env = {"QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    result = subprocess.run(
        [sys.executable, "-m", "acuviewer", "--catalogue", str(real_catalogue), "gui", "--exit-after-first-paint"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**env, "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.splitlines() == ["first paint"]  # the line the start-up benchmark times


def test_dialogs_add_the_suffix_and_report_failures(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chosen: list[str] = []
    warnings: list[str] = []
    monkeypatch.setattr(commands.QFileDialog, "getSaveFileName", lambda *a: (chosen.pop(0), ""))
    monkeypatch.setattr(commands.QMessageBox, "warning", lambda _w, _t, text: warnings.append(text))
    chosen.append(str(tmp_path / "figure"))  # typed without a suffix
    commands.export_view_dialog(window, ".svg")
    assert (tmp_path / "figure.svg").is_file() and not warnings
    window.select_point("BL40")
    chosen.append(str(tmp_path / "no-such-folder" / "card.pdf"))
    commands.save_card_dialog(window)
    assert len(warnings) == 1 and "could not write" in warnings[0]  # a message box, not a traceback
