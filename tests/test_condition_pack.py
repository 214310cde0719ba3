"""Condition packs in db/conditions: validated at build time, stored whole, read back equal; and the real sciatica
pack holds what the brief asks for."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from acuviewer.catalogue.build import build_catalogue
from acuviewer.catalogue.model import COURSES, PATIENT_FLAGS
from acuviewer.catalogue.repository import Repository
from acuviewer.catalogue.validate import load_catalogue

SMALL = """
[condition]
id = "test-pain"
name = "Test pain"
summary = "A made-up condition for the tests."
source = "who2008"

[session]
visit_minutes = [30, 60]
retention_acute = [18, 22]
retention_later = [22, 25]
per_week_acute = [2, 3]
course_visits = [8, 12]
source = "deadman2007"

[[course]]
id = "posterior"
name = "Back"
channels = ["BL"]
felt = "Down the back of the leg."
roots = ["S1"]
source = "who2008"

[[course]]
id = "lateral"
name = "Side"
channels = ["GB"]
felt = "Down the side of the leg."
roots = ["L5"]
source = "who2008"

[[course]]
id = "mixed"
name = "Both"
channels = ["BL", "GB"]
felt = "Both."
roots = []
source = "who2008"

[[pattern]]
id = "cold-damp"
name = "Cold-damp"
signs = ["worse in cold weather"]
source = "deadman2007"

[[red_flag]]
id = "fever"
name = "Fever"
text = "Fever with the back pain."
source = "who2008"

[[link]]
point = "GB30"
role = "local"
courses = ["posterior", "lateral", "mixed"]
patterns = []
rationale = "Crossing point."
needling = "Deep."
core = true
source = "deadman2007"

[[link]]
point = "BL40"
role = "pattern"
courses = ["posterior", "mixed"]
patterns = ["cold-damp"]
technique = "moxa"
rationale = "Warms."
needling = "Shallow."
source = "deadman2007"

[[ea_pair]]
id = "trunk"
kind = "trunk"
points = ["GB30", "GB34"]
courses = ["lateral"]
note = "Leads on the two points."
source = "deadman2007"

[[safety]]
id = "pacemaker"
flag = "pacemaker"
text = "No electroacupuncture with a pacemaker."
source = "who2008"

