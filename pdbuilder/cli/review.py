"""Commands that keep positions true to their class specs and compare and count them: sync, diff, stats."""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TextIO

from pdbuilder.cli import EXIT_PROBLEMS, AddCommand, add_record_command
from pdbuilder.cli.progress import add_jobs_option
from pdbuilder.diff import diff_lines, diff_positions
from pdbuilder.display import visible
from pdbuilder.drift import apply_changes, change_lines, drift, is_current
from pdbuilder.errors import PdbuilderError
from pdbuilder.history import identity, read_version, split_revision
from pdbuilder.index import Drift, checked_records, numbered
from pdbuilder.listing import Summary
from pdbuilder.model import ClassRef, Position, now, problems, spec_version, with_status
from pdbuilder.records import load_record, read_position, save_position
from pdbuilder.stats import DIMENSIONS, Stats, position_stats
from pdbuilder.workspace import Workspace

_STYLES = {"removed": "31", "added": "32", "changed": "33", "heading": "1"}


def register(add_command: AddCommand) -> None:
    sync = add_record_command(
        add_command,
        "sync",
        help="bring a record up to its class spec, change by change",
        description="Show each way the class spec changed since the record was made and apply the ones you accept. "
        "Custom tasks, extra requirements, percent and essential marks and unknown keys are always kept.",
    )
    sync.add_argument(
        "--yes",
        action="store_true",
        help="accept every change without asking (needed when stdin is not a terminal)",
    )
    sync.set_defaults(run=run_sync)

    diff = add_command(
        "diff",
        help="show what differs between two positions",
        description="Compare two position records field by field, task by task. Exit 0 when they are the same, 1 when they differ.",
    )
    diff.add_argument(
        "old",
        metavar="A",
        help="a record, FILE@REV: the record at a git revision (e.g. p.toml@HEAD~3), "
        "or a position number: the record of the positions folder with it (found through the index)",
    )
    diff.add_argument("new", metavar="B", help="a record, FILE@REV or a position number")
    diff.add_argument("--json", action="store_true", help="print the differences as JSON")
    diff.set_defaults(run=run_diff)

    stats = add_command(
        "stats",
        help="count positions and list the drifted ones",
        description="Count records (files or folders; default: the positions folder) by class, class group, "
        "contributor level, agency and status, and list those whose class spec changed since.",
    )
    stats.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    form = stats.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help="print JSON")
    form.add_argument("--csv", action="store_true", help="print CSV rows: dimension,value,count")
    add_jobs_option(stats)
    stats.set_defaults(run=run_stats)


def painter(stream: TextIO) -> Callable[[str, str], str]:
    """Colour for a terminal, plain text otherwise or when NO_COLOR is set (https://no-color.org)."""
    on = stream.isatty() and not os.environ.get("NO_COLOR")
    return lambda text, style: f"\x1b[{_STYLES[style]}m{text}\x1b[0m" if on else text


# --- sync ------------------------------------------------------------------


def run_sync(args: argparse.Namespace, workspace: Workspace) -> int:
    loaded = load_record(args.file)
    position = loaded.position
    ref = workspace.class_for(position, args.file)
    changes = drift(position, ref)
    version = spec_version(ref).hash
    if is_current(position, ref):
        print(f"{args.file}: up to date with class {ref.id!r} (spec version {version})")
        return 0
    approved = position.status == "approved"
    if (changes or approved) and not args.yes and not sys.stdin.isatty():
        raise PdbuilderError(
            f"{len(changes)} change{'s' * (len(changes) != 1)} to review"
            + (" in an approved record" if approved else "")
            + ": run on a terminal to answer them, or add --yes to accept all",
            args.file,
        )
    if (
        approved
        and not args.yes
        and not _ask("this record is approved: changing it sets it back to draft. go on? [y/n/q] ")
    ):
        print(f"{args.file}: nothing applied; record unchanged")
        return 0
    paint = painter(sys.stdout)
    accepted = []
    for number, change in enumerate(changes, 1):
        print(paint(visible(f"{number}/{len(changes)} {change.message}"), "heading"))
        for line, style in change_lines(change):
            print(paint(f"    {visible(line)}", style))
        if args.yes or _ask("apply this change? [y/n/q] "):
            accepted.append(change)
    if changes and not accepted:
        print(f"{args.file}: nothing applied; record unchanged")
        return 0
    synced = apply_changes(position, ref, accepted)
    if approved:
        synced = with_status(synced, "draft", identity(args.file.parent), now())
        print(f"{args.file}: was approved; set back to draft")
    save_position(synced.with_changes(modified=now()), args.file, loaded.stamp)
    if not changes:
        print(f"{args.file}: recorded class spec version {version}; nothing else changed")
        return 0
    pending = len(changes) - len(accepted)
    assert synced.spec is not None, "apply_changes records the spec version it brought the record to"
    print(
        f"{args.file}: applied {len(accepted)} of {len(changes)} change{'s' * (len(changes) != 1)}"
        + (f"; {pending} left for later" if pending else "")
        + f" (spec version {synced.spec.hash})"
    )
    for problem in problems(synced, ref):  # e.g. shares of time that no longer add up after a removal
        print(f"{args.file}: still to fix: {problem}")
    return 0


