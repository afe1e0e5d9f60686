"""`pdbuilder serve`: the command each browser tab's app runs, the address it listens on, its errors."""

from __future__ import annotations

import shlex
import socket
import sys
from pathlib import Path

import aiohttp
import pytest

from pdbuilder.cli import build_parser
from pdbuilder.cli.serve import app_command
from pdbuilder.serve import is_loopback

from .browser import Served, serve_pdbuilder


def test_each_tab_runs_this_python_with_the_same_global_options_quoted_for_a_shell():
    given = [
        "--positions",
        "HR team's positions & drafts",
        "--catalog",
        "catalogs/$HOME",
        "--catalog",
        "/srv/a b",
        "--agency-profile",
        "our agency.toml",
    ]
    args = build_parser().parse_args([*given, "--no-commit", "--no-index", "serve"])
    defaults = build_parser(with_commands=False).parse_args([])
    for option, default in vars(defaults).items():  # each one set, so that a new one must be carried too
        assert getattr(args, option) != default, f"set --{option} in this test"
    argv = shlex.split(app_command(args))
    assert argv[:3] == [sys.executable, "-m", "pdbuilder"]
    again = build_parser(with_commands=False).parse_args(argv[3:])
    assert vars(again) == {
        "positions": Path.cwd() / "HR team's positions & drafts",
        "catalog": [Path.cwd() / "catalogs/$HOME", Path("/srv/a b")],
        "agency_profile": Path.cwd() / "our agency.toml",
        "commit": False,
        "use_index": False,
    }


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "localhost"])
def test_loopback_addresses_are_this_machine_only(host):
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.5", "::", "pd.example.org"])
def test_other_addresses_and_host_names_may_be_reached_from_elsewhere(host):
    assert not is_loopback(host)


def test_another_host_is_warned_about_and_an_address_not_here_is_one_clear_line(cli):
    result = cli("serve", "--host", "192.0.2.1", "--port", "8123")  # TEST-NET-1: never this machine's
    assert result.code == 2
    warning, error = result.err.splitlines()
    assert warning.startswith("pdbuilder: warning: serving on 192.0.2.1 with no login")
    assert "no authentication" in warning and "reverse proxy" in warning
    assert error == "pdbuilder: cannot listen on 192.0.2.1 port 8123: Cannot assign requested address"
    assert result.out == ""


def test_a_port_in_use_is_one_clear_line_before_anything_is_served(cli):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.code == 2
    assert result.err == f"pdbuilder: cannot listen on 127.0.0.1 port {port}: Address already in use\n"
    assert result.out == ""


@pytest.mark.parametrize("port", ["0", "65536", "http", "-1"])
def test_a_port_that_is_not_one_is_a_usage_error(cli, port):
    result = cli("serve", "--port", port)
    assert result.code == 2 and "argument --port: not a port number" in result.err


async def handshake(served: Served, origin: str | None) -> int:
    """The HTTP status of a websocket opened on the app as a page of `origin` would (101: opened)."""
    headers = {"Origin": origin} if origin else {}
    async with aiohttp.ClientSession() as session:
        try:
            async with session.ws_connect(f"{served.url}ws?width=80&height=24", headers=headers):
                return 101
        except aiohttp.WSServerHandshakeError as exc:
            return exc.status


async def test_only_its_own_pages_may_open_the_app(positions, tmp_path):
    served = serve_pdbuilder("--positions", positions, cwd=tmp_path)
    try:
        port = served.port
        assert await handshake(served, "https://evil.example") == 403  # any site the analyst visits
        assert await handshake(served, f"http://evil.example:{port}") == 403  # one resolving to 127.0.0.1
        assert await handshake(served, f"http://127.0.0.1:{port + 1}") == 403  # another local server
        assert await handshake(served, f"http://127.0.0.1:{port}") == 101  # the page served here
        assert await handshake(served, f"http://localhost:{port}") == 101
        assert await handshake(served, None) == 101  # not a browser: it could connect anyway
    finally:
        served.stop()
