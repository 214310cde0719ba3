"""One study sitting over one deck: the next card to ask, and recording the answers in the user's data file."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from fsrs import State

from acuviewer.study.cards import CardKey
from acuviewer.study.schedule import Schedule, due_order, fsrs_card, is_new, stamp
from acuviewer.userdata.errors import UserDataError
from acuviewer.userdata.model import StudyCard
from acuviewer.userdata.rules import review_problem, study_card_problem

if TYPE_CHECKING:
    from acuviewer.userdata.store import UserStore


class StudySession:
    """One sitting over one deck: which card comes next, and recording answers. Qt-free; the clock is injected.

    `saved` is True while every answer of the sitting has reached the data file; `last_error` holds the message of
    the latest failure to read or save it (None when there was none, or once answers held back by a passing
    failure such as a lock were saved after all).
    """

    def __init__(
        self,
        keys: Sequence[CardKey],
        store: UserStore | None,
        schedule: Schedule,
        now: Callable[[], datetime],
        new_limit: int = 20,
    ) -> None:
        # store None: the data file could not be opened; progress is then kept in memory only.
        self._keys = tuple(keys)
        self._store = store
        self._schedule = schedule
        self._now = now
        self._new_limit = new_limit
        self._answered = 0
        self._introduced: set[str] = set()  # cards first seen in this sitting, counted against new_limit
        # Answers the store refused (locked by another window, disk full): retried before the next save, in order,
        # so that a passing lock costs nothing.
        self._pending: list[tuple[StudyCard, int, str, str]] = []
        self._lost = False  # an answer that will never reach the file: the sitting is not fully saved
        self.last_error: str | None = None
        self._cards: dict[str, StudyCard] = {}
        if store is not None:
            try:
                saved = store.study_cards()
            except UserDataError as error:
                # Saving without knowing the saved states would overwrite the student's progress with fresh
                # cards, so this sitting stays in memory.
                self._store = None
                self._lost = True
                self.last_error = str(error)
            else:
                wanted = {key.card_id for key in self._keys}
                self._cards = {card_id: card for card_id, card in saved.items() if card_id in wanted}

    @property
    def saved(self) -> bool:
        return self._store is not None and not self._pending and not self._lost

    @property
    def answered(self) -> int:
        """Answers recorded this sitting."""
        return self._answered

    @property
    def due_count(self) -> int:
        """Cards due now plus the new cards this sitting may still introduce."""
        return len(self._order())

    def next(self) -> CardKey | None:
        """The card to ask now, or None when nothing is due; recomputed from the latest states each time, so a
        card rated Again comes back once its short learning step has passed."""
        order = self._order()
        return order[0] if order else None

    def upcoming(self) -> datetime | None:
        """When the next card still in its learning steps becomes due (for "next card in 1 minute"), or None."""
        times = [
            state.due
            for state in (fsrs_card(card) for card in self._cards.values())
            if state is not None and state.state != State.Review
        ]
        return min(times) if times else None

    def card(self, key: CardKey) -> StudyCard | None:
        return self._cards.get(key.card_id)

    def record(self, key: CardKey, rating: int, detail: str = "") -> StudyCard:
        """Schedules the answer and saves it. A failure to save keeps the new state in memory and sets
        `last_error`; it is never raised (the student keeps studying). ValueError for a rating outside 1..4."""
        now = self._now()
        previous = self._cards.get(key.card_id)
        updated = self._schedule.review(key, previous, rating, now)
        grade = updated.last_rating
        assert grade is not None  # review() always sets it
        if is_new(previous):
            self._introduced.add(key.card_id)
        self._cards[key.card_id] = updated
        self._answered += 1
        if self._store is None:
            return updated
        # The rating as a plain int from the card: the store refuses anything else (fsrs.Rating included).
        review = (updated, int(grade), stamp(now), detail)
        # Only failures of the file are worth retrying; an answer the store's rules refuse (a detail too long,
        # say) would be refused forever and hold back every later answer in the queue.
        problem = study_card_problem(updated) or review_problem(*review[1:])
        if problem:
            self.last_error = f"The review of the study card {key.card_id[:60]!r} cannot be saved: {problem}."
            self._lost = True
            return updated
        self._pending.append(review)
        self._flush(self._store)
        return updated

    def _flush(self, store: UserStore) -> None:
        while self._pending:
            card, rating, reviewed, detail = self._pending[0]
            try:
                store.save_review(card, rating, reviewed, detail)
            except UserDataError as error:
                self.last_error = str(error)
                return
            self._pending.pop(0)
        if not self._lost:
            self.last_error = None

    def _order(self) -> list[CardKey]:
        remaining = max(0, self._new_limit - len(self._introduced))
        return due_order(self._keys, self._cards, self._now(), remaining)
