"""How far the student has got, group by group (a channel or a deck): new, learning, learned, due and weak cards."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from fsrs import Rating, State

from acuviewer.study.cards import CardKey
from acuviewer.study.schedule import Schedule, fsrs_card
from acuviewer.userdata.model import StudyCard

# Below this predicted recall a card counts as weak: under the 0.9 the schedule aims for, by a clear margin.
WEAK_RETRIEVABILITY = 0.8
WEAK_LAPSES = 2


@dataclass(frozen=True)
class GroupProgress:
    """One group's counts; new + learning + learned + due == total (each card is counted once)."""

    name: str  # channel code or deck title
    total: int
    new: int  # never reviewed (or its saved state is damaged, so it starts over)
    learning: int  # in fsrs Learning/Relearning state and not due now
    learned: int  # in Review state and not due now
    due: int  # seen and due now, whatever its state
    weak: tuple[str, ...]  # point codes of weak cards, most at risk first, each code once


def progress(
    groups: Mapping[str, Sequence[CardKey]],
    cards: Mapping[str, StudyCard],
    schedule: Schedule,
    now: datetime,
) -> list[GroupProgress]:
    """The progress of each group, in the given order.

    A card is weak when its last rating was Again or Hard, when it has lapsed twice or more, or when its predicted
    recall now is below 0.8.
    """
    return [_group(name, keys, cards, schedule, now) for name, keys in groups.items()]


def _group(
    name: str, keys: Sequence[CardKey], cards: Mapping[str, StudyCard], schedule: Schedule, now: datetime
) -> GroupProgress:
    new = learning = learned = due = 0
    weak: list[tuple[tuple[bool, float, int], str]] = []
    for key in keys:
        card = cards.get(key.card_id)
        state = fsrs_card(card) if card is not None else None
        if card is None or state is None:
            new += 1
            continue
        # Due wins over the state: the count answers "how much is there to do now".
        if schedule.is_due(card, now):
            due += 1
        elif state.state == State.Review:
            learned += 1
        else:
            learning += 1
        risk = _risk(card, schedule, now)
        if risk is not None:
            weak.append((risk, key.code))
    weak.sort()
    codes = tuple(dict.fromkeys(code for _, code in weak))  # a point asked several ways is listed once
    return GroupProgress(name, len(keys), new, learning, learned, due, codes)


def _risk(card: StudyCard, schedule: Schedule, now: datetime) -> tuple[bool, float, int] | None:
    """A sort key (lowest = most at risk) for a weak card, or None when the card is not weak."""
    recall = schedule.retrievability(card, now)
    failed = card.last_rating == Rating.Again
    shaky = card.last_rating == Rating.Hard
    if not (failed or shaky or card.lapses >= WEAK_LAPSES or recall < WEAK_RETRIEVABILITY):
        return None
    # A card failed just now has a predicted recall of 1 (fsrs counts elapsed time in whole days), so the
    # failure itself ranks first; then the lowest predicted recall, then the most lapses.
    return (not failed, recall, -card.lapses)
