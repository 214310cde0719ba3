"""Crash-test child: writes plans, updates, notes and study reviews forever, printing each only after its COMMIT.

Usage: python userdata_crash_child.py STORE BACKUP_DIR RUN. The parent (test_userdata_crash.py) kills it at random.
Lines: "ready", "plan ID RUN SEQ", "update ID RUN SEQ VERSION", "note CODE RUN SEQ", "review CARD_ID COUNT".
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from userdata_samples import crash_note, crash_plan

from acuviewer.userdata.backup import open_or_recover
from acuviewer.userdata.model import StudyCard

_START = datetime(2026, 1, 1, tzinfo=UTC)


def crash_card(run: int, slot: int, count: int) -> StudyCard:
    """Card `slot` of `run` after its `count`th review: everything in it follows from the count of its reviews."""
    code = f"S{run}.{slot}"
    when = (_START + timedelta(minutes=count)).isoformat()
    return StudyCard(
        card_id=f"locate:{code}",
        code=code,
        kind="locate",
        state=json.dumps({"run": run, "slot": slot, "count": count}),
        due=(_START + timedelta(days=count)).isoformat(),
        reviews=count,
        lapses=count // 4,
        last_rating=1 + count % 4,
        last_review=when,
    )


def crash_review_detail(count: int) -> str:
    return f"review {count}"


def main() -> None:
    store_path, backup_dir, run = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store, message = open_or_recover(store_path, backup_dir)  # as the window opens it: recovery must never kick in
    print(f"ready {message is None}", flush=True)
    ids: list[tuple[int, int]] = []
    counts = [0, 0, 0]  # reviews of this run's three cards
    seq = 0
    while True:
        seq += 1
        plan_id = store.save_plan(crash_plan(run, seq))
        print(f"plan {plan_id} {run} {seq}", flush=True)
        ids.append((plan_id, seq))
        if seq % 3 == 0:
            # Rewrite an earlier plan whole, with a different number of points: a half-applied update would show.
            old_id, old_seq = ids[seq // 2]
            store.save_plan(replace(crash_plan(run, old_seq, version=2), id=old_id))
            print(f"update {old_id} {run} {old_seq} 2", flush=True)
        code, text = crash_note(run, seq)
        store.set_note(code, text)
        print(f"note {code} {run} {seq}", flush=True)
        # The card and its new review go in one transaction: the history's length must always equal card.reviews.
        slot = seq % len(counts)
        counts[slot] += 1
        card = crash_card(run, slot, counts[slot])
        assert card.last_rating is not None and card.last_review is not None
        store.save_review(card, card.last_rating, card.last_review, crash_review_detail(counts[slot]))
        print(f"review {card.card_id} {counts[slot]}", flush=True)


if __name__ == "__main__":
    main()
