"""The import-spec command: a class specification (text or Word) into a catalog file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdbuilder.catalog import group_to_toml
from pdbuilder.errors import PdbuilderError
from pdbuilder.importers import import_spec, report
from pdbuilder.storage import atomic_write
from pdbuilder.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    command = commands.add_parser(
        "import-spec",
        help="turn a class specification (.txt or .docx) into a catalog file",
        description="Import a class specification, as published text or as a Word .docx file, into a catalog "
        "TOML file. Lines that could not be placed are listed on stderr at the end.",
        epilog="example: pdbuilder import-spec specs/library-science.docx -o catalog/library-science.toml",
    )
    command.add_argument(
        "file", type=Path, metavar="FILE", help="the specification: plain text (UTF-8) or .docx"
    )
    command.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.toml",
        help="where to write the catalog file (default: print it)",
    )
    command.add_argument("--force", action="store_true", help="replace the output file if it exists")
    command.add_argument(
        "--strict", action="store_true", help="exit 1, writing nothing, when any line could not be placed"
    )
    command.set_defaults(run=run_import)


def run_import(args, workspace: Workspace) -> int:
    if args.output and args.output.is_dir():
        raise PdbuilderError(
            "is a folder; give the catalog file's name, e.g. -o FOLDER/name.toml", args.output
        )
    if args.output and args.output.exists() and not args.force:
        raise PdbuilderError("already exists; choose another -o FILE or add --force", args.output)
    imported = import_spec(args.file)
    unplaced = report(imported, args.file)
    if not (args.strict and unplaced):
        if args.output:
            try:
                atomic_write(args.output, group_to_toml(imported.group))
            except OSError as exc:
                raise PdbuilderError(f"cannot write: {exc.strerror or exc}", args.output) from None
            print(args.output)
        else:
            sys.stdout.write(group_to_toml(imported.group))
    group = imported.group
    print(
        f"{args.file}: {group.class_group}: {len(group.classes)} class(es), {len(group.tasks)} task(s), "
        f"{len(group.contributor_levels)} contributor level(s), {len(group.sections)} other section(s)",
        file=sys.stderr,
    )
    sys.stderr.write(unplaced or f"{args.file}: every {imported.unit} was imported\n")
    if args.strict and unplaced:
        print(f"{args.file}: --strict: nothing written", file=sys.stderr)
        return 1
    return 0
