"""`history`: the versions of a record from git, and what changed in each, in the words of `diff`;
`status`: a record's review and approval, each move recorded in it; `merge-record`: git's merge driver."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from pdbuilder.cli import EXIT_PROBLEMS, AddCommand, add_record_command
from pdbuilder.cli.review import painter
from pdbuilder.diff import change_lines
from pdbuilder.display import visible
from pdbuilder.errors import PdbuilderError
from pdbuilder.history import identity, versions
from pdbuilder.merge import merge_positions
from pdbuilder.model import STATUS_MOVES, STATUSES, approval_problem, now, with_status
from pdbuilder.records import load_record, read_position, save_position
from pdbuilder.workspace import Workspace


def register(add_command: AddCommand) -> None:
    history = add_record_command(
        add_command,
        "history",
        help="the versions of a record in git, and what changed in each",
        description="List the commits that changed a record (following renames), newest first: commit, "
        "author, date, message, and what changed, as `diff` says it. The record must be in a git repository.",
    )
    history.add_argument("--json", action="store_true", help="print the versions as JSON")
    history.set_defaults(run=run_history)

    status = add_record_command(
        add_command,
        "status",
        help="show a record's status and its moves, or move it (draft → review → approved, and back)",
        description="Without STATUS, print the record's status and every move of it (who, when). With STATUS, "
        "move it there, record who (your git identity, else your login name) and when, and save it "
        "(a commit with commits on). Allowed: "
        + "; ".join(f"{a} → {', '.join(b)}" for a, b in STATUS_MOVES.items())
        + ".",
    )
    status.add_argument("status", nargs="?", choices=STATUSES, metavar="STATUS", help=", ".join(STATUSES))
    status.set_defaults(run=run_status)

    merge = add_command(
        "merge-record",
        help="git's merge driver for position records (see the README's team use)",
        description="Merge two versions of a record with their common ancestor, key by key, into OURS: a key "
        "changed on one side takes that side, `modified` the later time, status moves from both. When a key "
        "changed differently on both sides, git's own text merge runs instead and leaves its conflict "
        "markers (exit 1). Configure: git config merge.pdbuilder.driver 'pdbuilder merge-record %%O %%A %%B %%P'",
    )
    for name in ("base", "ours", "theirs"):
        merge.add_argument(name, type=Path, metavar=name.upper())
    merge.add_argument(
        "name", nargs="?", default="", metavar="NAME", help="the record's name, for the markers"
    )
    merge.set_defaults(run=run_merge_record)


def run_history(args: argparse.Namespace, workspace: Workspace) -> int:
    found = versions(args.file)
    if args.json:
        data = [
            {
                "commit": v.commit,
                "author": v.author,
                "email": v.email,
                "date": v.date.isoformat(),
                "message": v.message,
                "path": v.path,
                "renamed_from": v.renamed_from,
                "summary": v.summary,
                "changes": v.change.to_data() if v.change else None,
            }
            for v in found
        ]
        print(json.dumps(data, indent=2, ensure_ascii=False, default=str))
        return 0
    if not found:
        print(f"{args.file}: no commits yet")
        return 0
    paint = painter(sys.stdout)
    for number, version in enumerate(found):
        if number:
            print()
        date = version.date.strftime("%Y-%m-%d %H:%M %z")
        print(paint(visible(f"{version.short}  {date}  {version.author} <{version.email}>"), "heading"))
        print(visible(f"    {version.message}"))
        print(visible(f"    {version.summary}"))
        for line, style in change_lines(version.change) if version.change else []:
            print(paint(visible(f"    {line}"), style) if style else visible(f"    {line}"))
    return 0


def run_status(args: argparse.Namespace, workspace: Workspace) -> int:
    loaded = load_record(args.file)
    position = loaded.position
    if args.status is None:
        print(f"{args.file}: {position.status}")
        for change in position.status_changes:
            print(visible(f"  {change.at.isoformat(sep=' ')}  {change.status:<9} {change.by}"))
        if problem := approval_problem(position):
            print(visible(f"  {problem}"))
        return 0
    try:
        moved = with_status(position, args.status, identity(args.file.parent), now())
    except ValueError as exc:
        raise PdbuilderError(str(exc), args.file) from None
    save_position(moved, args.file, loaded.stamp)
    print(visible(f"{args.file}: {position.status} → {moved.status} (by {moved.status_changes[-1].by})"))
    return 0


def run_merge_record(args: argparse.Namespace, workspace: Workspace) -> int:
    name = args.name or str(args.ours)
    try:
        base, ours, theirs = (read_position(p) for p in (args.base, args.ours, args.theirs))
        merged = merge_positions(base, ours, theirs, Path(name))
    except PdbuilderError:
        merged = None  # a side that is not a readable record: git's text merge says what it can
    if merged is not None:
        save_position(merged, args.ours, commit=False)  # git commits the merge
        return 0
    labels = [f"{name} (ours)", f"{name} (base)", f"{name} (theirs)"]
    done = subprocess.run(
        [
            "git",
            "merge-file",
            *(a for label in labels for a in ("-L", label)),
            args.ours,
            args.base,
            args.theirs,
        ]
    )
    return 0 if done.returncode == 0 else EXIT_PROBLEMS
