"""Study decks on the real catalogue: what each deck holds, in which order, and which cards it gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from acuviewer.catalogue.repository import Repository
from acuviewer.study.cards import KINDS, CardKey
from acuviewer.study.decks import FIVE_SHU_KINDS, Deck, all_decks, deck_cards, deck_codes, find_deck, spread
from acuviewer.study.material import REGIONS, Material, region_at
from acuviewer.userdata.model import STUDY_KINDS


@pytest.fixture(scope="module")
def material(real_catalogue: Path) -> Material:
    with Repository.open(real_catalogue) as repo:
        return Material.load(repo)


def _deck(material: Material, key: str) -> Deck:
    deck = find_deck(key, material)
    assert deck is not None, key
    return deck


def test_card_kinds_match_the_user_database() -> None:
    assert KINDS == STUDY_KINDS


def test_card_ids_round_trip_and_junk_is_refused() -> None:
    key = CardKey("locate", "EX-B2-L4")
    assert key.card_id == "locate:EX-B2-L4"
    assert CardKey.parse(key.card_id) == key
    assert sorted([CardKey("name", "BL1"), CardKey("locate", "GB34")])[0].kind == "locate"
    for junk in ("", "locate", "locate:", ":GB34", "guess:GB34", "locate: GB34", "locate:GB34:x"):
        with pytest.raises(ValueError):
            CardKey.parse(junk)


def test_study_order_is_every_point_once_channels_first(material: Material) -> None:
    assert sorted(material.order) == sorted(material.points)
    assert material.order[:2] == ("BL1", "BL2")
    channel_codes = [code for codes in material.flows.values() for code in codes]
    assert list(material.order[: len(channel_codes)]) == channel_codes
    assert all(material.points[c].channel is None for c in material.order[len(channel_codes) :])


@pytest.mark.parametrize(("channel", "count"), [("BL", 67), ("GB", 44)])
def test_channel_decks_hold_the_channel_in_flow_order(material: Material, channel: str, count: int) -> None:
    deck = _deck(material, f"channel:{channel}")
    codes = deck_codes(deck, material)
    assert codes == tuple(f"{channel}{n}" for n in range(1, count + 1))
    assert codes == material.flows[channel]
    assert deck.title.endswith(f"channel ({channel})")


def test_channel_titles_are_plain(material: Material) -> None:
    titles = {d.value: d.title for d in all_decks(material) if d.kind == "channel"}
    assert titles["BL"] == "Bladder channel (BL)"
    assert titles["GB"] == "Gallbladder channel (GB)"
    assert titles["GV"] == "Governor Vessel (GV)"


def test_every_drawn_point_has_exactly_one_region(material: Material) -> None:
    region_decks = [d for d in all_decks(material) if d.kind == "region"]
    assert [d.value for d in region_decks] == [r for r in REGIONS if r in material.regions.values()]
    held = [code for d in region_decks for code in deck_codes(d, material)]
    assert len(held) == len(set(held)), "a point sits in two regions"
    assert set(held) == set(material.regions) == set(material.points)  # every catalogue point is drawn


@pytest.mark.parametrize(
    ("code", "region"),
    [
        ("GB20", "head-neck"),
        ("BL10", "head-neck"),
        ("GV14", "upper-back"),  # at C7: the back starts there
        ("GB21", "upper-back"),
        ("BL21", "upper-back"),  # level with T12, over the ribs
        ("GB24", "chest-flank"),
        ("BL22", "low-back"),
        ("BL23", "low-back"),
        ("EX-B2-L5", "low-back"),
        ("BL27", "buttock-hip"),
        ("GB30", "buttock-hip"),
        ("Huanzhong", "buttock-hip"),
        ("LI4", "arm-hand"),  # drawn beside the thigh, but on the hand
        ("SI3", "arm-hand"),
        ("BL36", "thigh-knee"),
        ("GB31", "thigh-knee"),
        ("BL40", "thigh-knee"),
        ("GB34", "leg"),
        ("BL57", "leg"),
        ("GB39", "leg"),
        ("BL60", "ankle-foot"),
        ("KI3", "ankle-foot"),
        ("BL67", "ankle-foot"),
    ],
)
def test_regions_follow_the_figure(material: Material, code: str, region: str) -> None:
    assert material.regions[code] == region
    assert code in deck_codes(_deck(material, f"region:{region}"), material)


def test_region_bands_run_down_the_body() -> None:
    back = [region_at(y, on_back=True) for y in (100, 300, 600, 700, 900, 1140, 1300, 1500)]
    assert back == [
        "head-neck",
        "upper-back",
        "low-back",
        "buttock-hip",
        "thigh-knee",
        "thigh-knee",
        "leg",
        "ankle-foot",
    ]
    assert region_at(400, on_back=False) == "chest-flank"
    assert region_at(850, on_back=False, on_upper_limb=True) == "arm-hand"


def test_five_shu_deck_holds_exactly_the_five_shu_points(material: Material) -> None:
    codes = deck_codes(_deck(material, "category:five-shu"), material)
    expected = {code for code, p in material.points.items() if {c.kind for c in p.categories} & set(FIVE_SHU_KINDS)}
    assert set(codes) == expected
    assert {"BL40", "BL60", "BL65", "BL66", "BL67", "GB34", "GB44"} <= set(codes)
    assert list(codes) == [c for c in material.order if c in expected]
    assert not any(d.value in FIVE_SHU_KINDS for d in all_decks(material)), "the Five Shu are one deck"


def test_other_category_decks_have_at_least_two_points(material: Material) -> None:
    categories = {d.value: d for d in all_decks(material) if d.kind == "category"}
    assert categories["back-shu"].title == "Back-Shu points"
    assert "BL23" in deck_codes(categories["back-shu"], material)
    assert all(len(deck_codes(d, material)) >= 2 for d in categories.values())
    single = {k for p in material.points.values() for k in (c.kind for c in p.categories)}
    counts = {k: sum(k in {c.kind for c in p.categories} for p in material.points.values()) for k in single}
    assert {k for k, n in counts.items() if n >= 2} - set(FIVE_SHU_KINDS) == set(categories) - {"five-shu"}


def test_sciatica_deck_holds_its_linked_points(material: Material) -> None:
    (sciatica,) = (c for c in material.conditions if c.id == "sciatica")
    deck = _deck(material, "condition:sciatica")
    assert deck.title == "Sciatica prescriptions"
    codes = deck_codes(deck, material)
    expected = {link.point for link in sciatica.links} - {"Ashi"}  # the Ashi link is not a catalogue point
    assert set(codes) == expected
    assert {"GB30", "GB34", "BL40", "BL60", "GB39", "EX-B2-L4"} <= set(codes)
    cards = deck_cards(deck, material)
    assert {c.code for c in cards if c.kind == "prescription"} == expected


def test_prescription_cards_only_for_linked_points(material: Material) -> None:
    cards = set(deck_cards(_deck(material, "channel:BL"), material))
    assert CardKey("prescription", "BL40") in cards
    assert CardKey("prescription", "BL1") not in cards
    assert CardKey("locate", "BL1") in cards and CardKey("name", "BL1") in cards


def test_pregnancy_cards_only_for_contraindicated_points(material: Material) -> None:
    cards = deck_cards(_deck(material, "all:all"), material)
    pregnancy = {c.code for c in cards if c.kind == "pregnancy"}
    assert pregnancy == {"BL60", "GB21", "SP6", "LI4"}
    for code in pregnancy:
        assert any(c.kind == "pregnancy" and c.strength == "contraindicated" for c in material.points[code].cautions)
    assert "BL67" not in pregnancy  # disputed only
    assert "BL31" not in pregnancy  # caution only


def test_deck_cards_are_point_by_point_and_filter_by_kind(material: Material) -> None:
    deck = _deck(material, "channel:GB")
    cards = deck_cards(deck, material)
    assert cards[:2] == [CardKey("locate", "GB1"), CardKey("name", "GB1")]
    assert [c.code for c in cards] == sorted((c.code for c in cards), key=material.order.index)
    assert len(cards) == len(set(cards))
    only = deck_cards(deck, material, kinds=("locate",))
    assert only == [c for c in cards if c.kind == "locate"]
    assert len(only) == 44


def test_find_deck_round_trips_and_every_deck_holds_cards(material: Material) -> None:
    decks = all_decks(material)
    assert len({d.key for d in decks}) == len(decks)
    assert {d.kind for d in decks} == {"all", "channel", "region", "category", "condition"}
    for deck in decks:
        assert find_deck(deck.key, material) == deck
        assert deck_codes(deck, material)
        assert deck_cards(deck, material)
    for key in ("channel:XX", "region:moon", "category:five-shu-x", "junk", ""):
        assert find_deck(key, material) is None
    assert deck_codes(Deck("channel", "XX", "Nothing"), material) == ()


def test_spread_keeps_a_points_cards_apart(material: Material) -> None:
    deck = find_deck("channel:GB", material)
    assert deck is not None
    cards = deck_cards(deck, material)
    spread_out = spread(cards)
    assert sorted(spread_out) == sorted(cards)  # the same cards, none lost or added
    for index, card in enumerate(spread_out):
        nearby = spread_out[index + 1 : index + 5]
        assert all(other.code != card.code for other in nearby), (card, nearby)
    assert spread_out[0] == CardKey("locate", "GB1")