[[handout]]
section = "session"
text = "You lie down; thin needles stay in for a while."
source = "who2008"
"""


def _write(db: Path, text: str) -> None:
    (db / "conditions").mkdir(exist_ok=True)
    (db / "conditions" / "test-pain.toml").write_text(text, encoding="utf-8")


def test_a_condition_is_built_and_read_back_whole(fixture_db: Path, tmp_path: Path) -> None:
    _write(fixture_db, SMALL)
    catalogue, problems = load_catalogue(fixture_db)
    assert problems == [] and catalogue is not None
    output = tmp_path / "c.sqlite"
    assert build_catalogue(fixture_db, output) == []
    with Repository.open(output) as repo:
        assert repo.conditions() == [("test-pain", "Test pain")]
        assert repo.condition("test-pain") == catalogue.conditions[0]
        assert repo.condition("nothing") is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('point = "GB30"', 'point = "GB99"', "link GB99: point: unknown point 'GB99'"),
        ('source = "deadman2007"\n\n[[link]]', 'source = "nobody"\n\n[[link]]', "unknown source 'nobody'"),
        ('role = "local"', 'role = "nearby"', "role: 'nearby' is not one of"),
        ('patterns = ["cold-damp"]', 'patterns = ["hot-damp"]', "unknown pattern 'hot-damp'"),
        ('courses = ["lateral"]', 'courses = ["front"]', "courses: 'front' is not one of"),
        ('points = ["GB30", "GB34"]', 'points = ["GB30", "GB30"]', "joins two different points"),
        ('technique = "moxa"', 'technique = "laser"', "technique: 'laser' is not one of"),
        ('flag = "pacemaker"', 'flag = "tall"', "flag: 'tall' is not one of"),
        ("retention_acute = [18, 22]", "retention_acute = [22, 18]", "low first"),
        ('id = "mixed"', 'id = "front"', "missing course(s): mixed"),
        ('section = "session"', 'section = "gossip"', "section: 'gossip' is not one of"),
        ('needling = "Deep."\n', "needling = \"Deep.\"\nneedle = 'typo'\n", "needle: unknown field (a typo?)"),
        ('patterns = ["cold-damp"]', "patterns = []", "a pattern add-on names its patterns"),
    ],
)
def test_each_kind_of_mistake_is_reported_where_it_is(fixture_db: Path, old: str, new: str, message: str) -> None:
    assert old in SMALL
    _write(fixture_db, SMALL.replace(old, new, 1))
    catalogue, problems = load_catalogue(fixture_db)
    assert catalogue is None
    text = "\n".join(map(str, problems))
    assert message in text
    assert "conditions/test-pain.toml" in text


def test_an_alternative_must_name_a_linked_point(fixture_db: Path) -> None:
    extra = '\n[[link]]\npoint = "GB34"\nrole = "local"\ncourses = ["lateral"]\npatterns = []\n'
    extra += 'alternative_to = "BL36"\nrationale = "r"\nneedling = "n"\nsource = "who2008"\n'
    _write(fixture_db, SMALL + extra)
    _, problems = load_catalogue(fixture_db)
    assert "no link to 'BL36' with the same patterns" in "\n".join(map(str, problems))


# --- the real pack ----------------------------------------------------------------------------------------------
BLADDER_TYPE = {"GB30", "GB34", "BL54", "BL36", "BL37", "BL40", "BL57", "BL60"}
GALLBLADDER_TYPE = {"GB30", "GB34", "GB31", "GB33", "GB38", "GB39", "GB41"}


def test_the_sciatica_pack_has_the_textbook_prescriptions_and_add_ons(real_catalogue: Path) -> None:
    with Repository.open(real_catalogue) as repo:
        sciatica = repo.condition("sciatica")
    assert sciatica is not None
    course_links = [link for link in sciatica.links if link.role != "pattern"]
    assert {link.point for link in course_links if "posterior" in link.courses} >= BLADDER_TYPE
    assert {link.point for link in course_links if "lateral" in link.courses} >= GALLBLADDER_TYPE
    assert not {link.point for link in course_links if "lateral" in link.courses} & (BLADDER_TYPE - GALLBLADDER_TYPE)
    by_pattern = {p.id: {link.point for link in sciatica.links if p.id in link.patterns} for p in sciatica.patterns}
    assert by_pattern["cold-damp"] >= {"GV3", "BL25"}
    assert by_pattern["qi-blood-stasis"] >= {"BL17", "BL40", "LR3", "LI4"}
    assert by_pattern["kidney-deficiency"] >= {"BL23", "KI3", "KI4", "ST36"}
    assert by_pattern["qi-blood-deficiency"] >= {"ST36", "SP6"}
    assert any(link.point == "BL40" and link.technique == "bleeding" for link in sciatica.links)
    assert {c.id for c in sciatica.courses} == set(COURSES)
    assert {r.key for r in sciatica.roots} == {"L4", "L5", "S1"}
    assert len(sciatica.red_flags) >= 7
    assert {p.kind for p in sciatica.ea_pairs} == {"root", "trunk"}
    assert {f.flag for f in sciatica.safety} >= set(PATIENT_FLAGS) - {"needle-shy"}
    assert {h.key for h in sciatica.handout} == {"session", "course", "sensations", "self-care", "see-a-doctor"}


def _suggest(*args: str) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-m", "acuviewer", "suggest", "--json", *args], capture_output=True, text=True, check=True
    )
    data: dict[str, object] = json.loads(done.stdout)
    return data


def test_suggest_command_gives_the_json_the_issue_describes() -> None:
    data = _suggest("--course", "posterior", "--pregnant")
    assert set(data) >= {"points", "excluded", "warnings", "session", "sources"}
    points = data["points"]
    assert isinstance(points, list) and points
    assert set(points[0]) >= {"code", "role", "reason", "cautions"}
    codes = {p["code"] for p in points}
    assert "BL60" not in codes  # contraindicated in pregnancy
    assert {"code": "BL60", "reason": "contraindicated in pregnancy"} in data["excluded"]  # type: ignore[operator]
    assert "GB30" in codes and "BL40" in codes


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["--course", "front"], "invalid choice: 'front'"),
        (["--course", "lateral", "--pattern", "hot"], "Unknown pattern 'hot'; choose from: cold-damp"),
        (["--course", "mixed", "--red-flag", "x"], "Unknown red flag 'x'; choose from: "),
        (["--course", "mixed", "--condition", "gout"], "no condition 'gout' in the catalogue (known: sciatica)"),
    ],
)
def test_suggest_command_refuses_bad_input_in_one_line(args: list[str], said: str) -> None:
    done = subprocess.run([sys.executable, "-m", "acuviewer", "suggest", *args], capture_output=True, text=True)
    assert done.returncode == 2, done.stderr
    assert said in done.stderr
    assert "Traceback" not in done.stderr
