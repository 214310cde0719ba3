"""The custom Qt models, checked without widgets by pytest-qt's model tester, and their own contracts."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester

from acuviewer.catalogue.repository import Repository
from acuviewer.ui.channel_model import EXTRA_GROUP, ChannelModel, groups_of
from acuviewer.ui.search_model import CODE_ROLE, SearchModel


def test_search_model_passes_the_model_tester(qtmodeltester: ModelTester, real_catalogue: Path) -> None:
    model = SearchModel()
    qtmodeltester.check(model)
    with Repository.open(real_catalogue) as repo:
        model.set_hits(repo.search("bl4", 20))
    qtmodeltester.check(model)
    assert model.rowCount() > 1
    first = model.index(0, 0)
    assert first.data(CODE_ROLE) == "BL4"
    assert first.data().startswith("BL4 ")
    assert "matched" in first.data(Qt.ItemDataRole.ToolTipRole)
    model.set_hits([])
    qtmodeltester.check(model)
    assert model.rowCount() == 0 and model.code_at(0) is None


def test_channel_model_passes_the_model_tester(qtmodeltester: ModelTester, real_catalogue: Path) -> None:
    with Repository.open(real_catalogue) as repo:
        groups = groups_of(repo.channels(), repo.summaries())
    model = ChannelModel(groups)
    qtmodeltester.check(model)
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert titles[0].startswith("BL") and titles[1].startswith("GB") and titles[-1] == "Extra points"
    assert [g.code for g in groups][-1] == EXTRA_GROUP
    gallbladder = model.index(1, 0)
    assert model.rowCount(gallbladder) == 44
    gb30 = model.index_of("GB30")
    assert gb30.parent() == gallbladder and gb30.data(CODE_ROLE) == "GB30"
    assert model.neighbour("GB30", 1) == "GB31" and model.neighbour("GB30", -1) == "GB29"
    assert model.neighbour("GB44", 1) is None and model.neighbour("GB1", -1) is None
    assert model.neighbour("nonsense", 1) is None


def test_channel_model_leaves_out_empty_channels(qtmodeltester: ModelTester, fixture_catalogue: Path) -> None:
    with Repository.open(fixture_catalogue) as repo:
        model = ChannelModel(groups_of(repo.channels(), repo.summaries()))
    qtmodeltester.check(model)
    assert [model.index(r, 0).data().split()[0] for r in range(model.rowCount())] == ["BL", "GB"]
