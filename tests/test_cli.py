"""The command line: exit codes, JSON shapes, clear one-line errors and no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from acuviewer.cli import main

POINT_KEYS = {
    "code",
    "meridian",
    "number",
    "pinyin",
    "pinyin_toned",
    "hanzi",
    "hanzi_traditional",
    "english",
    "aliases",
    "location",
    "needling",
    "categories",
    "actions",
    "indications",
    "cautions",
}


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_point_json(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "point", "bl-40", "--json")
    data = json.loads(out)
    assert code == 0 and set(data) >= POINT_KEYS
    assert (data["code"], data["meridian"], data["number"], data["hanzi"]) == ("BL40", "BL", 40, "委中")
    assert data["cautions"] == [
        {
            "kind": "vessel",
            "strength": "caution",
            "note": "Popliteal artery and vein lie deep.",
            "source": "deadman2007",
        }
    ]


def test_point_text_shows_cautions_first(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "point", "BL40")
    assert code == 0
    assert out.index("CAUTION") < out.index("Location:")


def test_unknown_code_is_one_line_and_exit_1(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, err = _run(capsys, "--catalogue", str(fixture_catalogue), "point", "XX999")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1 and "no point 'XX999'" in err


def test_search_json(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "search", "wei zhong", "--json")
    hits = json.loads(out)
    assert code == 0 and hits[0] == {
        "code": "BL40",
        "pinyin": "Wěizhōng",
        "hanzi": "委中",
        "english": "Bend Middle",
        "matched": "pinyin: Weizhong",
    }
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "search", "GB", "--limit", "1", "--json")
    assert [h["code"] for h in json.loads(out)] == ["GB30"]


def test_search_with_no_match(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "search", "qqqq", "--json")
    assert (code, json.loads(out)) == (0, [])


def test_meridian(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path) -> None:
    code, out, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "meridian", "bl", "--json")
    data = json.loads(out)
    assert code == 0 and [p["code"] for p in data["points"]] == ["BL36", "BL40"]
    code, _, err = _run(capsys, "--catalogue", str(fixture_catalogue), "meridian", "ZZ")
    assert code == 1 and "no channel 'ZZ'" in err


@pytest.mark.parametrize(
    "args",
    [
        ["point"],
        ["nonsense"],
        ["search", "x", "--limit", "0"],
        ["search", "x", "--limit", "many"],
        ["point", "BL40", "--bogus"],
    ],
)
def test_wrong_usage_exits_2(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path, args: list[str]) -> None:
    try:
        code = main(["--catalogue", str(fixture_catalogue), *args])
    except SystemExit as exit_info:  # argparse exits by itself; our own usage checks return 2
        code = exit_info.code  # type: ignore[assignment]
    assert code == 2
    assert "Traceback" not in capsys.readouterr().err


def test_bad_catalogue_is_a_clear_message(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not a database")
    code, _, err = _run(capsys, "--catalogue", str(junk), "point", "BL40")
    assert code == 1 and "damaged or not a catalogue" in err and "Traceback" not in err


def test_build_db_reports_problems_and_keeps_the_old_file(
    capsys: pytest.CaptureFixture[str], fixture_db: Path, tmp_path: Path
) -> None:
    output = tmp_path / "out.sqlite"
    code, out, _ = _run(capsys, "build-db", "--source", str(fixture_db), "--output", str(output))
    assert code == 0 and "4 points in 2 channels" in out
    before = output.read_bytes()
    bl = fixture_db / "points" / "BL.toml"
    bl.write_text(bl.read_text("utf-8").replace("number = 36", "number = 3.5"), "utf-8")
    code, _, err = _run(capsys, "build-db", "--source", str(fixture_db), "--output", str(output))
    assert code == 1
    assert f"{fixture_db}/points/BL.toml: BL36: number: bad number: 3.5 is not a whole number" in err
    assert "was left as it was" in err and output.read_bytes() == before


def test_module_entry_point_runs(fixture_catalogue: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "acuviewer", "--catalogue", str(fixture_catalogue), "point", "gb30", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0 and json.loads(result.stdout)["code"] == "GB30"


def test_render_svg_and_png(capsys: pytest.CaptureFixture[str], fixture_catalogue: Path, tmp_path: Path) -> None:
    svg = tmp_path / "map.svg"
    code, _out, _ = _run(
        capsys,
        "--catalogue",
        str(fixture_catalogue),
        "render",
        "--view",
        "posterior",
        "-o",
        str(svg),
        "--highlight",
        "bl-40",
        "--cautions",
        "--labels",
        "pinyin",
    )
    assert code == 0 and svg.read_text("utf-8").startswith("<svg") and "hl-BL40-L" in svg.read_text("utf-8")
    png = tmp_path / "map.png"
    code, _, _ = _run(capsys, "--catalogue", str(fixture_catalogue), "render", "-o", str(png), "--width", "300")
    header = png.read_bytes()[:24]
    assert code == 0 and header[:8] == b"\x89PNG\r\n\x1a\n"
    assert int.from_bytes(header[16:20], "big") == 300 and int.from_bytes(header[20:24], "big") == 600


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--view", "top"], "invalid choice"),
        (["--labels", "latin"], "invalid choice"),
        (["--highlight", "XX1"], "no point 'XX1'"),
        (["--channels", "BL,ZZ"], "unknown ZZ"),
        (["--width", "0"], "--width"),
        (["-o", "map.jpg"], "must end in .svg or .png"),
    ],
)
def test_render_bad_arguments_exit_2(
    capsys: pytest.CaptureFixture[str], fixture_catalogue: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    full = ["--catalogue", str(fixture_catalogue), "render", "-o", str(tmp_path / "m.svg"), *args]
    try:
        code = main(full)
    except SystemExit as exit_info:
        code = exit_info.code  # type: ignore[assignment]
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err
