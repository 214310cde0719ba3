"""What a card asks: the prompt, the points offered, the right ones, and what is shown once it is answered.

Every fact shown comes from the catalogue (location text, a condition link's rationale, a caution's note) and
ends with the id of its source. Random choices come only from the `rng` passed in, so a seed replays a session.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from acuviewer.catalogue.condition import Condition, Link
from acuviewer.catalogue.model import Point
from acuviewer.study.cards import CardKey
from acuviewer.study.decks import contraindicated_in_pregnancy
from acuviewer.study.material import Material

LOW_BACK = "low-back"  # the region id, in material.REGIONS, of the lumbosacral add-ons

NAME_NEIGHBOURS = 3  # with the point itself, four to choose from
OTHER_ANSWERS = (2, 4)  # right points offered besides the card's own, when the prescription has that many
DISTRACTORS = (2, 3)  # points offered that are not in the prescription
PREGNANCY_DISTRACTORS = 3


@dataclass(frozen=True)
class Question:
    card: CardKey
    prompt: str
    choices: tuple[str, ...]  # point codes offered, shuffled; empty for locate
    answers: frozenset[str]  # the right choices (for locate and name: the card's point)
    multiple: bool  # True when several choices may be right (prescription)
    explanation: str  # shown after answering; each line ends with "(source: <id>)"


def question_for(card: CardKey, material: Material, rng: random.Random) -> Question:
    """The question a card asks now. ValueError when the card no longer fits the catalogue (an unknown point, a
    point no longer drawn, linked or contraindicated): the caller skips it."""
    point = material.points.get(card.code)
    if point is None:
        raise ValueError(f"{card.card_id}: the catalogue has no point {card.code}")
    builders: dict[str, Callable[[CardKey, Point, Material, random.Random], Question]] = {
        "locate": _locate,
        "name": _name,
        "prescription": _prescription,
        "pregnancy": _pregnancy,
    }
    builder = builders.get(card.kind)
    if builder is None:
        raise ValueError(f"{card.card_id}: unknown kind of card")
    return builder(card, point, material, rng)


def _sourced(text: str, source: str) -> str:
    return f"{text.strip()} (source: {source})"


def _titled(point: Point) -> str:
    return f"{point.code} {point.pinyin_toned}"


def _located(point: Point) -> str:
    return _sourced(f"{_titled(point)} {point.hanzi} ({point.english}): {point.location}", point.location_source)


def _lumbosacral(code: str, material: Material) -> bool:
    """A low-back point of a prescription: the brief adds these for lumbosacral pain, whatever the channel type
    (BL23, BL25, GV3, lumbar Jiaji), so they are asked on their own, not as part of the Bladder or Gallbladder type."""
    return material.regions.get(code) == LOW_BACK


def _require_drawn(card: CardKey, material: Material) -> None:
    if card.code not in material.regions:
        raise ValueError(f"{card.card_id}: the body map does not draw {card.code}")


def _locate(card: CardKey, point: Point, material: Material, rng: random.Random) -> Question:
    _require_drawn(card, material)
    prompt = f"Where is {point.code} ({point.pinyin_toned})?"
    return Question(card, prompt, (), frozenset({point.code}), False, _located(point))


def _name(card: CardKey, point: Point, material: Material, rng: random.Random) -> Question:
    _require_drawn(card, material)
    choices = [point.code, *neighbours(point.code, material, rng)]
    rng.shuffle(choices)
    return Question(
        card, "Name the highlighted point.", tuple(choices), frozenset({point.code}), False, _located(point)
    )


def neighbours(code: str, material: Material, rng: random.Random, count: int = NAME_NEIGHBOURS) -> list[str]:
    """The points nearest along the same channel's flow (extra points count as one group), so the student tells
    the point from those it is most easily mixed up with. A channel with too few points in the catalogue is
    filled from the same body region, then from the points nearest in study order."""
    point = material.points[code]
    flow = material.flows.get(point.channel or "")
    if flow is None:
        in_flows = {c for codes in material.flows.values() for c in codes}
        flow = tuple(c for c in material.order if c not in in_flows)
    position = {c: i for i, c in enumerate(flow)}
    # Equally near points on both sides are chosen between at random (rng.random as the tie-break).
    picked = sorted((c for c in flow if c != code), key=lambda c: (abs(position[c] - position[code]), rng.random()))
    picked = picked[:count]
    if len(picked) < count:
        order = {c: i for i, c in enumerate(material.order)}
        region = material.regions.get(code)
        rest = (c for c in material.order if c != code and c not in picked)
        fill = sorted(rest, key=lambda c: (material.regions.get(c) != region, abs(order[c] - order[code])))
        picked += fill[: count - len(picked)]
    return picked


def _prescription(card: CardKey, point: Point, material: Material, rng: random.Random) -> Question:
    # Each way the point is linked is a possible question: a course its (non-pattern) link covers, or a pattern
    # it is added for. Pattern add-ons list every course too, so they are asked by pattern, never by course.
    options: list[tuple[Condition, str, str]] = []
    for condition in material.conditions:
        for link in condition.links:
            if link.point != point.code:
                continue
            if link.role == "pattern":
                by, values = "pattern", link.patterns
            elif _lumbosacral(link.point, material):
                by, values = "lumbosacral", ("",)
            else:
                by, values = "course", link.courses
            options += [(condition, by, v) for v in values if (condition, by, v) not in options]
    if not options:
        raise ValueError(f"{card.card_id}: no condition in the catalogue links {card.code}")
    condition, by, value = rng.choice(options)
    if by == "course":
        right = _links(
            condition,
            material,
            lambda link: link.role != "pattern" and value in link.courses and not _lumbosacral(link.point, material),
        )
        # A point added for a pattern, or for lumbosacral pain, also lists the course; it is neither right nor
        # wrong in a question on the channel types, so it is never offered there.
        excluded = _codes(_links(condition, material, lambda link: value in link.courses))
        course = condition.course(value)
        prompt = (
            f"{condition.name}, {course.name if course else value}: which of these points belong to the prescription?"
        )
        header = [_sourced(f"{course.name}: {course.felt}", course.source)] if course else []
    elif by == "lumbosacral":
        right = _links(condition, material, lambda link: link.role != "pattern" and _lumbosacral(link.point, material))
        excluded = _codes(_links(condition, material, lambda link: True))
        prompt = f"{condition.name}: which of these low-back points are added when the pain involves the low back?"
        header = []
    else:
        right = _links(condition, material, lambda link: value in link.patterns)
        excluded = _codes(right)
        pattern = condition.pattern(value)
        name = pattern.name if pattern else value
        prompt = f"{condition.name}, {name} pattern: which of these points are added to the prescription?"
        header = [_sourced(f"{pattern.name}: {'; '.join(pattern.signs)}.", pattern.source)] if pattern else []
    others = [c for c in _codes(right) if c != point.code]
    rng.shuffle(others)
    shown = [point.code, *others[: rng.randint(*OTHER_ANSWERS)]]
    wrong = _nearby(point, (c for c in material.order if c not in excluded), material, rng)
    choices = shown + wrong[: rng.randint(*DISTRACTORS)]
    rng.shuffle(choices)
    first_link = {link.point: link for link in reversed(right)}  # the first link of each point gives its reason
    lines = [_sourced(f"{_titled(material.points[c])}: {first_link[c].rationale}", first_link[c].source) for c in shown]
    return Question(card, prompt, tuple(choices), frozenset(shown), True, "\n".join(header + lines))


def _links(condition: Condition, material: Material, keep: Callable[[Link], bool]) -> list[Link]:
    """The condition's links kept by `keep`, to catalogue points only (an Ashi point cannot be offered)."""
    return [link for link in condition.links if link.point in material.points and keep(link)]


