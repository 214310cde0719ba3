"""The treatment sheet and the patient handout: their HTML (escaping, red flags first, points by role, what is left
out for the patient) and the PDFs, whose text must stay searchable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QApplication

from acuviewer.catalogue.condition import Condition
from acuviewer.catalogue.model import Point, Source
from acuviewer.catalogue.repository import Repository
from acuviewer.planner.handout import handout_html
from acuviewer.planner.sheet import map_views, needed_codes, sheet_html
from acuviewer.ui.plan_print import handout_document, print_font, save_pdf, sheet_document
from acuviewer.userdata.model import AshiPoint, Plan, PlanPoint, Session

HOSTILE = '<script>alert("x")</script> & <img src=http://example.com/track.png> <a href="http://x">link</a>'
PLAN = Plan(
    id=None,
    name="Mr B — posterior sciatica",
    condition="sciatica",
    course="posterior",
    points=(
        PlanPoint("BL57", "distal", "calf pain"),
        PlanPoint("GB30", "local", "buttock pain"),
        PlanPoint("BL40", "adjacent", "crosses the knee"),
        PlanPoint("GB34", "adjacent", "sinews"),
    ),
    ashi=(AshiPoint("posterior", 330.0, 760.0, "L", "tender over the sacroiliac joint"),),
    session=Session(retention_min=25, ea_pairs=(("GB30", "BL40"),), ea_frequency_hz=2.5, cupping=True),
    notes="Check again next week.",
)


@pytest.fixture(scope="module")
def repo(real_catalogue: Path) -> Iterator[Repository]:
    with Repository.open(real_catalogue) as opened:
        yield opened


@pytest.fixture(scope="module")
def sciatica(repo: Repository) -> Condition:
    condition = repo.condition("sciatica")
    assert condition is not None
    return condition


def _html(repo: Repository, plan: Plan) -> str:
    condition = repo.condition(plan.condition)
    points = {code: p for code in needed_codes(plan, condition) if (p := repo.point(code)) is not None}
    sources = {s.id: s for s in repo.sources()}
    return sheet_html(plan, condition, points, sources, printed=date(2025, 3, 4))


def _text(path: Path) -> str:
    """The PDF's text layer with its white space folded, as a search in a PDF viewer would see it."""
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def test_hostile_user_text_is_shown_as_text_never_read_as_markup(repo: Repository) -> None:
    plan = replace(
        PLAN,
        name=f"Plan {HOSTILE}",
        points=(PlanPoint("BL40", "local", HOSTILE),),
        ashi=(AshiPoint("posterior", 300.0, 900.0, "R", HOSTILE),),
        patterns=(HOSTILE,),
        flags=(HOSTILE,),
        red_flags=(HOSTILE,),
        notes=f"first line\n{HOSTILE}",
    )
    html = _html(repo, plan)
    assert "<script" not in html and "<a href" not in html
    assert not re.search(r"<img[^>]*src=\"?http", html)
    assert html.count("&lt;script&gt;") >= 7  # name, referral, red flag, pattern, flag, reason, ashi note, notes
    assert "first line<br>&lt;script&gt;" in html  # the notes keep their line breaks, and only those


def test_hostile_notes_reach_the_document_as_plain_text(qapp: QApplication, repo: Repository) -> None:
    document = sheet_document(repo, replace(PLAN, notes=HOSTILE), print_font(9))
    assert HOSTILE in document.toPlainText()


def test_a_ticked_red_flag_puts_the_referral_first_and_marks_it_present(repo: Repository, sciatica: Condition) -> None:
    html = _html(repo, replace(PLAN, red_flags=("saddle-anaesthesia",)))
    assert html.startswith("<table") and html.index("REFER BEFORE TREATING") < html.index(PLAN.name)
    for flag in sciatica.red_flags:  # every red flag is on the sheet, to be asked about
        assert flag.text in html
    saddle = sciatica.red_flags[0]
    assert re.search(r"PRESENT</b></td><td><b>" + re.escape(saddle.text), html)
    assert html.count("PRESENT</b>") == 1
    assert "REFER BEFORE TREATING" not in _html(repo, PLAN)
    assert "☐" in _html(repo, PLAN)  # unticked flags get an empty box, to tick by hand


def test_points_are_grouped_by_role_with_location_needling_and_cautions(repo: Repository) -> None:
    html = _html(repo, PLAN)
    headings = [html.index(title) for title in ("Local points", "Adjacent points", "Distal points")]
    assert headings == sorted(headings)
    assert headings[0] < html.index("<b>GB30</b>") < headings[1] < html.index("<b>BL40</b>") < headings[2]
    assert headings[2] < html.index("<b>BL57</b>")
    bl40 = repo.point("BL40")
    assert bl40 is not None
    assert bl40.location in html and "Wěizhōng" in html and "委中" in html and "Bend Middle" in html
    assert "Perpendicular 1–1.5 cun, gently." in html  # the condition's needling for this use, beside the catalogue's
    block = html[html.index("<b>BL40</b>") : html.index("<b>GB34</b>")]
    assert "⚠ CAUTION" in block and "popliteal artery and vein" in block  # its catalogue cautions, in its block
    assert "buttock pain" in html  # the plan's reason


