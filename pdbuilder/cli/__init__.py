"""The headless command line: every action of the TUI, scriptable.

Exit codes: 0 success; 1 the command ran and found problems (or some items failed);
2 bad usage or input that could not be read. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from pathlib import Path

from pdbuilder import __version__, settings
from pdbuilder.errors import PdbuilderError
from pdbuilder.workspace import Workspace, default_positions_dir

EXIT_PROBLEMS = 1
EXIT_ERROR = 2

# What each command module's `register` is given: the subparsers' `add_parser` (argparse names
# the subparsers' type only privately).
AddCommand = Callable[..., argparse.ArgumentParser]


def add_record_command(
    add_command: AddCommand, name: str, help: str, description: str
) -> argparse.ArgumentParser:
    """A command that works on one record: its parser, with the record's FILE argument."""
    parser = add_command(name, help=help, description=description)
    parser.add_argument("file", type=Path, metavar="FILE")
    return parser


# Each command's module, imported only when that command is given: the terminal UI and each
# command start without the others' imports (a `generate` without the importers and git history).
COMMANDS = {
    **dict.fromkeys(["classes", "tasks", "new", "show", "check"], "positions"),
    **dict.fromkeys(["sync", "diff", "stats"], "review"),
    **dict.fromkeys(["history", "status", "merge-record"], "history"),
    **dict.fromkeys(["generate", "build", "template"], "documents"),
    "import-spec": "importing",
    "serve": "serve",
}


def build_parser(with_commands: bool = True, command: str | None = None) -> argparse.ArgumentParser:
    """The parser of the global options, with every command (or only `command`, when it is one)."""
    parser = argparse.ArgumentParser(
        prog="pdbuilder",
        add_help=with_commands,
        description="Build position descriptions from state class specifications. Without a command, opens the terminal UI.",
    )
    if with_commands:
        parser.add_argument("--version", action="version", version=f"pdbuilder {__version__}")
    parser.add_argument(
        "--positions",
        type=Path,
        metavar="DIR",
        default=None,
        help="folder of position records (default: $PDBUILDER_POSITIONS or ./positions)",
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        metavar="DIR",
        action="append",
        default=[],
        help="extra catalog folder, after the bundled one and $PDBUILDER_CATALOG; repeatable; later folders win",
    )
    parser.add_argument(
        "--agency-profile",
        type=Path,
        metavar="FILE",
        default=None,
        help="the agency's settings for documents (default: $PDBUILDER_AGENCY_PROFILE, else agency.toml beside the config file)",
    )
    parser.add_argument(
        "--commit",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="commit each saved record to git, alone (default: the config file's [git] commit)",
    )
    parser.add_argument(
        "--no-index",
        dest="use_index",
        action="store_false",
        help="read every record file, without the index kept in $PDBUILDER_CACHE (default ~/.cache/pdbuilder)",
    )
    if with_commands:
        commands = parser.add_subparsers(title="commands", metavar="COMMAND")
        modules = [COMMANDS[command]] if command in COMMANDS else dict.fromkeys(COMMANDS.values())
        for name in modules:
            importlib.import_module(f"pdbuilder.cli.{name}").register(commands.add_parser)
    return parser


def main(argv: list[str] | None = None) -> int:
    # Only global options: the terminal UI, without importing every command's modules first.
    args, rest = build_parser(with_commands=False).parse_known_args(argv)
    if rest:
        args = build_parser(command=rest[0]).parse_args(argv)
    workspace = Workspace(
        args.positions or default_positions_dir(), args.catalog, args.use_index, args.agency_profile
    )
    settings.override(commit=args.commit)
    try:
        if not hasattr(args, "run"):
            return run_tui(workspace)
        run: Callable[[argparse.Namespace, Workspace], int] = args.run
        return run(args, workspace)
    except PdbuilderError as exc:
        print(f"pdbuilder: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # e.g. `pdbuilder show x.toml | head`
        sys.stderr.close()
        return 0
    finally:
        settings.override()  # the options were this run's (main is also called in-process, by tests)


def global_options(args: argparse.Namespace) -> list[str]:
    """This run's global options, to run pdbuilder again alike (`serve` starts an app per browser tab).

    Folders are made absolute. A global option added to `build_parser` belongs here too (a test checks).
    """
    options = ["--positions", str((args.positions or default_positions_dir()).absolute())]
    for folder in args.catalog:
        options += ["--catalog", str(folder.absolute())]
    if args.agency_profile is not None:
        options += ["--agency-profile", str(args.agency_profile.absolute())]
    if args.commit is not None:
        options.append("--commit" if args.commit else "--no-commit")
    if not args.use_index:
        options.append("--no-index")
    return options


def run_tui(workspace: Workspace) -> int:
    from pdbuilder.tui.app import run  # Textual is imported only for the terminal UI

    return run(workspace)