def _ask(prompt: str) -> bool:
    while True:
        try:
            answer = input(prompt).strip().lower()
        except EOFError:
            answer = "q"
        if answer in ("y", "yes", "n", "no"):
            return answer.startswith("y")
        if answer in ("q", "quit"):
            raise PdbuilderError("stopped: nothing saved")


# --- diff ------------------------------------------------------------------


def run_diff(args: argparse.Namespace, workspace: Workspace) -> int:
    sides = (args.old, args.new)
    found = numbered([side for side in sides if _is_number(side)], workspace)
    (old_name, old), (new_name, new) = (_read_side(side, found, workspace) for side in sides)
    result = diff_positions(
        old, new, workspace.catalog.get(old.class_id), workspace.catalog.get(new.class_id)
    )
    if args.json:
        data = {"old": old_name, "new": new_name, **result.to_data()}
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
    else:
        paint = painter(sys.stdout)
        for line, style in diff_lines(result, old_name, new_name):
            print(paint(visible(line), style) if style else visible(line))
    return 0 if result.same else EXIT_PROBLEMS


def _is_number(argument: str) -> bool:
    """Not a file there, nor in another folder or with a suffix: a position number to look up."""
    path = Path(argument)
    return path.name == argument and not path.suffix and not path.exists()


def _read_side(argument: str, found: dict[str, list[Path]], workspace: Workspace) -> tuple[str, Position]:
    """A record, the version of one at a git revision (FILE@REV), or the record of the positions
    folder with that position number; with the name to show it by (for a number, its file)."""
    if argument in found:
        if len(found[argument]) != 1:
            where = f"{workspace.positions_dir}{os.sep}"
            raise PdbuilderError(
                f"{len(found[argument])} records in {where} have this position number: "
                + ", ".join(path.name for path in found[argument])
                if found[argument]
                else f"no such record file, and no record in {where} has this position number",
                argument,
            )
        return str(found[argument][0]), read_position(found[argument][0])
    path, revision = split_revision(argument)
    return argument, read_position(path) if revision is None else read_version(path, revision)


# --- stats -----------------------------------------------------------------


def run_stats(args: argparse.Namespace, workspace: Workspace) -> int:
    unreadable = 0

    def entries() -> Iterator[tuple[str, Summary, ClassRef | None, tuple[Drift, ...], int]]:
        nonlocal unreadable
        paths = args.paths or [workspace.positions_dir]
        for record in checked_records(paths, workspace, jobs=args.jobs, alike=True):
            if (summary := record.summary) is None:
                print(f"pdbuilder: {record.error}", file=sys.stderr)
                unreadable += 1
            else:
                ref = workspace.catalog.get(summary.class_id)
                yield str(record.path), summary, ref, record.drift, record.alike

    stats = position_stats(entries())
    if args.json:
        data = {
            "total": stats.total,
            "unreadable": unreadable,
            "counts": {key: dict(stats.counts[key].most_common()) for key, _, _ in DIMENSIONS},
            "drifted": [
                {
                    "file": d.name,
                    "class_id": d.class_id,
                    "changes": [
                        {"kind": c.kind, "task_id": c.task_id, "message": c.message} for c in d.changes
                    ],
                }
                for d in stats.drifted
            ],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["dimension", "value", "count"])
        writer.writerows(
            [key, value, count]
            for key, _, _ in DIMENSIONS
            for value, count in stats.counts[key].most_common()
        )
        writer.writerows(["drifted", d.name, len(d.changes)] for d in stats.drifted)
    else:
        print(visible(_stats_table(stats, unreadable)))
    return EXIT_PROBLEMS if unreadable else 0


def _stats_table(stats: Stats, unreadable: int) -> str:
    lines = [
        f"{stats.total} position{'s' * (stats.total != 1)}"
        + (f" ({unreadable} unreadable, not counted)" if unreadable else "")
    ]
    for key, label, _ in DIMENSIONS:
        rows = stats.counts[key].most_common()
        width = max((len(value) for value, _ in rows), default=0)
        lines += ["", label.upper(), *(f"  {value.ljust(width)}  {count:>4}" for value, count in rows)]
    lines += ["", f"DRIFTED FROM THEIR CLASS SPEC: {len(stats.drifted)}"]
    lines += [f"  {d.name}: {c.message}" for d in stats.drifted for c in d.changes]
    return "\n".join(lines)
