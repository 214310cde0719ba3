"""Every suggestion rule and exclusion, on a small made-up condition whose every link is known."""

from __future__ import annotations

import pytest

from acuviewer.catalogue.condition import Condition, Course, EaPair, Fact, Link, Pattern, Range, SessionDefaults
from acuviewer.catalogue.model import Caution, Needling, Point
from acuviewer.planner.suggest import Request, RequestError, suggest


def _point(code: str, *cautions: Caution) -> Point:
    return Point(
        code, code[:2], None, code, code, "", "", code, (), "", "s", Needling("", 0, 1, "", "s"), (), "s", (), "s", (),
        cautions, (),
    )  # fmt: skip


def _link(point: str, role: str, courses: tuple[str, ...], **kw: object) -> Link:
    fields: dict[str, object] = {
        "patterns": (),
        "alternative_to": "",
        "technique": "",
        "rationale": f"why {point}",
        "needling": f"how {point}",
        "core": False,
        "source": f"src-{point}",
    }
    fields.update(kw)
    return Link(point, role, courses, **fields)  # type: ignore[arg-type]


BOTH = ("posterior", "lateral", "mixed")
BACK = ("posterior", "mixed")
SIDE = ("lateral", "mixed")
CONDITION = Condition(
    id="test",
    name="Test pain",
    summary="",
    source="src-condition",
    session=SessionDefaults(Range(30, 60), Range(18, 22), Range(22, 25), Range(2, 3), Range(8, 12), "src-session"),
    courses=tuple(Course(c, c, (), "", (), "s") for c in BOTH),
    roots=(),
    causes=(),
    symptoms=(),
    risks=(),
    patterns=(
        Pattern("cold", "Cold", (), "s"),
        Pattern("stasis", "Stasis", (), "s"),
        Pattern("empty", "Empty", (), "s"),
    ),
    red_flags=(Fact("saddle", "", "Numb saddle area", "src-red"), Fact("fever", "", "Fever", "src-red")),
    links=(
        _link("GB30", "local", BOTH, core=True),
        _link("BL40", "adjacent", BACK, core=True),
        _link("GB34", "adjacent", SIDE),
        _link("BL60", "distal", BACK),
        _link("BL67", "distal", BACK),
        _link("GV3", "pattern", BOTH, patterns=("cold",), technique="moxa"),
        _link("BL40", "pattern", BOTH, patterns=("stasis",), technique="bleeding"),
        _link("LR3", "pattern", BOTH, patterns=("stasis",)),
        _link("LI4", "pattern", BOTH, patterns=("stasis",), alternative_to="LR3"),
        _link("SP6", "pattern", BOTH, patterns=("empty",)),
        _link("ST36", "pattern", BOTH, patterns=("empty",), alternative_to="SP6"),
    ),
    ea_pairs=(
        EaPair("root-back", "root", ("EX-B2-L5", "BL40"), BACK, "", "src-ea"),
        EaPair("root-side", "root", ("EX-B2-L4", "GB34"), SIDE, "", "src-ea"),
    ),
    notes=(),
    safety=(
        Fact("anticoagulants", "", "Bleeding risk on anticoagulants", "src-safe", flag="anticoagulants"),
        Fact("pacemaker", "", "No electroacupuncture with a pacemaker", "src-safe", flag="pacemaker"),
        Fact("sterile", "", "Sterile single-use needles", "src-safe"),
    ),
    handout=(),
)
PREGNANCY_NO = Caution("pregnancy", "contraindicated", "forbidden in pregnancy", "src-c")
PREGNANCY_DISPUTED = Caution("pregnancy", "disputed", "disputed in pregnancy", "src-c")
VESSEL = Caution("vessel", "caution", "artery deep", "src-c")
POINTS = {
    "BL40": _point("BL40", VESSEL),
    "BL60": _point("BL60", PREGNANCY_NO),
    "BL67": _point("BL67", PREGNANCY_DISPUTED),
    "SP6": _point("SP6", PREGNANCY_NO),
    "LI4": _point("LI4", PREGNANCY_NO),
    **{c: _point(c) for c in ("GB30", "GB34", "GV3", "LR3", "ST36", "EX-B2-L4", "EX-B2-L5")},
}


def _run(course: str = "posterior", *patterns: str, flags: tuple[str, ...] = (), red: tuple[str, ...] = ()):  # type: ignore[no-untyped-def]
    return suggest(CONDITION, Request(course, patterns, frozenset(flags), red), POINTS)


def _codes(s) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(p.code, p.role) for p in s.points]


def test_the_course_chooses_the_channel_points_and_roles_come_in_order() -> None:
    back = _run("posterior")
    assert _codes(back) == [
        ("GB30", "local"),
        ("BL40", "adjacent"),
        ("BL60", "distal"),
        ("BL67", "distal"),
        ("EX-B2-L5", "ea-pair"),
    ]
    side = _run("lateral")
    assert [c for c, _ in _codes(side)] == ["GB30", "GB34", "EX-B2-L4"]
    mixed = _run("mixed")
    assert {c for c, _ in _codes(mixed)} == {"GB30", "BL40", "GB34", "BL60", "BL67", "EX-B2-L4", "EX-B2-L5"}
    assert not back.excluded and not back.warnings and not back.referral


