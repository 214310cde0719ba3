"""Sample plans and data snapshots shared by the user-data tests and the crash-test child process."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

from acuviewer.userdata.model import AshiPoint, Plan, PlanPoint, Session
from acuviewer.userdata.store import UserStore


def sample_plan(name: str = "Sciatica, posterior", *, points: int = 4, ashi: int = 2) -> Plan:
    codes = ["BL23", "BL25", "BL40", "BL57", "BL60", "GB30", "GB34", "GB39", "BL36", "BL37"]
    roles = ["local", "adjacent", "distal", "pattern", "ea-pair", "added"]
    return Plan(
        id=None,
        name=name,
        condition="sciatica",
        course="posterior",
        patterns=("qi and blood stagnation", "kidney deficiency"),
        flags=("needle-shy",),
        red_flags=("saddle anaesthesia",),
        points=tuple(PlanPoint(codes[i % len(codes)], roles[i % len(roles)], f"reason {i}") for i in range(points)),
        ashi=tuple(
            AshiPoint(("posterior", "lateral", "anterior")[i % 3], 100.0 + i, 800.5 - i, "LRM"[i % 3], f"tender {i}")
            for i in range(ashi)
        ),
        session=Session(retention_min=25, ea_pairs=(("BL25", "BL40"),), ea_frequency_hz=2.5, cupping=True, moxa=False),
        notes="Plain text <b>not bold</b> & \u7a74 (hanzi)\nsecond line",
    )


def without_times(plan: Plan | None) -> Plan | None:
    """The plan without what the store decides (id, created, modified), for comparing content."""
    return None if plan is None else replace(plan, id=None, created="", modified="")


def crash_plan(run: int, seq: int, version: int = 1) -> Plan:
    """A plan whose every part follows from (run, seq, version): a half-written or mixed plan cannot match it."""
    count = 3 + (seq + version) % 6
    return Plan(
        id=None,
        name=f"run {run} plan {seq}",
        condition=f"condition {seq}",
        patterns=tuple(f"pattern {seq}.{i}.v{version}" for i in range(1 + seq % 3)),
        points=tuple(PlanPoint(f"BL{10 + i}", "local", f"r{run}s{seq}v{version}p{i}") for i in range(count)),
        ashi=tuple(
            AshiPoint("posterior", float(i * 7 % 800), float(seq % 1600), "L", f"v{version}a{i}") for i in range(count)
        ),
        session=Session(retention_min=version, ea_pairs=tuple((f"GB{i}", f"BL{i}") for i in range(count % 3))),
        notes=f"run={run} seq={seq} version={version}",
    )


def crash_note(run: int, seq: int) -> tuple[str, str]:
    return f"N{run}.{seq}", f"note of run {run}, step {seq}: " + "x" * (seq % 50)


def dump(path: Path) -> list[str]:
    """Every row of a data file as SQL text, read through a connection of its own (sees committed data only)."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def contents(store: UserStore) -> tuple[object, ...]:
    """What a practitioner would see: every plan whole, the notes and the favourites."""
    plans = [store.plan(summary.id) for summary in store.plans()]
    return (plans, store.notes(), store.favourites())


def fill(store: UserStore) -> list[int]:
    """A small, varied store: three plans, two notes, two favourites."""
    ids = [store.save_plan(sample_plan(f"Plan {i}", points=2 + i, ashi=i)) for i in range(3)]
    store.set_note("BL40", "Weizhong: <i>command point</i> of the back")
    store.set_note("GB30", "deep needling")
    store.set_favourite("BL40", True)
    store.set_favourite("GB34", True)
    return ids
