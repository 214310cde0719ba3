"""Study-mode benchmarks (all Qt-free): reading the material, building a question, measuring a point, ordering and
summing up a large store of reviewed cards, and saving an answer; each beside a baseline measured in the same run.

- Material.load() against repo.points() alone (the catalogue read it builds on);
- question_for() over every card of the "all" deck against the trivial work any question does;
- measure() for every drawn point, view and side against placing that point on a fresh Geometry;
- due_order() and progress() over 5,000 cards given real fsrs states against sorting the same cards by due time;
- StudySession.record() on a real data file against UserStore.set_note() (another one-transaction write).
Run with `make bench`. Machines here are shared and noisy, so every figure is printed beside a ratio to a baseline
interleaved with it (which of the two goes first alternates), and the ratios are what to compare between runs.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from figures import Figure, p99

from acuviewer.bodymap.figure import VIEWS
from acuviewer.bodymap.geometry import Geometry, Unplaceable
from acuviewer.bodymap.measure import measure, views_of
from acuviewer.catalogue.locate import default_catalogue
from acuviewer.catalogue.model import Segment
from acuviewer.catalogue.repository import Repository
from acuviewer.study.cards import CardKey
from acuviewer.study.decks import Deck, all_decks, deck_cards
from acuviewer.study.material import Material
from acuviewer.study.progress import progress
from acuviewer.study.questions import question_for
from acuviewer.study.schedule import Schedule, due_order, fsrs_card
from acuviewer.study.session import StudySession
from acuviewer.userdata.model import StudyCard
from acuviewer.userdata.store import UserStore

SEED = 20240611
LOAD_ROUNDS = 31
QUESTION_ROUNDS = 20
MEASURE_ROUNDS = 12
STORE_CARDS = 5_000
STORE_DAYS = 180  # each synthetic card is first studied at some time in the last half year
MAX_REVIEWS = 12
SCHEDULE_ROUNDS = 21
ANSWERS = 600
NOW = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)  # fixed, so the share of due cards is the same every run
UNITS = {"ms": 1e6, "µs": 1e3}


def _figure(name: str, unit: str, samples_ns: list[int], base_ns: list[int]) -> Figure:
    scale = UNITS[unit]
    samples, base = [s / scale for s in samples_ns], [b / scale for b in base_ns]
    return Figure(
        name, unit, len(samples), statistics.median(samples), p99(samples), statistics.median(base), p99(base)
    )


def _ns(action: Callable[[], object]) -> int:
    start = time.perf_counter_ns()
    action()
    return time.perf_counter_ns() - start


def _pair(
    turn: int, measured: Callable[[], object], baseline: Callable[[], object], into: tuple[list[int], list[int]]
) -> None:
    """Times both, the measured one first on even turns and the baseline first on odd ones, so neither always runs
    on a cache the other has just warmed (or a core the other has just been preempted on)."""
    samples, base = into
    if turn % 2:
        base.append(_ns(baseline))
        samples.append(_ns(measured))
    else:
        samples.append(_ns(measured))
        base.append(_ns(baseline))


# --- 1. reading the material --------------------------------------------------------------------------------------
def bench_load(repo: Repository) -> Figure:
    into: tuple[list[int], list[int]] = ([], [])
    Material.load(repo)  # warm the page cache and sqlite's statement cache for both
    repo.points()
    for turn in range(LOAD_ROUNDS):
        _pair(turn, lambda: Material.load(repo), repo.points, into)
    return _figure("Material.load (whole catalogue)", "ms", *into)


# --- 2. questions -------------------------------------------------------------------------------------------------
def bench_questions(material: Material) -> tuple[Figure, dict[str, float]]:
    deck = next(d for d in all_decks(material) if d.kind == "all")
    cards = deck_cards(deck, material)
    rng = random.Random(SEED)
    points = material.points

    def trivial(card: CardKey) -> object:
        # What every question does whatever its kind: find its point, then shuffle a handful of choices (the
        # name and pregnancy cards offer four). Building the 4-list is part of it, as a question builds its own.
        point = points[card.code]
        choices = [card.code, "a", "b", "c"]
        rng.shuffle(choices)
        return point, choices

    into: tuple[list[int], list[int]] = ([], [])
    by_kind: dict[str, list[int]] = {}
    turn = 0
    for _ in range(QUESTION_ROUNDS):
        for card in cards:
            _pair(turn, lambda c=card: question_for(c, material, rng), lambda c=card: trivial(c), into)  # type: ignore[misc]
            by_kind.setdefault(card.kind, []).append(into[0][-1])
            turn += 1
    kinds = {kind: statistics.median(ns) / 1e3 for kind, ns in by_kind.items()}
    return _figure(f"question_for ({len(cards)} cards of {deck.title!r})", "µs", *into), kinds


# --- 3. measuring a point -----------------------------------------------------------------------------------------
def bench_measure(material: Material, segments: list[Segment]) -> Figure:
    points = material.points
    spots: list[tuple[str, str, str]] = []  # (code, view, side) for every side of every view a point is drawn in
    for code in material.order:
        point = points[code]
        for view in views_of(point):
            if view not in VIEWS:
                continue
            geometry = Geometry(VIEWS[view], points, segments)
            for side in geometry.sides(point):
                try:
                    measure(VIEWS[view], points, segments, code, side)
                except Unplaceable:
                    continue
                spots.append((code, view, side))
    into: tuple[list[int], list[int]] = ([], [])
    turn = 0
    for _ in range(MEASURE_ROUNDS):
        for code, view, side in spots:
            _pair(
                turn,
                lambda c=code, v=VIEWS[view], s=side: measure(v, points, segments, c, s),  # type: ignore[misc]
                lambda c=code, v=VIEWS[view], s=side: Geometry(v, points, segments).position(c, s),  # type: ignore[misc]
                into,
            )
            turn += 1
    return _figure(f"measure ({len(spots)} point/view/sides)", "µs", *into)


# --- 4. ordering and progress over a large store ------------------------------------------------------------------
def synthetic_store(material: Material, decks: list[Deck]) -> tuple[list[CardKey], dict[str, StudyCard]]:
    """STORE_CARDS channel-deck cards copied under new codes (BL40 -> BL40X7), each reviewed from a random start
    in the last STORE_DAYS days until NOW (or MAX_REVIEWS answers), on or after each due time, with seeded ratings."""
    rng = random.Random(SEED)
    schedule = Schedule(fuzz=False)
    real = [key for deck in decks for key in deck_cards(deck, material)]
    keys = [CardKey(k.kind, f"{k.code}X{i}") for i in range(STORE_CARDS // len(real) + 1) for k in real][:STORE_CARDS]
    cards: dict[str, StudyCard] = {}
    for key in keys:
        moment = NOW - timedelta(days=rng.uniform(0, STORE_DAYS))
        card: StudyCard | None = None
        while moment < NOW and (card is None or card.reviews < MAX_REVIEWS):
            rating = rng.choices((1, 2, 3, 4), weights=(2, 2, 7, 1))[0]
            card = schedule.review(key, card, rating, moment)
            # The student comes back when the card is due, or up to a few days late.
            due = datetime.fromisoformat(card.due)
            moment = max(due, moment + timedelta(minutes=1)) + timedelta(hours=rng.expovariate(1 / 30))
        assert card is not None
        cards[key.card_id] = card
    return keys, cards


def bench_schedule(material: Material) -> tuple[list[Figure], str]:
    channel_decks = [d for d in all_decks(material) if d.kind == "channel"]
    keys, cards = synthetic_store(material, channel_decks)
    # The deck also holds the real cards, never studied, so new_limit has new cards to cut.
    deck = keys + [key for d in channel_decks for key in deck_cards(d, material)]
    groups: dict[str, list[CardKey]] = {}
    for key in keys:
        channel = material.points[key.code.rpartition("X")[0]].channel
        assert channel is not None  # channel decks hold channel points only
        groups.setdefault(channel, []).append(key)
    schedule = Schedule(fuzz=False)

    def baseline() -> object:
        return sorted(cards.values(), key=lambda c: c.due)

    order: tuple[list[int], list[int]] = ([], [])
    summed: tuple[list[int], list[int]] = ([], [])
    for turn in range(SCHEDULE_ROUNDS):
        _pair(turn, lambda: due_order(deck, cards, NOW, new_limit=20), baseline, order)
        _pair(turn, lambda: progress(groups, cards, schedule, NOW), baseline, summed)
    due = sum(1 for c in cards.values() if (s := fsrs_card(c)) is not None and s.due <= NOW)
    reviews = sum(c.reviews for c in cards.values())
    note = (
        f"synthetic store: {len(cards)} cards ({reviews} reviews, {due} due at NOW) + {len(deck) - len(keys)} new "
        f"in the deck; {len(groups)} channel groups"
    )
    return [
        _figure(f"due_order ({len(deck)} keys, new_limit=20)", "ms", *order),
        _figure(f"progress ({len(groups)} channel groups)", "ms", *summed),
    ], note


# --- 5. saving an answer ------------------------------------------------------------------------------------------
def bench_record(material: Material, scratch: Path) -> tuple[Figure, str]:
    keys = deck_cards(next(d for d in all_decks(material) if d.kind == "all"), material)
    rng = random.Random(SEED)
    clock = [NOW]

    def now() -> datetime:
        return clock[0]

    with UserStore.open(scratch / "user.sqlite") as store:
        session = StudySession(keys, store, Schedule(fuzz=False), now)
        into: tuple[list[int], list[int]] = ([], [])
        session.record(keys[0], 3)  # the first writes create the WAL and warm the statement cache
        store.set_note(keys[0].code, "warm-up")
        for turn in range(ANSWERS):
            key = keys[turn % len(keys)]
            rating = rng.choice((1, 2, 3, 3, 3, 4))
            _pair(
                turn,
                lambda k=key, r=rating: session.record(k, r, "bench"),  # type: ignore[misc]
                lambda k=key, t=turn: store.set_note(k.code, f"note {t}"),  # type: ignore[misc]
                into,
            )
            clock[0] += timedelta(seconds=30)
        saved = store.study_cards()
        if not session.saved or session.last_error is not None:
            raise RuntimeError(f"answers were not saved: {session.last_error}")
    note = f"data file: {len(saved)} cards, {session.answered} answers saved, one transaction each"
    return _figure("StudySession.record (one answer)", "ms", *into), note


# --- report -------------------------------------------------------------------------------------------------------
BASELINES = {
    "Material.load (whole catalogue)": "repo.points()",
    "question_for": "point lookup + shuffle of 4",
    "measure": "fresh Geometry.position",
    "due_order": "sorted(cards, key=due)",
    "progress": "sorted(cards, key=due)",
    "StudySession.record (one answer)": "UserStore.set_note",
}


def _baseline_name(name: str) -> str:
    return next(words for prefix, words in BASELINES.items() if name.startswith(prefix))


def print_table(figures: list[Figure]) -> None:
    header = f"{'measure':<42} {'n':>5} {'median':>9} {'p99':>9} {'base med':>9} {'base p99':>9} {'ratio':>7}  baseline"
    print("\n" + header + "\n" + "-" * (len(header) + 24))
    for f in figures:
        print(
            f"{f.name:<42} {f.samples:>5} {f.median:>6.2f} {f.unit:<2} {f.p99:>6.2f} {f.unit:<2} "
            f"{f.base_median:>6.2f} {f.unit:<2} {f.base_p99:>6.2f} {f.unit:<2} {f.ratio:>6.2f}x  "
            f"{_baseline_name(f.name)}"
        )


def main() -> int:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Repository.open(default_catalogue()) as repo:
        material = Material.load(repo)
        segments = repo.segments()
        figures = [bench_load(repo)]
        question, kinds = bench_questions(material)
        figures.append(question)
        print("question_for median by kind: " + ", ".join(f"{k} {v:.1f} µs" for k, v in kinds.items()))
        figures.append(bench_measure(material, segments))
        schedule_figures, note = bench_schedule(material)
        figures += schedule_figures
        print(note)
        record, note = bench_record(material, Path(tmp))
        figures.append(record)
        print(note)
    print_table(figures)
    print(f"\n{time.perf_counter() - started:.1f} s in all; compare the ratios between runs, not the times")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
