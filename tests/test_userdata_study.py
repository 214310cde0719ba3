"""Study progress in the user data: fsrs cards and their reviews, saved atomically, migrated, backed up and checked."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import fsrs
import pytest
from userdata_samples import contents, dump, fill, sample_plan, without_times

from acuviewer.userdata import paths, schema
from acuviewer.userdata.backup import backup_to, restore, validate
from acuviewer.userdata.errors import DamagedDataError
from acuviewer.userdata.exchange import export_plans
from acuviewer.userdata.model import STUDY_KINDS, StudyCard, StudyReview
from acuviewer.userdata.store import UserDataError, UserStore

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# Fuzzing off: the same answers give the same schedule, so tests can compare cards whole.
SCHEDULER = fsrs.Scheduler(enable_fuzzing=False)


@pytest.fixture(autouse=True)
def _private_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Nothing here may reach the real practitioner's data, whatever a test calls.
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(tmp_path / "data"))


@pytest.fixture
def store_file(tmp_path: Path) -> Path:
    return paths.store_path(tmp_path / "data")


@pytest.fixture
def store(store_file: Path) -> Iterator[UserStore]:
    with UserStore.open(store_file) as opened:
        yield opened


def answer(
    code: str, kind: str, rating: int, when: datetime, previous: StudyCard | None = None
) -> tuple[StudyCard, str]:
    """The card after answering it with `rating` at `when`, as study mode builds it with fsrs, and the review time."""
    card = fsrs.Card.from_dict(json.loads(previous.state)) if previous else fsrs.Card()
    card, _ = SCHEDULER.review_card(card, fsrs.Rating(rating), when)
    reviews = previous.reviews + 1 if previous else 1
    lapses = previous.lapses + (rating == 1) if previous else 0  # "again" on a card already learnt
    reviewed = when.isoformat()
    studied = StudyCard(
        card_id=f"{kind}:{code}",
        code=code,
        kind=kind,
        state=json.dumps(card.to_dict()),
        due=card.due.isoformat(),
        reviews=reviews,
        lapses=lapses,
        last_rating=rating,
        last_review=reviewed,
    )
    return studied, reviewed


def study_some(store: UserStore) -> dict[str, StudyCard]:
    """Three cards, one of them answered twice; returns the cards as last saved."""
    latest = {}
    for index, (code, kind) in enumerate([("GB34", "locate"), ("BL40", "name"), ("ST36", "prescription")]):
        card, when = answer(code, kind, 3, START + timedelta(minutes=index))
        store.save_review(card, 3, when, f"first answer {index}")
        latest[card.card_id] = card
    card, when = answer("GB34", "locate", 1, START + timedelta(days=1), latest["locate:GB34"])
    store.save_review(card, 1, when, "0.4 cun off")
    latest[card.card_id] = card
    return latest


def _raw(path: Path, sql: str, *args: object) -> None:
    conn = sqlite3.connect(path)
    try:
        conn.execute(sql, args)
        conn.commit()
    finally:
        conn.close()


def _count(path: Path, table: str) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


# Saving and reading


def test_a_review_round_trips_with_its_card(store: UserStore) -> None:
    card, when = answer("GB34", "locate", 3, START)
    store.save_review(card, 3, when, "0.4 cun off")
    assert store.study_cards() == {"locate:GB34": card}
    assert store.study_reviews("locate:GB34") == [StudyReview("locate:GB34", 3, when, "0.4 cun off")]
    # The state is fsrs's own: it loads back into a Card with the same schedule.
    restored = fsrs.Card.from_dict(json.loads(store.study_cards()["locate:GB34"].state))
    assert restored.due == datetime.fromisoformat(card.due) and restored.stability is not None


def test_a_second_review_appends_and_keeps_the_latest_state(store: UserStore) -> None:
    first, first_time = answer("GB34", "locate", 3, START)
    store.save_review(first, 3, first_time, "on the spot")
    other, other_time = answer("BL40", "pregnancy", 4, START + timedelta(minutes=5))
    store.save_review(other, 4, other_time)
    second, second_time = answer("GB34", "locate", 1, START + timedelta(days=2), first)
    store.save_review(second, 1, second_time, "1.5 cun off")

    cards = store.study_cards()
    assert cards == {"locate:GB34": second, "pregnancy:BL40": other}
    assert cards["locate:GB34"].reviews == 2 and cards["locate:GB34"].lapses == 1
    assert cards["locate:GB34"].last_rating == 1 and cards["locate:GB34"].due != first.due
    assert store.study_reviews("locate:GB34") == [
        StudyReview("locate:GB34", 3, first_time, "on the spot"),
        StudyReview("locate:GB34", 1, second_time, "1.5 cun off"),
    ]
    assert [review.card_id for review in store.study_reviews()] == ["locate:GB34", "pregnancy:BL40", "locate:GB34"]
    assert store.study_reviews("name:GB34") == []


def test_every_study_kind_can_be_stored(store: UserStore) -> None:
    for index, kind in enumerate(STUDY_KINDS):
        card, when = answer("LI4", kind, 1 + index % 4, START)
        store.save_review(card, 1 + index % 4, when)
    assert sorted(store.study_cards()) == sorted(f"{kind}:LI4" for kind in STUDY_KINDS)


def test_times_are_kept_in_utc_in_one_form(store: UserStore) -> None:
    card, _ = answer("GB34", "locate", 3, START)
    zoned = replace(card, due="2026-11-21T10:03:18+01:00", last_review="2026-03-02T09:00:00Z")
    store.save_review(zoned, 3, "2026-03-02T04:00:00.250000-05:00")
    saved = store.study_cards()["locate:GB34"]
    assert saved.due == "2026-11-21T09:03:18+00:00"
    assert saved.last_review == "2026-03-02T09:00:00+00:00"
    assert store.study_reviews()[0].reviewed == "2026-03-02T09:00:00.250000+00:00"
    # fsrs's own form passes through unchanged, so a card read back equals the card saved.
    store.save_review(card, 3, START.isoformat())
    assert store.study_cards() == {"locate:GB34": card}


def test_reviews_are_listed_oldest_first_whatever_the_order_saved(store: UserStore) -> None:
    card, _ = answer("GB34", "locate", 3, START)
    store.save_review(card, 3, "2026-03-02T09:00:00.500000+00:00", "later")
    store.save_review(card, 2, "2026-03-02T09:00:00+00:00", "earlier, without microseconds")
    store.save_review(card, 4, "2026-03-02T08:00:00-01:00", "the same moment as the second, another zone")
    assert [review.detail for review in store.study_reviews("locate:GB34")] == [
        "earlier, without microseconds",
        "the same moment as the second, another zone",
        "later",
    ]


def test_progress_survives_closing_and_reopening(store_file: Path) -> None:
    with UserStore.open(store_file) as first:
        saved = study_some(first)
        history = first.study_reviews()
    with UserStore.open(store_file) as second:
        assert second.study_cards() == saved
        assert second.study_reviews() == history and len(history) == 4


# Refusals


GOOD, GOOD_TIME = answer("GB34", "locate", 3, START)


@pytest.mark.parametrize(
    ("card", "rating", "reviewed", "detail", "field"),
    [
        (replace(GOOD, kind="colour", card_id="colour:GB34"), 3, GOOD_TIME, "", "kind"),
        (GOOD, 0, GOOD_TIME, "", "rating"),
        (GOOD, 5, GOOD_TIME, "", "rating"),
        (GOOD, True, GOOD_TIME, "", "rating"),
        (GOOD, "3", GOOD_TIME, "", "rating"),
        (replace(GOOD, card_id="locate:GB35"), 3, GOOD_TIME, "", "card_id must be locate:GB34"),
        (replace(GOOD, card_id="GB34"), 3, GOOD_TIME, "", "card_id"),
        (replace(GOOD, code=""), 3, GOOD_TIME, "", "code"),
        (replace(GOOD, state="[1, 2]"), 3, GOOD_TIME, "", "state must be a JSON object"),
        (replace(GOOD, state="{not json"), 3, GOOD_TIME, "", "state"),
        (replace(GOOD, state=""), 3, GOOD_TIME, "", "state"),
        (replace(GOOD, state="[" * 5000 + "]" * 5000), 3, GOOD_TIME, "", "state"),
        (replace(GOOD, due="next Tuesday"), 3, GOOD_TIME, "", "due"),
        (replace(GOOD, due="2026-11-21T09:03:18"), 3, GOOD_TIME, "", "due"),  # no zone: whose 09:03?
        (replace(GOOD, reviews=-1), 3, GOOD_TIME, "", "reviews"),
        (replace(GOOD, lapses=10**5000), 3, GOOD_TIME, "", "lapses"),
        (replace(GOOD, last_rating=7), 3, GOOD_TIME, "", "last_rating"),
        (replace(GOOD, last_review="yesterday"), 3, GOOD_TIME, "", "last_review"),
        (GOOD, 3, "9999-12-31T23:59:59-01:00", "", "review time"),  # beyond datetime's range in UTC
        (GOOD, 3, GOOD_TIME, "x" * 2001, "detail"),
        (GOOD, 3, GOOD_TIME, "\ud800", "detail"),
        (None, 3, GOOD_TIME, "", "study card was expected"),
    ],
)
def test_a_bad_review_is_refused_in_words_and_changes_nothing(
    store: UserStore, card: StudyCard, rating: int, reviewed: str, detail: str, field: str
) -> None:
    store.save_review(GOOD, 3, GOOD_TIME, "kept")
    before = (store.study_cards(), store.study_reviews())
    with pytest.raises(UserDataError, match="cannot be saved") as refused:
        store.save_review(card, rating, reviewed, detail)
    assert field in str(refused.value)
    assert len(str(refused.value)) < 400  # a sentence, not a dump of what was offered
    assert (store.study_cards(), store.study_reviews()) == before


def test_a_failure_in_the_middle_of_a_save_keeps_the_previous_state(store: UserStore, store_file: Path) -> None:
    first, first_time = answer("GB34", "locate", 3, START)
    store.save_review(first, 3, first_time)
    # The card is written first, then the review fails inside the same transaction: the card must roll back too.
    _raw(
        store_file,
        "CREATE TRIGGER fail AFTER INSERT ON study_reviews WHEN new.detail = 'boom' "
        "BEGIN SELECT RAISE(ABORT, 'x'); END",
    )
    second, second_time = answer("GB34", "locate", 1, START + timedelta(days=1), first)
    with pytest.raises(UserDataError, match="could not save the study progress"):
        store.save_review(second, 1, second_time, "boom")
    assert store.study_cards() == {"locate:GB34": first}
    assert store.study_reviews() == [StudyReview("locate:GB34", 3, first_time, "")]
    store.save_review(second, 1, second_time, "fine")  # and the store is not stuck in a transaction
    assert store.study_cards() == {"locate:GB34": second}


@pytest.mark.parametrize(
    "values",
    [
        ("colour:GB34", "GB34", "colour", "{}", "x", 0, 0, None, None),
        ("locate:GB35", "GB34", "locate", "{}", "x", 0, 0, None, None),
        ("locate:", "", "locate", "{}", "x", 0, 0, None, None),
        ("locate:GB34", "GB34", "locate", "{}", "x", -1, 0, None, None),
        ("locate:GB34", "GB34", "locate", "{}", "x", 0, 0, 5, None),
        ("locate:GB34", "GB34", "locate", "{}", "x", 0, 0, 2.5, None),
        ("locate:GB34", "GB34", "locate", b"{}", "x", 0, 0, None, None),
    ],
)
def test_the_table_itself_refuses_rows_that_break_the_rules(store_file: Path, values: tuple[object, ...]) -> None:
    UserStore.open(store_file).close()
    with pytest.raises(sqlite3.IntegrityError):
        _raw(store_file, "INSERT INTO study_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", *values)


def test_a_review_needs_its_card(store: UserStore, store_file: Path) -> None:
    conn = store._conn  # the store's connection enforces foreign keys; a plain sqlite3 one does not by default
    with pytest.raises(sqlite3.IntegrityError):
        conn.execute("INSERT INTO study_reviews (card_id, rating, reviewed) VALUES ('locate:GB34', 3, 'x')")
    with pytest.raises(sqlite3.IntegrityError):
        _raw(store_file, "INSERT INTO study_reviews (card_id, rating, reviewed) VALUES ('locate:GB34', 0, 'x')")


# Reset


def test_reset_all_forgets_every_card_and_its_history(store: UserStore, store_file: Path) -> None:
    study_some(store)
    store.set_note("GB34", "kept")
    assert store.reset_study() == 3
    assert store.study_cards() == {} and store.study_reviews() == []
    assert _count(store_file, "study_reviews") == 0
    assert store.note("GB34") == "kept"
    assert store.reset_study() == 0


def test_reset_some_forgets_only_those(store: UserStore, store_file: Path) -> None:
    saved = study_some(store)
    kept_history = store.study_reviews("name:BL40")
    removed = store.reset_study(["locate:GB34", "locate:GB34", "prescription:ST36", "locate:NOPE"])
    assert removed == 2  # the repeated id counts once, the unknown one not at all
    assert store.study_cards() == {"name:BL40": saved["name:BL40"]}
    assert store.study_reviews() == kept_history
    assert _count(store_file, "study_reviews") == 1  # no history left behind without its card
    assert store.reset_study([]) == 0
    assert store.reset_study(set()) == 0 and len(store.study_cards()) == 1


def test_reset_refuses_a_single_string(store: UserStore) -> None:
    study_some(store)
    with pytest.raises(UserDataError, match="list of card ids"):
        store.reset_study("locate:GB34")
    assert len(store.study_cards()) == 3


def test_a_closed_store_says_so_in_words(store_file: Path) -> None:
    store = UserStore.open(store_file)
    store.close()
    with pytest.raises(UserDataError, match="could not read the study progress"):
        store.study_cards()
    with pytest.raises(UserDataError, match="could not save the study progress"):
        store.save_review(GOOD, 3, GOOD_TIME)
    with pytest.raises(UserDataError, match="could not reset the study progress"):
        store.reset_study()


# Migration, damage, backups


def test_the_study_tables_are_version_2() -> None:
    assert schema.latest_version() == 2
    assert "study_cards" in schema.MIGRATIONS[1] and "study_cards" not in schema.MIGRATIONS[0]


def test_a_version_1_file_migrates_keeping_its_plans_and_notes(
    store_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(schema, "MIGRATIONS", schema.MIGRATIONS[:1])  # the AcuViewer that made version-1 files
    with UserStore.open(store_file) as old:
        plan_id = old.save_plan(sample_plan())
        old.set_note("GB34", "Yanglingquan: <b>sinews</b>")
        old.set_favourite("GB34", True)
    monkeypatch.undo()
    conn = sqlite3.connect(store_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sqlite_master WHERE name LIKE 'study%'").fetchone()[0] == 0
    conn.close()

    with UserStore.open(store_file) as upgraded:
        assert without_times(upgraded.plan(plan_id)) == sample_plan()
        assert upgraded.notes() == {"GB34": "Yanglingquan: <b>sinews</b>"}
        assert upgraded.favourites() == ["GB34"]
        assert upgraded.study_cards() == {}
        upgraded.save_review(GOOD, 3, GOOD_TIME)
        assert upgraded.study_cards() == {"locate:GB34": GOOD}
        assert upgraded.integrity_ok()
        upgraded.check_contents()
    conn = sqlite3.connect(store_file)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    conn.close()


@pytest.mark.parametrize("table", ["study_cards", "study_reviews"])
def test_a_version_2_file_missing_a_study_table_is_damaged(store_file: Path, table: str) -> None:
    with UserStore.open(store_file) as store:
        fill(store)
    _raw(store_file, f"DROP TABLE {table}")
    with pytest.raises(DamagedDataError, match=table):
        UserStore.open(store_file)


def test_a_version_1_file_without_study_tables_is_not_damaged(store_file: Path) -> None:
    """The tables a file must have follow its version: before the migration, no study tables is right."""
    store_file.parent.mkdir(parents=True)
    conn = sqlite3.connect(store_file, isolation_level=None)
    for statement in schema.statements(schema.MIGRATIONS[0]):
        conn.execute(statement)
    conn.execute("PRAGMA user_version = 1")
    conn.close()
    with UserStore.open(store_file) as store:
        assert store.study_cards() == {}


def test_check_contents_finds_study_damage_sqlite_accepts(store: UserStore, store_file: Path) -> None:
    study_some(store)
    store.check_contents()
    _raw(store_file, "UPDATE study_cards SET state = '[1, 2]' WHERE card_id = 'name:BL40'")
    assert store.integrity_ok()
    with pytest.raises(DamagedDataError, match="name:BL40"):
        store.check_contents()
    with pytest.raises(DamagedDataError, match="state must be a JSON object"):
        store.study_cards()


def test_check_contents_finds_a_damaged_review(store: UserStore, store_file: Path) -> None:
    study_some(store)
    _raw(store_file, "UPDATE study_reviews SET reviewed = 'last Tuesday' WHERE card_id = 'name:BL40'")
    with pytest.raises(DamagedDataError, match="review of the study card 'name:BL40'"):
        store.check_contents()
    with pytest.raises(DamagedDataError):
        store.study_reviews("name:BL40")


def test_a_backup_and_restore_bring_the_study_cards_back(store_file: Path, tmp_path: Path) -> None:
    with UserStore.open(store_file) as store:
        fill(store)
        saved = study_some(store)
        history = store.study_reviews()
        others = contents(store)
        target = tmp_path / "elsewhere" / "backup.sqlite"
        target.parent.mkdir()
        backup_to(store_file, target)  # while open, as the automatic backup is made
        store.reset_study(["locate:GB34"])
        later, when = answer("LI4", "name", 2, START + timedelta(days=3))
        store.save_review(later, 2, when)
    validate(target)
    safety = restore(target, store_file, paths.backup_dir(store_file.parent))
    with UserStore.open(store_file) as restored:
        assert restored.study_cards() == saved
        assert restored.study_reviews() == history
        assert contents(restored) == others
    assert safety is not None
    with UserStore.open(safety) as replaced:  # the progress made after the backup is set aside, not lost
        assert "name:LI4" in replaced.study_cards() and "locate:GB34" not in replaced.study_cards()


def test_a_backup_with_damaged_study_progress_is_refused(store_file: Path, tmp_path: Path) -> None:
    with UserStore.open(store_file) as store:
        study_some(store)
    offered = tmp_path / "offered.sqlite"
    backup_to(store_file, offered)
    _raw(offered, "UPDATE study_cards SET due = 'soon' WHERE card_id = 'locate:GB34'")
    before = dump(store_file)
    with pytest.raises(UserDataError, match="Nothing was restored"):
        restore(offered, store_file, paths.backup_dir(store_file.parent))
    assert dump(store_file) == before


def test_study_progress_is_not_part_of_a_plan_export(store: UserStore) -> None:
    fill(store)
    study_some(store)
    exported = export_plans(store)
    assert set(exported) == {"format", "version", "exported", "plans"}
    assert "locate:GB34" not in json.dumps(exported)