def test_a_pregnant_patient_sees_what_was_left_out_and_why(repo: Repository) -> None:
    plan = replace(PLAN, flags=("pregnant",), points=(*PLAN.points, PlanPoint("BL60", "added", "ankle")))
    html = _html(repo, plan)
    left_out = html[html.index("Left out for this patient") :]
    assert "<b>BL60</b>: contraindicated in pregnancy" in left_out
    assert "in this plan all the same" in left_out  # the practitioner put it back: the sheet says so
    assert "FOR THIS PATIENT (pregnant)" in html
    assert "BL60 is traditionally contraindicated in pregnancy" in html  # the pack's safety note for the flag


def test_a_point_left_out_in_one_use_but_kept_in_another_is_not_flagged(repo: Repository) -> None:
    plan = replace(PLAN, flags=("anticoagulants",), patterns=("qi-blood-stasis",))
    left_out = _html(repo, plan)[_html(repo, plan).index("Left out for this patient") :]
    assert "<b>BL40</b>: no bloodletting" in left_out  # the bleeding is left out; the needling of BL40 is not
    assert "in this plan all the same" not in left_out


def test_a_plan_the_suggestion_cannot_read_still_gives_a_sheet(repo: Repository) -> None:
    for plan in (replace(PLAN, course=""), replace(PLAN, condition="migraine"), replace(PLAN, patterns=("windy",))):
        html = _html(repo, plan)
        assert "Left out for this patient" not in html and "<b>BL40</b>" in html


def test_session_parameters_notes_and_sources(repo: Repository) -> None:
    html = _html(repo, PLAN)
    session = html[html.index("<h2>Session</h2>") :]
    assert "25 min" in session and "GB30 + BL40 at 2.5 Hz" in session and "18–22 min while acute" in session
    assert "Check again next week." in html
    sources = html[html.index("<h2>Sources</h2>") :]
    assert "[who2008]" in sources and "[brief]" in sources and "[article-003]" in sources


def test_map_views_follow_the_course_then_cover_every_point(repo: Repository) -> None:
    points = {c: p for c in ("BL40", "GB34", "GB31", "ST36", "GB30") if (p := repo.point(c)) is not None}

    def views(course: str, *codes: str, ashi: tuple[AshiPoint, ...] = ()) -> list[str]:
        plan = Plan(None, "p", course=course, points=tuple(PlanPoint(c, "local") for c in codes), ashi=ashi)
        return map_views(plan, points)

    assert views("posterior", "BL40", "GB30") == ["posterior"]
    assert views("posterior", "BL40", "GB34") == ["posterior", "lateral"]  # GB34 is drawn on the side only
    assert views("lateral", "GB31", "GB30") == ["lateral"]
    assert views("mixed", "BL40", "GB31") == ["posterior", "lateral"]
    assert views("lateral", "GB31", ashi=(AshiPoint("anterior", 400.0, 900.0, "M"),)) == ["lateral", "anterior"]
    assert views("posterior") == []


def test_handout_is_the_packs_paragraphs_with_the_doctor_section(sciatica: Condition, repo: Repository) -> None:
    sources: dict[str, Source] = {s.id: s for s in repo.sources()}
    html = handout_html(sciatica, PLAN, sources, printed=date(2025, 3, 4))
    for fact in sciatica.handout:
        assert fact.text.replace("'", "&#x27;") in html
    assert html.index("What a session is like") < html.index("When to see a doctor at once")
    assert "about 25 minutes" in html  # the practitioner's own retention time
    assert "about 25 minutes" not in handout_html(sciatica)


def test_sheet_pdf_is_searchable(qapp: QApplication, repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "sheet.pdf"
    save_pdf(sheet_document(repo, replace(PLAN, red_flags=("fever",)), print_font(9)), path)
    text = _text(path)
    for code in ("BL40", "GB30", "GB34", "BL57"):
        assert code in text
    assert "midpoint of the popliteal crease" in text  # BL40's location
    assert "25 min" in text and "2.5 Hz" in text
    assert "REFER BEFORE TREATING" in text and "fever" in text and "Red-flag check" in text  # no "ﬂ" ligature
    assert "A1" in text and "tender over the sacroiliac joint" in text
    reader = PdfReader(path)
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4
    assert any(page.images for page in reader.pages), "the map is on the sheet"


def test_handout_pdf_has_the_see_a_doctor_section(qapp: QApplication, repo: Repository, tmp_path: Path) -> None:
    path = tmp_path / "handout.pdf"
    save_pdf(handout_document(repo, PLAN, print_font(11)), path)
    text = _text(path)
    assert "When to see a doctor at once" in text and "Get medical help straight away" in text
    assert "8 to 12 visits" in text  # digits survive in the text layer


def test_handout_of_an_unknown_condition_and_an_unwritable_pdf_are_clear_errors(
    qapp: QApplication, repo: Repository, tmp_path: Path
) -> None:
    with pytest.raises(ValueError, match="no patient handout for the condition 'migraine'"):
        handout_document(repo, replace(PLAN, condition="migraine"), print_font(11))
    with pytest.raises(OSError, match="does not exist"):
        save_pdf(sheet_document(repo, PLAN, print_font(9)), tmp_path / "missing" / "sheet.pdf")


def test_points_not_in_the_catalogue_are_listed_without_details(repo: Repository) -> None:
    points: dict[str, Point] = {}
    html = sheet_html(replace(PLAN, points=(PlanPoint("XX9", "added", "mine"),)), None, points, {})
    assert "<b>XX9</b>" in html and "Not in the catalogue" in html
