"""Crash-test child: writes plans, updates and notes forever, printing each one only after its COMMIT.

Usage: python userdata_crash_child.py STORE BACKUP_DIR RUN. The parent (test_userdata_crash.py) kills it at random.
Lines: "ready", "plan ID RUN SEQ", "update ID RUN SEQ VERSION", "note CODE RUN SEQ".
"""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

from userdata_samples import crash_note, crash_plan

from acuviewer.userdata.backup import open_or_recover


def main() -> None:
    store_path, backup_dir, run = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    store, message = open_or_recover(store_path, backup_dir)  # as the window opens it: recovery must never kick in
    print(f"ready {message is None}", flush=True)
    ids: list[tuple[int, int]] = []
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


if __name__ == "__main__":
    main()
