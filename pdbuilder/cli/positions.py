"""Commands over the catalog and position records: classes, new, show, check."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

from pdbuilder.cli import EXIT_PROBLEMS, AddCommand, add_record_command
from pdbuilder.cli.progress import add_jobs_option
from pdbuilder.context import build_context
from pdbuilder.errors import PdbuilderError
from pdbuilder.formats import to_json, to_markdown, to_text
from pdbuilder.index import checked_records
from pdbuilder.jsonld import to_jsonld
from pdbuilder.model import (
    DETAILS,
    STATUSES,
    Position,
    RecordField,
    approval_problem,
    new_position,
    parse_date,
    parse_percent,
    with_task_marks,
)
from pdbuilder.records import ConflictError, read_position, record_name, save_position
from pdbuilder.workspace import Workspace

SHOW_FORMATS = {"text": to_text, "markdown": to_markdown, "jsonld": to_jsonld}


def register(add_command: AddCommand) -> None:
    classes = add_command(
        "classes", help="list the catalog's classes", description="List every class in the catalog."
    )
    classes.add_argument(
        "--json", action="store_true", help="print a JSON list of objects instead of a table"
    )
    classes.set_defaults(run=run_classes)

    tasks = add_command(
        "tasks",
        help="list a class's tasks with their ids",
        description="List the tasks of a class, with the ids `new --task` takes.",
    )
    tasks.add_argument("class_id", metavar="CLASS_ID")
    tasks.set_defaults(run=run_tasks)

    new = add_command(
        "new",
        help="create a position record from a class",
        description="Create a position record from a class of the catalog and save it as TOML.",
        epilog="example: pdbuilder new --class library-technician --all-tasks --level recent --number 00012345 -o positions/ill.toml",
    )
    new.add_argument(
        "--class", dest="class_id", required=True, metavar="ID", help="the class id (see `pdbuilder classes`)"
    )
    picks = new.add_mutually_exclusive_group(required=True)
    picks.add_argument(
        "--task",
        dest="task_ids",
        action="append",
        metavar="ID",
        help="a class task id to include; repeatable",
    )
    picks.add_argument("--all-tasks", action="store_true", help="include every task of the class")
    new.add_argument(
        "--custom-task",
        action="append",
        default=[],
        metavar="TEXT",
        help="a task written for this position; repeatable",
    )
    new.add_argument(
        "--requirement",
        action="append",
        default=[],
        metavar="TEXT",
        help="an extra minimum requirement for this position; repeatable",
    )
    new.add_argument(
        "--level",
        metavar="ID",
        help="contributor level: recent, experienced or independent (default: the class's first level)",
    )
    new.add_argument(
        "--percent",
        action="append",
        default=[],
        type=_task_percent,
        metavar="ID=N",
        help="a class task's share of working time in percent; repeatable",
    )
    new.add_argument(
        "--essential",
        action="append",
        default=[],
        metavar="ID",
        help="mark a class task essential; repeatable",
    )
    for detail in DETAILS:
        _add_detail_option(new, detail)
    new.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="FILE",
        help="where to save (default: the positions folder, named after the number or title)",
    )
    new.add_argument("--force", action="store_true", help="replace the output file if it exists")
    new.set_defaults(run=run_new)

    show = add_record_command(
        add_command,
        "show",
        help="print a position record",
        description="Print a position record in a readable or machine form.",
    )
    show.add_argument(
        "--format",
        choices=[*SHOW_FORMATS, "json", "context"],
        default="text",
        help="text (default), markdown, jsonld (a schema.org JobPosting), json (the record) "
        "or context (the exact context a Word template receives, as JSON)",
    )
    show.set_defaults(run=run_show)

    check = add_command(
        "check",
        help="validate position records against the catalog",
        description="Validate records (files or folders; default: the positions folder). Prints `FILE: problem` lines; exit 1 when any.",
    )
    check.add_argument("paths", type=Path, nargs="*", metavar="PATH")
    add_jobs_option(check)
    check.add_argument(
        "--status",
        choices=STATUSES,
        help="also a problem: a record not in this status; with approved, one whose last approval "
        "predates its last change",
    )
    check.set_defaults(run=run_check)


# Options named otherwise than `--<field name>`: the spellings `new` had before the field table.
_OPTION_NAMES = {"working_title": "--title", "flsa_status": "--flsa"}


def _add_detail_option(parser: argparse.ArgumentParser, detail: RecordField) -> None:
    """`new`'s option for a field of the record; a field left out keeps its default (a class's list, say)."""
    option = _OPTION_NAMES.get(detail.name, "--" + detail.name.replace("_", "-"))
    more: dict[str, Any] = {"help": detail.help}
    if detail.kind == "list":
        more.update(action="append", metavar="TEXT", help=f"{detail.help}; repeatable, one item each")
    elif detail.kind == "date":
        more.update(type=_day, metavar="YYYY-MM-DD")
    elif detail.choices:
        more.update(choices=[choice for choice in detail.choices if choice])
    else:
        more.update(metavar="TEXT")
    parser.add_argument(option, dest=detail.name, default=None, **more)


def _day(text: str) -> date | None:
    try:
        return parse_date(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _task_percent(text: str) -> tuple[str, int]:
    task_id, equals, share = text.partition("=")
    try:
        percent = parse_percent(share) if equals else None
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"{text!r}: {exc}") from None
    if not task_id or percent is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not ID=N, e.g. processes-inter-library-loan=30")
    return task_id, percent


def run_classes(args: argparse.Namespace, workspace: Workspace) -> int:
    refs = workspace.catalog.classes
    if args.json:
        rows = [
            {
                "id": r.id,
                "code": r.job_class.code,
                "title": r.job_class.title,
                "class_group": r.group.class_group,
                "occupational_group": r.group.occupational_group,
                "occupational_role": r.job_class.occupational_role,
                "pay_plan": r.job_class.pay_plan,
                "pay_grade": r.job_class.pay_grade,
            }
            for r in refs
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    header = ("ID", "CODE", "TITLE", "CLASS GROUP")
    table = [header, *((r.id, r.job_class.code or "-", r.job_class.title, r.group.class_group) for r in refs)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
    for row in table:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row[:-1], widths, strict=True))
            + "  "
            + row[-1]
        )
    return 0


def run_tasks(args: argparse.Namespace, workspace: Workspace) -> int:
    ref = workspace.class_named(args.class_id)
    width = max((len(t.id) for t in ref.group.tasks), default=0)
    for task in ref.group.tasks:
        print(f"{task.id.ljust(width)}  {task.text}")
    return 0


def run_new(args: argparse.Namespace, workspace: Workspace) -> int:
    ref = workspace.class_named(args.class_id)
    levels = ref.group.contributor_levels
    level = args.level if args.level is not None else (levels[0].id if levels else "")
    if level and ref.group.level(level) is None:
        raise PdbuilderError(
            f"unknown contributor level {level!r} (class offers: {', '.join(lv.id for lv in levels) or 'none'})"
        )
    details = {
        detail.name: tuple(value) if detail.kind == "list" else value
        for detail in DETAILS
        if (value := getattr(args, detail.name)) is not None
    }
    try:
        position = new_position(
            ref,
            None if args.all_tasks else args.task_ids,
            args.custom_task,
            contributor_level=level,
            extra_requirements=tuple(args.requirement),
            **details,
        )
        position = with_task_marks(position, dict(args.percent), set(args.essential))
    except ValueError as exc:
        raise PdbuilderError(f"{exc} (see `pdbuilder tasks {ref.id}`)") from None
    if not position.tasks:
        raise PdbuilderError(
            f"class {ref.id!r} has no tasks: give the position's own with --custom-task TEXT"
        )
    output = args.output or workspace.positions_dir / record_name(position)
    if args.force:
        save_position(position, output)
    else:
        try:
            save_position(position, output, expected_stamp=None)  # no file yet, checked as it is written
        except ConflictError:
            raise PdbuilderError("already exists; choose another -o FILE or add --force", output) from None
    print(output)
    return 0


def run_show(args: argparse.Namespace, workspace: Workspace) -> int:
    position = read_position(args.file)
    if args.format == "json":
        sys.stdout.write(to_json(position))
        return 0
    ref = workspace.class_for(position, args.file)
    if args.format == "context":
        from pdbuilder.render import template_context

        context, warnings = template_context(position, ref)
        for warning in warnings:
            print(f"pdbuilder: warning: {args.file}: {warning}", file=sys.stderr)
        sys.stdout.write(json.dumps(context, indent=2, ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(SHOW_FORMATS[args.format](build_context(position, ref)))
    return 0


def run_check(args: argparse.Namespace, workspace: Workspace) -> int:
    checked = found = 0

    def settled(count: int) -> None:
        nonlocal checked
        checked += count

    paths = args.paths or [workspace.positions_dir]
    # Without --status, only the records the index knows problems of are wanted.
    for record in checked_records(paths, workspace, args.jobs, settled, only_problems=not args.status):
        if record.error is not None:
            print(record.error)
            found += 1
        # Approvals are not in the index: with --status, the readable records are read whole.
        wanted = args.status and record.error is None
        status = _status_problems(read_position(Path(record.path)), args.status) if wanted else []
        for problem in (*record.problems, *status):
            print(f"{record.path}: {problem}")
        found += len(record.problems) + len(status)
    print(
        f"checked {checked} record{'s' * (checked != 1)}: {found or 'no'} problem{'s' * (found != 1)}",
        file=sys.stderr,
    )
    return EXIT_PROBLEMS if found else 0


def _status_problems(position: Position, wanted: str | None) -> list[str]:
    if wanted == "approved":
        return [problem] if (problem := approval_problem(position)) else []
    if wanted is not None and position.status != wanted:
        return [f"status {position.status}, not {wanted}"]
    return []
