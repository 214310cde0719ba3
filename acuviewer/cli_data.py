"""The command line's commands over the practitioner's data: backup, restore and plans (list, export, import).

Every failure is a UserDataError, which the command line prints as one line; the userdata modules are imported
inside each command, off the path of the other commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from acuviewer.userdata.errors import UserDataError, os_failure

if TYPE_CHECKING:
    from acuviewer.userdata.store import UserStore


def add_data_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Adds backup, restore and plans to the command line's sub-commands."""
    backup = commands.add_parser("backup", help="copy your data (plans, notes, favourites) to a backup file")
    backup.add_argument("-o", "--output", type=Path, required=True, metavar="FILE", help="where to write it")

    restore = commands.add_parser("restore", help="replace your data with a checked backup (a safety copy is kept)")
    restore.add_argument("file", type=Path, metavar="FILE", help="the backup to restore")

    plans = commands.add_parser("plans", help="list, export or import treatment plans")
    plan_commands = plans.add_subparsers(dest="plans_command", metavar="ACTION", required=True)
    plan_commands.add_parser("list", help="every plan, most recently changed first")
    export = plan_commands.add_parser("export", help="write plans to a JSON file")
    export.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.json", help="where to write")
    export.add_argument("--id", type=int, action="append", metavar="N", help="only plan N (repeatable; default all)")
    imported = plan_commands.add_parser("import", help="add the plans of a JSON file (all of them or none)")
    imported.add_argument("file", type=Path, metavar="FILE.json", help="a file written by 'plans export'")


def data_paths() -> tuple[Path, Path]:
    """The data file and the backup folder, in ACUVIEWER_DATA_DIR when it is set."""
    from acuviewer.userdata.paths import backup_dir, default_data_dir, store_path

    folder = default_data_dir()
    return store_path(folder), backup_dir(folder)


def _backup(args: argparse.Namespace) -> int:
    from acuviewer.userdata.backup import backup_to

    store, _ = data_paths()
    backup_to(store, args.output)
    print(f"backed up {store} to {args.output}")
    return 0


def _restore(args: argparse.Namespace) -> int:
    from acuviewer.userdata.backup import restore

    store, backups = data_paths()
    try:
        store.parent.mkdir(parents=True, exist_ok=True)  # restoring onto a new workstation: no data folder yet
    except OSError as error:
        raise os_failure(error, store.parent, "create the folder") from error
    safety = restore(args.file, store, backups)  # checks the file first; a refusal changes nothing
    print(f"restored {args.file} into {store}")
    if safety is not None:
        print(f"the data it replaced was kept in {safety}")
    return 0


def _plans(args: argparse.Namespace) -> int:
    actions = {"list": _list_plans, "export": _export_plans, "import": _import_plans}
    return actions[args.plans_command](args)


def _import_plans(args: argparse.Namespace) -> int:
    from acuviewer.userdata.backup import open_or_recover
    from acuviewer.userdata.exchange import import_plans, read_plans_file

    store_file, backups = data_paths()
    data = read_plans_file(args.file)  # read before the store is touched: a bad file changes nothing
    # As the window does: recover a damaged data file and make the automatic backup, so that a regretted import can
    # be undone by restoring that backup.
    store, message = open_or_recover(store_file, backups)
    with store:
        if message:
            print(f"acuviewer: {message}", file=sys.stderr)
        ids = import_plans(store, data)
    numbers = f" (numbers {', '.join(map(str, ids))})" if ids else ""
    print(f"imported {len(ids)} plan(s) into {store_file}{numbers}")
    return 0


def _existing_store() -> UserStore | None:
    """The data file opened, or None when there is none: listing or exporting never creates one."""
    from acuviewer.userdata.store import UserStore

    store_file, _ = data_paths()
    if not store_file.exists():
        return None
    return UserStore.open(store_file)


def _list_plans(args: argparse.Namespace) -> int:
    store = _existing_store()
    if store is None:
        print(f"no plans (there is no data file at {data_paths()[0]} yet)")
        return 0
    with store:
        summaries = store.plans()
    if not summaries:
        print("no plans")
    for plan in summaries:
        about = " / ".join(part for part in (plan.condition, plan.course) if part)
        when = plan.modified[:16].replace("T", " ")
        print(f"{plan.id:>5}  {when}  {plan.name}" + (f"  ({about})" if about else ""))
    return 0


def _export_plans(args: argparse.Namespace) -> int:
    from acuviewer.userdata.exchange import export_plans, write_plans_file

    store = _existing_store()
    if store is None:
        raise UserDataError(f"There is no data file at {data_paths()[0]}, so there are no plans to export.")
    with store:
        data = export_plans(store, args.id)
    write_plans_file(args.output, data)
    count = len(data["plans"]) if isinstance(data["plans"], list) else 0
    print(f"exported {count} plan(s) to {args.output}")
    return 0


DATA_HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "backup": _backup,
    "restore": _restore,
    "plans": _plans,
}