def _codes(links: Iterable[Link]) -> list[str]:
    return list(dict.fromkeys(link.point for link in links))


def _pregnancy(card: CardKey, point: Point, material: Material, rng: random.Random) -> Question:
    if not contraindicated_in_pregnancy(point):
        raise ValueError(f"{card.card_id}: {card.code} is not contraindicated in pregnancy in the catalogue")
    # Only points with no pregnancy caution at all, so "cautious" or "disputed" points are never the wrong answer.
    safe = (c for c in material.order if not any(x.kind == "pregnancy" for x in material.points[c].cautions))
    choices = [point.code, *_nearby(point, safe, material, rng)[:PREGNANCY_DISTRACTORS]]
    rng.shuffle(choices)
    lines = [
        _sourced(f"{_titled(point)}, {c.strength} in pregnancy: {c.note}", c.source)
        for c in point.cautions
        if c.kind == "pregnancy"
    ]
    prompt = "Which of these points is contraindicated in pregnancy?"
    return Question(card, prompt, tuple(choices), frozenset({point.code}), False, "\n".join(lines))


def _nearby(point: Point, candidates: Iterable[str], material: Material, rng: random.Random) -> list[str]:
    """Candidates, the most confusable first: same channel and same region, then either, then the rest; at random
    within each rank, so the wrong choices are not always the same ones."""
    region = material.regions.get(point.code)

    def rank(code: str) -> tuple[int, float]:
        other = material.points[code]
        far = (other.channel != point.channel or point.channel is None) + (material.regions.get(code) != region)
        return (far, rng.random())

    return sorted((c for c in candidates if c != point.code), key=rank)