def test_a_point_keeps_its_reason_needling_cautions_and_source() -> None:
    bl40 = next(p for p in _run("posterior").points if p.code == "BL40")
    assert (bl40.reason, bl40.needling, bl40.source, bl40.cautions) == ("why BL40", "how BL40", "src-BL40", (VESSEL,))


def test_pattern_add_ons_only_for_the_patterns_chosen() -> None:
    assert not any(p.role == "pattern" for p in _run("posterior").points)
    cold = _run("posterior", "cold")
    assert [(p.code, p.technique) for p in cold.points if p.role == "pattern"] == [("GV3", "moxa")]
    both = _run("lateral", "cold", "stasis")
    assert [p.code for p in both.points if p.role == "pattern"] == ["GV3", "BL40", "LR3"]


def test_a_variant_is_offered_beside_its_main_point() -> None:
    lr3 = next(p for p in _run("posterior", "stasis").points if p.code == "LR3")
    assert lr3.alternatives == ("LI4",)
    assert not any(p.code == "LI4" for p in _run("posterior", "stasis").points)


def test_pregnancy_removes_contraindicated_points_and_flags_disputed_ones() -> None:
    s = _run("posterior", flags=("pregnant",))
    codes = [p.code for p in s.points]
    assert "BL60" not in codes
    assert ("BL60", "contraindicated in pregnancy") in [(e.code, e.reason) for e in s.excluded]
    bl67 = next(p for p in s.points if p.code == "BL67")
    assert bl67.flagged == ("disputed in pregnancy: disputed in pregnancy",)
    assert not next(p for p in _run("posterior").points if p.code == "BL67").flagged  # only when pregnant


def test_pregnancy_drops_a_variant_that_is_unsafe_and_puts_a_safe_variant_in_place() -> None:
    stasis = _run("posterior", "stasis", flags=("pregnant",))
    lr3 = next(p for p in stasis.points if p.code == "LR3")
    assert lr3.alternatives == ()  # LI4 is contraindicated in pregnancy
    assert ("LI4", "contraindicated in pregnancy") in [(e.code, e.reason) for e in stasis.excluded]
    empty = _run("posterior", "empty", flags=("pregnant",))
    st36 = next(p for p in empty.points if p.role == "pattern")
    assert st36.code == "ST36" and "in place of SP6" in st36.reason
    assert "SP6" in [e.code for e in empty.excluded]


def test_pregnancy_removes_an_electroacupuncture_pair_with_a_forbidden_point() -> None:
    forbidden = {**POINTS, "EX-B2-L5": _point("EX-B2-L5", PREGNANCY_NO)}
    s = suggest(CONDITION, Request("posterior", (), frozenset({"pregnant"})), forbidden)
    assert s.ea_pairs == ()
    assert any(e.code == "EX-B2-L5–BL40" and "pregnancy" in e.reason for e in s.excluded)


def test_anticoagulants_remove_bloodletting_and_warn() -> None:
    s = _run("posterior", "stasis", flags=("anticoagulants",))
    assert [(p.code, p.role) for p in s.points if p.code == "BL40"] == [("BL40", "adjacent")]
    assert any(e.code == "BL40" and "bloodletting" in e.reason for e in s.excluded)
    assert s.warnings == ("Bleeding risk on anticoagulants",)


def test_a_pacemaker_removes_every_electroacupuncture_pair_and_warns() -> None:
    s = _run("mixed", flags=("pacemaker",))
    assert s.ea_pairs == ()
    assert not any(p.role == "ea-pair" for p in s.points)
    assert {e.code for e in s.excluded} == {"EX-B2-L5–BL40", "EX-B2-L4–GB34"}
    assert all(e.reason == "no electroacupuncture with a pacemaker" for e in s.excluded)
    assert s.warnings == ("No electroacupuncture with a pacemaker",)
    assert len(_run("mixed").ea_pairs) == 2


def test_a_needle_shy_patient_gets_the_core_points_only() -> None:
    s = _run("posterior", "cold", flags=("needle-shy",))
    assert [p.code for p in s.points] == ["GB30", "BL40"]
    assert {e.code for e in s.excluded} == {"BL60", "BL67", "GV3", "EX-B2-L5–BL40"}  # the pair would add a needle
    assert s.ea_pairs == ()


def test_red_flags_come_before_every_other_warning() -> None:
    s = _run("posterior", flags=("pacemaker",), red=("fever", "saddle"))
    assert s.referral
    assert s.warnings[0] == "REFER BEFORE TREATING: red flag(s) present: Numb saddle area; Fever"
    assert s.warnings[1:] == ("No electroacupuncture with a pacemaker",)


def test_sources_cover_what_was_suggested() -> None:
    s = _run("posterior", "cold", flags=("pacemaker",), red=("fever",))
    assert {"src-GB30", "src-GV3", "src-condition", "src-session", "src-safe", "src-red"} <= set(s.sources)
    assert "src-GB34" not in s.sources and "src-ea" not in s.sources


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (Request("front"), "Unknown course 'front'"),
        (Request("posterior", ("hot",)), "Unknown pattern 'hot'"),
        (Request("posterior", (), frozenset({"tall"})), "Unknown patient flag 'tall'"),
        (Request("posterior", (), frozenset(), ("rash",)), "Unknown red flag 'rash'"),
    ],
)
def test_a_request_for_something_unknown_is_refused_with_the_choices(request_: Request, message: str) -> None:
    with pytest.raises(RequestError, match=message):
        suggest(CONDITION, request_, POINTS)
