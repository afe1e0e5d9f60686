"""Commands over Word documents: generate a position description or posting; check a template."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pdbuilder.records import read_position
from pdbuilder.render import DEFAULT_TEMPLATE, TEMPLATE_NAMES, default_output, generate, resolve_template
from pdbuilder.workspace import Workspace


def register(commands: argparse._SubParsersAction) -> None:
    generate_parser = commands.add_parser(
        "generate", help="write a position's Word document (position description or posting)",
        description="Render a position record through a Word template. Prints the files written; "
                    "warnings (such as dropped control characters) go to stderr.",
        epilog="example: pdbuilder generate positions/ill.toml --template posting --pdf",
    )
    generate_parser.add_argument("file", type=Path, metavar="FILE", help="a position record")
    generate_parser.add_argument(
        "-o", "--output", type=Path, metavar="OUT.docx",
        help="where to write; a folder keeps the default name (default: next to the record, named after it)",
    )
    generate_parser.add_argument(
        "--template", default=DEFAULT_TEMPLATE, metavar="NAME|PATH",
        help=f"a template name ({', '.join(TEMPLATE_NAMES)}, or one in $PDBUILDER_TEMPLATES) "
             f"or the path of an agency's .docx template (default: {DEFAULT_TEMPLATE})",
    )
    generate_parser.add_argument("--pdf", action="store_true", help="also write a PDF beside it, through LibreOffice (soffice)")
    generate_parser.set_defaults(run=run_generate)

    template = commands.add_parser("template", help="work with Word templates", description="Work with Word templates.")
    actions = template.add_subparsers(title="actions", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="list a template's unknown variables and Jinja syntax errors",
        description="Check a Word template against the context documented in docs/templates.md: every "
                    "variable it uses that the context lacks, and every Jinja syntax error, with where it is. "
                    "Exit 1 when there are any.",
    )
    check.add_argument("template", metavar="TEMPLATE", help="a template name or the path of a .docx file")
    check.set_defaults(run=run_template_check)


def run_generate(args, workspace: Workspace) -> int:
    position = read_position(args.file)
    ref = workspace.class_for(position, args.file)
    output = args.output or default_output(args.file, args.template)
    if output.is_dir():
        output = output / default_output(args.file, args.template).name
    done = generate(position, ref, output, args.template, pdf=args.pdf)
    for warning in done.warnings:
        print(f"pdbuilder: warning: {args.file}: {warning}", file=sys.stderr)
    print(done.path)
    if done.pdf:
        print(done.pdf)
    return 0


def run_template_check(args, workspace: Workspace) -> int:
    from pdbuilder.template_check import check_template

    path = resolve_template(args.template)
    problems = check_template(path)
    for problem in problems:
        print(f"{path}: {problem}")
    count = len(problems)
    print(f"{path}: {count or 'no'} problem{'s' * (count != 1)}", file=sys.stderr)
    return 1 if problems else 0
