"""FSRS scheduling of study cards, the order cards are asked in, and the progress counts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fsrs import Card, State

from acuviewer.study.cards import CardKey
from acuviewer.study.progress import GroupProgress, progress
from acuviewer.study.schedule import Schedule, due_order, fsrs_card, is_new
from acuviewer.userdata.model import StudyCard

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
KEY = CardKey("locate", "BL40")
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4


@pytest.fixture
def schedule() -> Schedule:
    return Schedule(fuzz=False)


def state_of(card: StudyCard) -> Card:
    parsed = fsrs_card(card)
    assert parsed is not None
    return parsed


def due_of(card: StudyCard) -> datetime:
    return datetime.fromisoformat(card.due)


def graduated(schedule: Schedule, key: CardKey = KEY, when: datetime = T0) -> StudyCard:
    """A card taken through its learning steps into the Review state."""
    card = schedule.review(key, None, GOOD, when)
    card = schedule.review(key, card, GOOD, due_of(card))
    assert state_of(card).state == State.Review
    return card


def test_a_new_card_rated_good_is_due_later_and_learning(schedule: Schedule) -> None:
    card = schedule.review(KEY, None, GOOD, T0)
    assert due_of(card) > T0
    assert state_of(card).state in (State.Learning, State.Review)
    assert (card.card_id, card.code, card.kind) == ("locate:BL40", "BL40", "locate")
    assert (card.reviews, card.lapses, card.last_rating) == (1, 0, GOOD)
    assert card.last_review is not None and datetime.fromisoformat(card.last_review) == T0
    assert due_of(card).utcoffset() == timedelta(0)


def test_a_card_rated_again_comes_back_within_minutes(schedule: Schedule) -> None:
    card = schedule.review(KEY, None, AGAIN, T0)
    assert T0 + timedelta(minutes=1) <= due_of(card) <= T0 + timedelta(minutes=10)
    assert not schedule.is_due(card, T0)
    assert schedule.is_due(card, due_of(card))


def test_repeated_good_answers_give_growing_intervals(schedule: Schedule) -> None:
    card = graduated(schedule)
    intervals = []
    for _ in range(5):
        when = due_of(card)
        card = schedule.review(KEY, card, GOOD, when)
        intervals.append(due_of(card) - when)
    assert intervals[0] >= timedelta(days=2)
    assert intervals == sorted(intervals) and len(set(intervals)) == len(intervals)
    assert card.reviews == 7 and card.lapses == 0


def test_lapses_count_only_cards_forgotten_after_learning(schedule: Schedule) -> None:
    card = schedule.review(KEY, None, AGAIN, T0)
    assert card.lapses == 0  # failing during the first learning steps is not a lapse
    card = graduated(schedule, when=due_of(card))
    card = schedule.review(KEY, card, AGAIN, due_of(card))
    assert card.lapses == 1 and state_of(card).state == State.Relearning
    card = schedule.review(KEY, card, AGAIN, due_of(card))
    assert card.lapses == 1  # still relearning: the same lapse
    card = schedule.review(KEY, card, GOOD, due_of(card))
    assert state_of(card).state == State.Review
    card = schedule.review(KEY, card, AGAIN, due_of(card))
    assert card.lapses == 2 and card.last_rating == AGAIN


def test_state_json_round_trips_through_fsrs(schedule: Schedule) -> None:
    card = schedule.review(KEY, graduated(schedule), HARD, T0 + timedelta(days=3))
    parsed = Card.from_json(card.state)
    assert parsed.to_json() == card.state
    assert parsed.due == due_of(card)
    assert parsed.last_review == T0 + timedelta(days=3)
    # A card rebuilt from its saved text schedules exactly like the one in memory.
    rebuilt = replace(card, state=Card.from_json(card.state).to_json())
    later = T0 + timedelta(days=20)
    assert schedule.review(KEY, rebuilt, GOOD, later) == schedule.review(KEY, card, GOOD, later)


def test_retrievability_is_one_after_a_review_and_falls_with_time(schedule: Schedule) -> None:
    card = graduated(schedule)
    reviewed = datetime.fromisoformat(card.last_review or "")
    assert schedule.retrievability(card, reviewed) == pytest.approx(1.0)
    values = [schedule.retrievability(card, reviewed + timedelta(days=days)) for days in (1, 5, 30, 300)]
    assert values == sorted(values, reverse=True) and len(set(values)) == 4
    assert 0.0 < values[-1] < 0.8


@pytest.mark.parametrize(
    "state",
    [
        "not json",
        "null",
        "[]",
        "[" * 100_000,
        '{"card_id": 1}',
        '{"card_id": 1, "state": 9, "step": 0, "stability": null, "difficulty": null,'
        ' "due": "2025-03-01T09:00:00+00:00", "last_review": null}',
        # a Review card without stability would make fsrs fail on the next review
        '{"card_id": 1, "state": 2, "step": null, "stability": null, "difficulty": null,'
        ' "due": "2025-03-01T09:00:00+00:00", "last_review": null}',
        # a time without a zone cannot be compared with now
        '{"card_id": 1, "state": 1, "step": 0, "stability": null, "difficulty": null,'
        ' "due": "2025-03-01T09:00:00", "last_review": null}',
        '{"card_id": 1, "state": 3, "step": "x", "stability": 2.0, "difficulty": 5.0,'
        ' "due": "2025-03-01T09:00:00+00:00", "last_review": "2025-02-01T09:00:00+00:00"}',
    ],
)
def test_a_damaged_state_is_treated_as_new(schedule: Schedule, state: str) -> None:
    damaged = StudyCard(KEY.card_id, KEY.code, KEY.kind, state, "2025-02-01T09:00:00+00:00", reviews=4, lapses=1)
    assert is_new(damaged) and fsrs_card(damaged) is None
    assert not schedule.is_due(damaged, T0)
    assert schedule.retrievability(damaged, T0) == 0.0
    assert due_order([KEY], {KEY.card_id: damaged}, T0, new_limit=1) == [KEY]
    assert due_order([KEY], {KEY.card_id: damaged}, T0, new_limit=0) == []
    # Reviewing starts over from a fresh fsrs card; the counts of earlier answers are kept.
    again = schedule.review(KEY, damaged, GOOD, T0)
    assert again == replace(schedule.review(KEY, None, GOOD, T0), reviews=5, lapses=1)


def test_review_refuses_a_bad_rating_or_a_time_without_zone(schedule: Schedule) -> None:
    with pytest.raises(ValueError):
        schedule.review(KEY, None, 5, T0)
    with pytest.raises(ValueError):
        schedule.review(KEY, None, True, T0)
    with pytest.raises(ValueError):
        schedule.review(KEY, None, GOOD, T0.replace(tzinfo=None))


def test_fuzzing_keeps_intervals_near_the_unfuzzed_ones() -> None:
    plain, fuzzed = Schedule(fuzz=False), Schedule()
    card = graduated(plain)
    when = due_of(card) + timedelta(days=30)  # late, so that the next interval is long enough to be fuzzed
    exact = due_of(plain.review(KEY, card, GOOD, when)) - when
    for _ in range(20):
        interval = due_of(fuzzed.review(KEY, card, GOOD, when)) - when
        assert abs(interval - exact) <= exact * 0.15


def test_due_order_puts_the_most_overdue_first_then_new_cards_in_deck_order(schedule: Schedule) -> None:
    keys = [CardKey("locate", code) for code in ("BL23", "BL25", "BL36", "BL37", "BL40", "GB30", "GB34")]
    a, b, c, *new = keys
    cards = {
        a.card_id: schedule.review(a, None, EASY, T0 - timedelta(days=10)),  # due about 2 days ago
        b.card_id: schedule.review(b, None, EASY, T0 - timedelta(days=13)),  # due about 5 days ago
        c.card_id: schedule.review(c, None, EASY, T0 - timedelta(days=1)),  # not due yet
    }
    assert due_of(cards[b.card_id]) < due_of(cards[a.card_id]) <= T0 < due_of(cards[c.card_id])
    assert due_order(keys, cards, T0, new_limit=2) == [b, a, new[0], new[1]]
    assert due_order(keys, cards, T0, new_limit=10) == [b, a, *new]
    assert due_order(keys, cards, T0, new_limit=0) == [b, a]
    assert due_order(keys, cards, T0, new_limit=-1) == [b, a]
    assert due_order(list(reversed(keys)), cards, T0, new_limit=1) == [b, a, new[-1]]


def test_progress_counts_add_up_and_keep_the_group_order(schedule: Schedule) -> None:
    now = T0 + timedelta(minutes=1)
    new_key, learning_key, learned_key, due_key = (CardKey("name", code) for code in ("ST36", "BL40", "GB30", "BL23"))
    cards = {
        learning_key.card_id: schedule.review(learning_key, None, GOOD, T0),  # next step in 10 minutes
        learned_key.card_id: schedule.review(learned_key, None, EASY, T0),  # Review, due in days
        due_key.card_id: schedule.review(due_key, None, EASY, T0 - timedelta(days=30)),
    }
    groups = {"BL": [learning_key, due_key], "all": [new_key, learning_key, learned_key, due_key], "empty": []}
    result = progress(groups, cards, schedule, now)
    assert [group.name for group in result] == ["BL", "all", "empty"]
    every = result[1]
    assert (every.total, every.new, every.learning, every.learned, every.due) == (4, 1, 1, 1, 1)
    for group in result:
        assert group.new + group.learning + group.learned + group.due == group.total
    assert result[2] == GroupProgress("empty", 0, 0, 0, 0, 0, ())
    # Due wins over the learning state once the step has passed.
    later = progress({"x": [learning_key]}, cards, schedule, T0 + timedelta(minutes=10))[0]
    assert (later.learning, later.due) == (0, 1)


def test_progress_finds_weak_cards_by_each_rule_most_at_risk_first(schedule: Schedule) -> None:
    keys = {code: CardKey("locate", code) for code in ("AGAIN", "HARD", "LAPSED", "FADED", "FINE", "NEW")}
    now = T0 + timedelta(days=1)
    fine = graduated(schedule, keys["FINE"], when=now - timedelta(days=1))
    faded = graduated(schedule, keys["FADED"], when=now - timedelta(days=200))
    cards = {
        keys["AGAIN"].card_id: schedule.review(keys["AGAIN"], None, AGAIN, now),
        keys["HARD"].card_id: schedule.review(keys["HARD"], graduated(schedule, keys["HARD"]), HARD, now),
        keys["LAPSED"].card_id: replace(graduated(schedule, keys["LAPSED"], when=now), lapses=2),
        keys["FADED"].card_id: faded,
        keys["FINE"].card_id: fine,
    }
    assert schedule.retrievability(faded, now) < 0.8 <= schedule.retrievability(fine, now)
    (group,) = progress({"deck": list(keys.values())}, cards, schedule, now)
    assert set(group.weak) == {"AGAIN", "HARD", "LAPSED", "FADED"}
    assert group.weak[:2] == ("AGAIN", "FADED")  # the failure first, then the lowest predicted recall


def test_a_point_asked_several_ways_is_weak_once(schedule: Schedule) -> None:
    locate, name = CardKey("locate", "BL40"), CardKey("name", "BL40")
    cards = {key.card_id: schedule.review(key, None, AGAIN, T0) for key in (locate, name)}
    (group,) = progress({"BL": [locate, name]}, cards, schedule, T0)
    assert group.weak == ("BL40",)
