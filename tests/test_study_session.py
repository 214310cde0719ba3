"""A study sitting over a real data file: what comes next, what is saved, and what happens when saving fails."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

from acuviewer.study.cards import CardKey
from acuviewer.study.schedule import Schedule
from acuviewer.study.session import StudySession
from acuviewer.userdata.errors import UserDataError
from acuviewer.userdata.model import StudyCard
from acuviewer.userdata.store import UserStore

T0 = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)
AGAIN, GOOD, EASY = 1, 3, 4
KEYS = [CardKey(kind, code) for code in ("BL23", "BL40", "GB30") for kind in ("locate", "name")]


class Clock:
    """The injected clock: a test moves time on by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(tmp_path: Path) -> UserStore:
    return UserStore.open(tmp_path / "user.sqlite")


def session_over(store: UserStore | None, clock: Clock, new_limit: int = 20) -> StudySession:
    return StudySession(KEYS, store, Schedule(fuzz=False), clock, new_limit=new_limit)


def answer(session: StudySession, rating: int) -> CardKey:
    key = session.next()
    assert key is not None
    session.record(key, rating)
    return key


def test_answers_persist_and_answered_cards_are_not_due_after_reopening(
    tmp_path: Path, store: UserStore, clock: Clock
) -> None:
    session = session_over(store, clock)
    assert session.saved and session.due_count == len(KEYS)
    answered = [answer(session, rating) for rating in (GOOD, EASY, GOOD)]
    assert answered == KEYS[:3]  # new cards come in the deck's order
    assert session.answered == 3 and session.last_error is None
    states = {key: session.card(key) for key in answered}
    store.close()

    clock.advance(minutes=5)
    with UserStore.open(tmp_path / "user.sqlite") as reopened:
        again = session_over(reopened, clock)
        assert {key: again.card(key) for key in answered} == states
        assert [review.rating for review in reopened.study_reviews()] == [GOOD, EASY, GOOD]
        assert again.answered == 0
        assert again.next() == KEYS[3]
        assert again.due_count == len(KEYS) - 3
        # Once the ten-minute learning step has passed, the cards rated Good come back; the Easy one does not.
        clock.advance(minutes=6)
        assert again.next() == KEYS[0]
        assert again.due_count == len(KEYS) - 3 + 2


def test_a_card_rated_again_returns_after_its_learning_step(store: UserStore, clock: Clock) -> None:
    session = session_over(store, clock, new_limit=1)
    key = answer(session, AGAIN)
    assert key == KEYS[0]
    card = session.card(key)
    assert card is not None and card.last_rating == AGAIN
    # Nothing is due: the one new card allowed has been used, and the failed card waits for its step.
    assert session.next() is None and session.due_count == 0
    step = session.upcoming()
    assert step is not None and timedelta(minutes=1) <= step - clock.now <= timedelta(minutes=10)
    clock.now = step
    assert session.next() == key
    session.record(key, GOOD)
    assert session.next() is None
    assert session.answered == 2
    assert [review.card_id for review in store.study_reviews()] == [key.card_id, key.card_id]


def test_without_a_store_progress_is_kept_in_memory(clock: Clock) -> None:
    session = session_over(None, clock, new_limit=2)
    assert not session.saved and session.last_error is None
    first = answer(session, EASY)
    second = answer(session, EASY)
    assert (first, second) == (KEYS[0], KEYS[1])
    card = session.card(first)
    assert card is not None and card.reviews == 1
    assert session.next() is None and session.answered == 2
    assert not session.saved and session.last_error is None


def test_a_failed_save_keeps_the_answer_in_memory_and_is_retried(
    store: UserStore, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    session = session_over(store, clock)
    save_review = store.save_review

    def refuse(card: StudyCard, rating: int, reviewed: str, detail: str = "") -> None:
        raise UserDataError("AcuViewer could not save the study progress because the disk is full.")

    monkeypatch.setattr(store, "save_review", refuse)
    key = KEYS[0]
    card = session.record(key, GOOD, detail="between the tendons")
    assert session.card(key) == card and card.reviews == 1
    assert session.last_error == "AcuViewer could not save the study progress because the disk is full."
    assert not session.saved
    assert store.study_reviews() == []

    # The disk has room again: the next answer saves the one that failed first, in order.
    monkeypatch.setattr(store, "save_review", save_review)
    clock.advance(minutes=1)
    session.record(KEYS[1], EASY)
    assert session.saved and session.last_error is None
    reviews = store.study_reviews()
    assert [(review.card_id, review.rating, review.detail) for review in reviews] == [
        (KEYS[0].card_id, GOOD, "between the tendons"),
        (KEYS[1].card_id, EASY, ""),
    ]
    assert store.study_cards()[key.card_id] == card


def test_an_unreadable_store_leaves_the_sitting_in_memory(
    store: UserStore, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unreadable() -> dict[str, StudyCard]:
        raise UserDataError("The study card in user.sqlite is damaged.")

    monkeypatch.setattr(store, "study_cards", unreadable)
    session = session_over(store, clock)
    assert not session.saved and session.last_error == "The study card in user.sqlite is damaged."
    answer(session, GOOD)
    # Nothing was written: saving without the saved states would have overwritten them with fresh cards.
    assert store.study_reviews() == []
    assert session.last_error == "The study card in user.sqlite is damaged."


def test_a_bad_rating_is_refused_before_anything_changes(store: UserStore, clock: Clock) -> None:
    session = session_over(store, clock)
    with pytest.raises(ValueError):
        session.record(KEYS[0], 0)
    assert session.answered == 0 and session.card(KEYS[0]) is None and store.study_reviews() == []


def test_an_answer_the_store_refuses_does_not_hold_back_later_ones(store: UserStore, clock: Clock) -> None:
    session = session_over(store, clock)
    session.record(KEYS[0], GOOD, detail="x" * 100_000)  # longer than a review's detail may be
    assert session.last_error is not None and "detail" in session.last_error
    assert not session.saved and session.card(KEYS[0]) is not None
    session.record(KEYS[1], Rating.Easy)  # fsrs's own enum is accepted and stored as a plain number
    assert [(review.card_id, review.rating) for review in store.study_reviews()] == [(KEYS[1].card_id, EASY)]
    assert not session.saved  # the first answer is still missing from the file
