"""Crash safety: a writer killed at random moments never loses a committed record nor leaves a half-written one."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from userdata_crash_child import crash_card, crash_review_detail
from userdata_samples import crash_note, crash_plan, without_times

from acuviewer.userdata import paths
from acuviewer.userdata.backup import open_or_recover
from acuviewer.userdata.store import UserStore

CHILD = Path(__file__).resolve().parent / "userdata_crash_child.py"
KILLS = 40
SEED = 20240611


def test_killed_writers_lose_nothing_committed(tmp_path: Path) -> None:
    """40 SIGKILLs at seeded random moments, every fifth while the child starts, opens and makes its backup;
    then every record the child reported as committed is checked whole, and every plan in the file for consistency."""
    rng = random.Random(SEED)
    store_path = paths.store_path(tmp_path / "data")
    backup_dir = paths.backup_dir(tmp_path / "data")
    env = {**os.environ, paths.DATA_DIR_VARIABLE: str(tmp_path / "data")}
    plans: dict[int, tuple[int, int, int]] = {}  # id -> (run, seq, version) as last reported
    notes: dict[str, tuple[int, int]] = {}
    reviews: dict[str, int] = {}  # card id -> reviews reported committed
    early = 0
    started = time.monotonic()
    for run in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(store_path), str(backup_dir), str(run)],
            stdout=subprocess.PIPE,
            text=True,
            env=env,
            cwd=CHILD.parent,
        )
        assert child.stdout is not None
        if run % 5 == 0:
            early += 1  # killed while starting, opening, migrating or backing up
            time.sleep(rng.uniform(0.0, 0.25))
        else:
            ready = child.stdout.readline()
            assert ready == "ready True\n", f"run {run}: the child did not open the store cleanly: {ready!r}"
            time.sleep(rng.uniform(0.0, 0.08))
        child.kill()  # SIGKILL on POSIX: no cleanup, no checkpoint, no flush
        output, _ = child.communicate()
        for line in output.splitlines(keepends=True):
            if not line.endswith("\n"):
                continue  # cut off by the kill: not reported, so not promised
            kind, *fields = line.split()
            if kind == "plan":
                plans[int(fields[0])] = (int(fields[1]), int(fields[2]), 1)
            elif kind == "update":
                plans[int(fields[0])] = (int(fields[1]), int(fields[2]), int(fields[3]))
            elif kind == "note":
                notes[fields[0]] = (int(fields[1]), int(fields[2]))
            elif kind == "review":
                reviews[fields[0]] = int(fields[1])
    elapsed = time.monotonic() - started
    figures = (
        f"{KILLS} kills ({early} during start-up), {len(plans)} plans, {len(notes)} notes and "
        f"{sum(reviews.values())} study reviews reported committed"
    )

    store, message = open_or_recover(store_path, backup_dir)
    with store:
        assert message is None, f"{figures}; recovery kicked in: {message}"
        assert store.integrity_ok(), f"{figures}; integrity_check failed"
        for plan_id, (run, seq, version) in plans.items():
            stored = store.plan(plan_id)
            assert stored is not None, f"{figures}; committed plan {plan_id} (run {run}, {seq}) is missing"
            # An update may have committed just before the kill, after its line could be printed.
            assert without_times(stored) in (
                crash_plan(run, seq, version),
                crash_plan(run, seq, 2),
            ), f"{figures}; plan {plan_id} is not whole"
        for code, (run, seq) in notes.items():
            assert store.note(code) == crash_note(run, seq)[1], f"{figures}; committed note {code} is wrong"
        # Unreported plans (committed just before a kill) must be whole too: never a mix of old and new points.
        summaries = store.plans()
        for summary in summaries:
            stored = store.plan(summary.id)
            assert stored is not None
            made = dict(item.split("=") for item in stored.notes.split())  # "run=3 seq=17 version=2"
            expected = crash_plan(int(made["run"]), int(made["seq"]), int(made["version"]))
            assert without_times(stored) == expected, f"{figures}; plan {summary.id} mixes versions"
        cards = store.study_cards()
        for card_id, count in reviews.items():
            # A later review may have committed just before the kill, after its line could be printed.
            assert card_id in cards and cards[card_id].reviews >= count, f"{figures}; review {count} of {card_id} lost"
        for card_id, card in cards.items():  # reported or not, each card agrees with its history: both or neither
            run, slot = (int(part) for part in card.code[1:].split("."))
            assert card == crash_card(run, slot, card.reviews), f"{figures}; card {card_id} is not whole"
            details = [review.detail for review in store.study_reviews(card_id)]
            expected_details = [crash_review_detail(count) for count in range(1, card.reviews + 1)]
            assert details == expected_details, f"{figures}; the history of {card_id} disagrees with the card"
    assert not list(store_path.parent.glob("*.damaged-*")), figures
    print(f"\ncrash test: {figures}; {len(summaries)} plans in the file checked whole; {elapsed:.1f} s")
    assert len(plans) > KILLS and len(notes) > KILLS, f"{figures}: too few records to mean anything"
    assert sum(reviews.values()) > KILLS, f"{figures}: too few study reviews to mean anything"
    assert early < KILLS, figures


def test_the_consistency_check_would_notice_a_mixed_plan(tmp_path: Path) -> None:
    """The check above can fail: a plan with the points of one version and the ashi of another is not whole."""
    with UserStore.open(tmp_path / "u.sqlite") as store:
        mixed = replace(crash_plan(1, 5, 2), points=crash_plan(1, 5, 1).points)
        stored = store.plan(store.save_plan(mixed))
    assert without_times(stored) not in (crash_plan(1, 5, 1), crash_plan(1, 5, 2))
