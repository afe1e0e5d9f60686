"""Commands over Word documents: generate one position's document, build many, check a template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdbuilder.cli import EXIT_PROBLEMS, AddCommand
from pdbuilder.cli.progress import add_jobs_option
from pdbuilder.drift import NOT_WRITTEN, generation_problems
from pdbuilder.errors import PdbuilderError
from pdbuilder.listing import record_files
from pdbuilder.records import read_position
from pdbuilder.render import DEFAULT_TEMPLATE, TEMPLATE_NAMES, default_output, generate, resolve_template
from pdbuilder.workspace import Workspace


def register(add_command: AddCommand) -> None:
    generate_parser = add_command(
        "generate",
        help="write a position's Word document (position description or posting)",
        description="Render a position record through a Word template. Prints the files written; "
        "warnings (such as dropped control characters) go to stderr.",
        epilog="example: pdbuilder generate positions/ill.toml --template posting --pdf",
    )
    generate_parser.add_argument("file", type=Path, metavar="FILE", help="a position record")
    generate_parser.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT.docx",
        help="where to write; a folder keeps the default name (default: next to the record, named after it)",
    )
    generate_parser.add_argument(
        "--template",
        default=DEFAULT_TEMPLATE,
        metavar="NAME|PATH",
        help=f"a template name ({', '.join(TEMPLATE_NAMES)}, or one in $PDBUILDER_TEMPLATES) "
        f"or the path of an agency's .docx template (default: {DEFAULT_TEMPLATE})",
    )
    generate_parser.add_argument(
        "--pdf", action="store_true", help="also write a PDF beside it, through LibreOffice (soffice)"
    )
    _add_strict_option(generate_parser)
    generate_parser.set_defaults(run=run_generate)

    build = add_command(
        "build",
        help="write the Word documents of many positions at once, into one folder",
        description="Render every record named (folders: the records they hold) into OUTDIR, each named "
        "after its record as `generate` names it. Prints the files written. A record that fails "
        "is skipped and listed at the end with its reason (exit 1); the others still come out. "
        "A progress bar shows on stderr when it is a terminal.",
        epilog="example: pdbuilder build positions/ -o out/ --template posting --jobs 4",
    )
    build.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="record files or folders (default: the positions folder)",
    )
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUTDIR",
        required=True,
        help="the folder to write into (created if missing)",
    )
    add_jobs_option(build)
    build.add_argument(
        "--template",
        default=DEFAULT_TEMPLATE,
        metavar="NAME|PATH",
        help=f"as for generate (default: {DEFAULT_TEMPLATE})",
    )
    build.add_argument(
        "--pdf", action="store_true", help="also write a PDF of each, through LibreOffice (soffice)"
    )
    build.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="no progress bar and no summary; failures and warnings still show",
    )
    _add_strict_option(build)
    build.set_defaults(run=run_build)

    template = add_command(
        "template", help="work with Word templates", description="Work with Word templates."
    )
    actions = template.add_subparsers(title="actions", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="list a template's unknown variables and Jinja syntax errors",
        description="Check a Word template against the context documented in docs/templates.md: every "
        "variable it uses that the context lacks, and every Jinja syntax error, with where it is. "
        "Exit 1 when there are any.",
    )
    check.add_argument("template", metavar="TEMPLATE", help="a template name or the path of a .docx file")
    check.set_defaults(run=run_template_check)


def _add_strict_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--strict",
        action="store_true",
        help="write nothing for a record `check` finds problems in, and exit 1 (default: warn and write)",
    )


def run_generate(args: argparse.Namespace, workspace: Workspace) -> int:
    position = read_position(args.file)
    ref = workspace.class_for(position, args.file)
    output = args.output or default_output(args.file, args.template)
    if output.is_dir():
        output = output / default_output(args.file, args.template).name
    found = generation_problems(position, ref)
    if args.strict and found:
        for problem in found:
            print(f"pdbuilder: {args.file}: {problem}", file=sys.stderr)
        print(f"pdbuilder: {args.file}: {NOT_WRITTEN}", file=sys.stderr)
        return 1
    done = generate(position, ref, output, args.template, pdf=args.pdf, agency=workspace.agency)
    for warning in found + done.warnings:
        print(f"pdbuilder: warning: {args.file}: {warning}", file=sys.stderr)
    print(done.path)
    if done.pdf:
        print(done.pdf)
    return 0


def run_build(args: argparse.Namespace, workspace: Workspace) -> int:
    from pdbuilder.batch import build
    from pdbuilder.cli.progress import ProgressBar

    paths = args.paths or [workspace.positions_dir]
    records = record_files(paths)
    if not records:
        raise PdbuilderError(f"no position records in {', '.join(map(str, paths))}")
    if args.output.exists() and not args.output.is_dir():
        raise PdbuilderError("is a file; give a folder to write the documents into", args.output)
    bar = ProgressBar(len(records), sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    try:
        built = build(
            records,
            args.output,
            workspace,
            args.template,
            args.pdf,
            args.jobs,
            bar.advance if bar else lambda done: None,
            strict=args.strict,
        )
    finally:
        if bar:
            bar.close()
    failed = [b for b in built if b.error]
    for b in built:
        for warning in b.warnings:
            print(f"pdbuilder: warning: {b.record}: {warning}", file=sys.stderr)
        for path in (b.output, b.pdf):
            if path:
                print(path)
    for b in failed:
        print(f"pdbuilder: {b.error}", file=sys.stderr)
    if not args.quiet:
        written = len(built) - len(failed)
        tail = f"; {len(failed)} record{'s' * (len(failed) != 1)} failed (listed above)" if failed else ""
        print(
            f"pdbuilder: built {written} document{'s' * (written != 1)} in {args.output}{tail}",
            file=sys.stderr,
        )
    return EXIT_PROBLEMS if failed else 0


def run_template_check(args: argparse.Namespace, workspace: Workspace) -> int:
    from pdbuilder.template_check import check_template

    path = resolve_template(args.template)
    problems = check_template(path)
    for problem in problems:
        print(f"{path}: {problem}")
    count = len(problems)
    print(f"{path}: {count or 'no'} problem{'s' * (count != 1)}", file=sys.stderr)
    return EXIT_PROBLEMS if problems else 0
