"""Study decks: the points a deck holds (all, a channel, a body region, a category, a condition) and its cards."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from acuviewer.catalogue.model import Channel, Point
from acuviewer.study.cards import KINDS, CardKey
from acuviewer.study.material import REGIONS, Material

DECK_KINDS = ("all", "channel", "region", "category", "condition")
ALL_VALUE = "all"
FIVE_SHU = "five-shu"
# The five transporting points of each channel, from the fingertips or toes towards the elbow or knee. Students
# learn them as one set, so they share one deck instead of five small ones.
FIVE_SHU_KINDS = ("jing-well", "ying-spring", "shu-stream", "jing-river", "he-sea")
# A category with a single point in the catalogue is better learnt from that point's own card than as a deck.
MIN_CATEGORY_POINTS = 2


@dataclass(frozen=True)
class Deck:
    kind: str  # "all", "channel", "region", "category", "condition"
    value: str  # "BL", "thigh-knee", "five-shu", "back-shu", "sciatica"...
    title: str  # "Bladder channel (BL)", "Thigh and knee", "Five Shu points", "Sciatica prescriptions"

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.value}"


def all_decks(material: Material) -> list[Deck]:
    """Every deck that holds at least one point: all, channels, regions (top of the body down), categories
    (the Five Shu as one deck, then the other kinds with at least two points, by title), conditions."""
    decks = [Deck("all", ALL_VALUE, "All points")]
    decks += [Deck("channel", c.code, _channel_title(c)) for c in material.channels]
    decks += [Deck("region", region, title) for region, title in REGIONS.items()]
    decks.append(Deck("category", FIVE_SHU, "Five Shu points"))
    counts: dict[str, int] = {}
    titles: dict[str, str] = {}
    for point in material.points.values():
        for kind in {link.kind for link in point.categories} - set(FIVE_SHU_KINDS):
            counts[kind] = counts.get(kind, 0) + 1
            titles.setdefault(kind, _plural(next(c.name for c in point.categories if c.kind == kind)))
    others = [Deck("category", kind, titles[kind]) for kind, n in counts.items() if n >= MIN_CATEGORY_POINTS]
    decks += sorted(others, key=lambda d: d.title.casefold())
    decks += [Deck("condition", c.id, f"{c.name} prescriptions") for c in material.conditions]
    return [d for d in decks if deck_codes(d, material)]


def find_deck(key: str, material: Material) -> Deck | None:
    """The deck a key ("channel:BL") names, or None when there is no such non-empty deck any more."""
    return next((d for d in all_decks(material) if d.key == key), None)


def deck_codes(deck: Deck, material: Material) -> tuple[str, ...]:
    """The points a deck holds, in study order (material.order); empty for a deck this catalogue cannot fill."""
    wanted: Collection[str]
    if deck.kind == "all":
        wanted = material.points.keys()
    elif deck.kind == "channel":
        wanted = set(material.flows.get(deck.value, ()))
    elif deck.kind == "region":
        wanted = {code for code, region in material.regions.items() if region == deck.value}
    elif deck.kind == "category":
        kinds = set(FIVE_SHU_KINDS) if deck.value == FIVE_SHU else {deck.value}
        wanted = {code for code, p in material.points.items() if kinds & {c.kind for c in p.categories}}
    elif deck.kind == "condition":
        wanted = linked_codes(material, deck.value)
    else:
        wanted = ()
    return tuple(code for code in material.order if code in wanted)


def deck_cards(deck: Deck, material: Material, kinds: Collection[str] = KINDS) -> list[CardKey]:
    """The cards a deck holds, point by point in study order, in KINDS order within a point.

    locate and name for every point the map draws; prescription for a point linked in a condition's prescription
    (in a condition deck: linked in that condition); pregnancy for a point contraindicated in pregnancy.
    """
    linked = linked_codes(material, deck.value if deck.kind == "condition" else None)
    cards = []
    for code in deck_codes(deck, material):
        point = material.points[code]
        drawn = code in material.regions
        holds = {
            "locate": drawn,
            "name": drawn,
            "prescription": code in linked,
            "pregnancy": contraindicated_in_pregnancy(point),
        }
        cards += [CardKey(kind, code) for kind in KINDS if kind in kinds and holds[kind]]
    return cards


def linked_codes(material: Material, condition_id: str | None = None) -> set[str]:
    """Catalogue points that a condition's prescription links (any condition when None). Links to places that are
    not catalogue points (Ashi points) are left out: a card needs a point to ask about."""
    links = (link for c in material.conditions if condition_id in (None, c.id) for link in c.links)
    return {link.point for link in links if link.point in material.points}


def contraindicated_in_pregnancy(point: Point) -> bool:
    return any(c.kind == "pregnancy" and c.strength == "contraindicated" for c in point.cautions)


def _channel_title(channel: Channel) -> str:
    """ "Bladder Channel of Foot-Taiyang" -> "Bladder channel (BL)"; a vessel keeps its name: "Governor Vessel (GV)"."""
    name, found, _limb = channel.english.partition(" Channel of ")
    return f"{name} channel ({channel.code})" if found else f"{channel.english} ({channel.code})"


def _plural(name: str) -> str:
    """A category's name for a whole deck: "Back-Shu point" -> "Back-Shu points", "Point of one of the Four Seas"
    -> "Points of one of the Four Seas" (the first "point" is the noun, wherever the name puts it)."""
    return re.sub(r"\b([Pp]oint)\b", r"\1s", name, count=1)


def spread(cards: Sequence[CardKey], gap: int = 5) -> list[CardKey]:
    """The same cards with each point's kinds `gap` points apart (locate GB1 … GB5, then name GB1 …): asked back to
    back, the answer revealed for one card would be the answer to the next."""
    points = list(dict.fromkeys(card.code for card in cards))
    place = {code: index for index, code in enumerate(points)}
    kinds = list(dict.fromkeys(card.kind for card in cards))
    return sorted(cards, key=lambda card: (place[card.code] + gap * kinds.index(card.kind), kinds.index(card.kind)))
