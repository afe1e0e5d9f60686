"""The serve command: the terminal UI in web browsers (pdbuilder/serve.py)."""

from __future__ import annotations

import argparse
import shlex
import sys

from pdbuilder.cli import AddCommand
from pdbuilder.workspace import Workspace

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def register(add_command: AddCommand) -> None:
    serve = add_command(
        "serve",
        help="serve the terminal UI to web browsers",
        description="Serve the terminal UI to web browsers: each browser tab runs its own pdbuilder on the "
        "same positions folder, with the same global options. There is no login: by default only this "
        "machine can connect; for a team, put it behind a reverse proxy that asks for one (see the README).",
        epilog="example: pdbuilder --positions shared/positions serve --port 8000, then open http://127.0.0.1:8000",
    )
    serve.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    serve.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT})"
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers open, when it is not http://HOST:PORT (behind a reverse proxy: "
        "e.g. https://pd.example.org)",
    )
    serve.set_defaults(run=run_serve)


def port_number(text: str) -> int:
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}")
    return int(text)


def run_serve(args: argparse.Namespace, workspace: Workspace) -> int:
    from pdbuilder.serve import serve  # aiohttp takes a second to import: only for this command

    serve(app_command(args), workspace.positions_dir, args.host, args.port, args.public_url)
    return 0


def app_command(args: argparse.Namespace) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, these global options.

    Every word is quoted, as textual-serve hands the line to a shell. Settings made by environment
    variables ($PDBUILDER_TEMPLATES, $PDBUILDER_DRAFTS, ...) reach the apps as they are inherited.
    """
    from pdbuilder.cli import global_options

    return shlex.join([sys.executable, "-m", "pdbuilder", *global_options(args)])
