"""Spaced repetition for study cards with FSRS (the `fsrs` package), and the order in which cards are asked."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from functools import lru_cache

from fsrs import Card, Rating, Scheduler, State

from acuviewer.study.cards import CardKey
from acuviewer.userdata.model import StudyCard

# Python's json and fsrs's Card.from_dict raise these for text that is not a well-formed fsrs card
# (RecursionError: "[[[[..." nested deep).
_PARSE_ERRORS = (ValueError, TypeError, KeyError, AttributeError, OverflowError, RecursionError)


class Schedule:
    """FSRS with AcuViewer's settings: retention 0.9, fsrs's default learning steps; fuzzing on (off for tests)."""

    def __init__(self, *, desired_retention: float = 0.9, fuzz: bool = True) -> None:
        # fsrs's default steps (1 and 10 minutes; 10 minutes to relearn) suit a sitting of a few minutes: a
        # point answered wrongly comes back before the student closes the window.
        self._scheduler = Scheduler(desired_retention=desired_retention, enable_fuzzing=fuzz)

    def review(self, key: CardKey, card: StudyCard | None, rating: int, now: datetime) -> StudyCard:
        """The card after an answer rated `rating` (1 Again .. 4 Easy) at `now`; `card` None means never seen.

        Raises ValueError for a rating outside 1..4 or a `now` without a time zone.
        """
        moment = _utc(now)
        if isinstance(rating, bool):  # True == 1 in Python, but a checkbox's value is never a rating
            raise ValueError(f"not a rating: {rating!r}")
        grade = Rating(rating)
        previous = fsrs_card(card) if card is not None else None
        if previous is None:
            # A fresh card, or one whose saved state is damaged: start over rather than refuse to study it. The
            # card id fsrs wants is only a label; deriving it from the injected clock keeps tests deterministic
            # (fsrs's own default reads the wall clock and sleeps a millisecond).
            previous = Card(card_id=int(moment.timestamp() * 1000), due=moment)
        updated, _log = self._scheduler.review_card(previous, grade, review_datetime=moment)
        # A lapse is forgetting something already learned (Anki's meaning): failing during the first learning
        # steps or again while relearning is not counted twice.
        lapsed = previous.state == State.Review and grade == Rating.Again
        return StudyCard(
            card_id=key.card_id,
            code=key.code,
            kind=key.kind,
            state=updated.to_json(),
            due=stamp(updated.due),
            reviews=(card.reviews if card is not None else 0) + 1,
            lapses=(card.lapses if card is not None else 0) + int(lapsed),
            last_rating=int(grade),
            last_review=stamp(moment),
        )

    def retrievability(self, card: StudyCard, now: datetime) -> float:
        """FSRS's predicted chance (0..1) that the student recalls the card at `now`; 0 for one never reviewed."""
        state = fsrs_card(card)
        if state is None:
            return 0.0
        value = float(self._scheduler.get_card_retrievability(state, current_datetime=_utc(now)))
        return min(1.0, max(0.0, value))

    def is_due(self, card: StudyCard, now: datetime) -> bool:
        """True when the card has been reviewed and its next review time has come (False for a damaged state,
        which is treated as a new card)."""
        state = fsrs_card(card)
        return state is not None and state.due <= _utc(now)


def fsrs_card(card: StudyCard) -> Card | None:
    """The fsrs Card saved in `card.state`, or None when the text is damaged (the card is then treated as new)."""
    return _parsed(card.state)


# Ordering, progress and each answer read the same saved states again and again; parsing the JSON was most of
# their time (benchmarks/study.py). The cached Cards are never changed: fsrs's review_card works on a copy.
@lru_cache(maxsize=8192)
def _parsed(text: str) -> Card | None:
    try:
        state = Card.from_json(text)
    except _PARSE_ERRORS:
        return None
    # from_json accepts some values that would make the scheduler fail later (naive times, a Review card with no
    # stability, a step that is not a number); refuse them here so that one bad row never stops a sitting.
    if state.due.tzinfo is None or (state.last_review is not None and state.last_review.tzinfo is None):
        return None
    if state.step is not None and (not isinstance(state.step, int) or state.step < 0):
        return None
    if state.state != State.Review and state.step is None:
        return None
    if state.state != State.Learning and (state.stability is None or state.difficulty is None):
        return None
    for value in (state.stability, state.difficulty):
        if value is not None and not (math.isfinite(value) and value > 0):
            return None
    return state


def is_new(card: StudyCard | None) -> bool:
    """True for a card never seen, or one whose saved state is damaged (it starts over as new)."""
    return card is None or fsrs_card(card) is None


def due_order(keys: Sequence[CardKey], cards: Mapping[str, StudyCard], now: datetime, new_limit: int) -> list[CardKey]:
    """What to ask next: due cards, most overdue first; then at most `new_limit` new cards, in the order of `keys`.

    Cards seen and not yet due are left out. A card whose saved state is damaged counts as new, so that one bad
    row costs the student that card's history rather than the whole sitting.
    """
    moment = _utc(now)
    due: list[tuple[datetime, int, CardKey]] = []
    new: list[CardKey] = []
    for position, key in enumerate(keys):
        card = cards.get(key.card_id)
        state = fsrs_card(card) if card is not None else None
        if state is None:
            new.append(key)
        elif state.due <= moment:
            # The position breaks ties so that equal due times keep the deck's order (CardKey sorts by kind).
            due.append((_utc(state.due), position, key))
    due.sort(key=lambda item: (item[0], item[1]))
    return [key for _, _, key in due] + new[: max(0, new_limit)]


def stamp(moment: datetime) -> str:
    """A study time as the data file keeps it: UTC, in the form fsrs writes (datetime.isoformat())."""
    return _utc(moment).isoformat()


def _utc(moment: datetime) -> datetime:
    # fsrs insists on timezone.utc itself; a naive time would be a guess about the local zone, so refuse it.
    if moment.tzinfo is None:
        raise ValueError(f"a study time needs a time zone: {moment.isoformat()}")
    return moment.astimezone(UTC)
