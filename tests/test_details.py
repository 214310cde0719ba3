"""The details page: safety first, sciatica indications first, every source named, catalogue text never markup."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from acuviewer.catalogue.model import Caution, Indication
from acuviewer.catalogue.repository import Repository
from acuviewer.ui.details_html import point_html


def _page(real_catalogue: Path, code: str, **changes: object) -> str:
    with Repository.open(real_catalogue) as repo:
        point = repo.point(code)
        sources = {s.id: s for s in repo.sources()}
    assert point is not None
    return point_html(dataclasses.replace(point, **changes), "Bladder channel", sources, drawn_view="posterior")


def test_cautions_come_before_the_location_and_sciatica_first(real_catalogue: Path) -> None:
    page = _page(real_catalogue, "BL40")
    assert page.index("CAUTION") < page.index("<h3>Location</h3>") < page.index("<h3>Needling</h3>")
    indications = page[page.index("<h3>Indications</h3>") :]
    assert indications.index("Sciatica:") < indications.index("Knee pain")
    assert "in the posterior view" in page and "[who2008]" in page


def test_every_cited_source_is_listed_with_its_citation(real_catalogue: Path) -> None:
    page = _page(real_catalogue, "GB30")
    listed = page[page.index("<h3>Sources</h3>") :]
    for cited in ("who2008", "deadman2007", "cheng1999"):
        assert f"[{cited}]" in page and f"<b>[{cited}]</b>" in listed
    assert "Deadman P" in listed


def test_unverified_provenance_is_flagged(real_catalogue: Path) -> None:
    page = _page(real_catalogue, "Huanzhong")
    assert "Unverified provenance" in page


def test_catalogue_text_is_escaped_not_markup(real_catalogue: Path) -> None:
    page = _page(
        real_catalogue,
        "BL40",
        location="<script>alert(1)</script> & more",
        cautions=(Caution("vessel", "contraindicated", "<b>bold</b>", "who2008"),),
        indications=(Indication("<img src=x>", True, "nowhere"),),
    )
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>bold</b>" not in page and "&lt;b&gt;bold" in page
    assert "<img src=x>" not in page
    assert "CONTRAINDICATED" in page and "#ffd6d6" in page
    assert "(not in the catalogue's source list)" in page  # an unknown source id is shown as such
