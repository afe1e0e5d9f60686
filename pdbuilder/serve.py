"""The terminal UI in web browsers, through textual-serve: one app process per browser tab.

textual-serve starts each tab's app from a shell command and relays its screen and keys over a
websocket. It has no login of its own: whoever reaches the port uses the app with this process's
rights, so the CLI listens on this machine only unless told otherwise.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import web
from textual_serve.server import Server

from pdbuilder.errors import PdbuilderError


class PdbuilderServer(Server):
    def __init__(self, command: str, positions_dir: Path, host: str, port: int, public_url: str | None):
        url_host = f"[{host}]" if ":" in host else host  # an IPv6 address in a URL
        super().__init__(
            command,
            host=host,
            port=port,
            title="pdbuilder",
            public_url=public_url or f"http://{url_host}:{port}",
        )
        self.positions_dir = positions_dir

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        # textual-serve accepts a websocket from any page. A browser says which site opened one:
        # refuse other sites' pages, which could otherwise drive the app for whoever visits them.
        origin = request.headers.get("Origin")
        if origin is not None and not self.is_own_page(origin):
            raise web.HTTPForbidden(text=f"pdbuilder: a page of {origin} may not open this app\n")
        return await super().handle_websocket(request)

    def is_own_page(self, origin: str) -> bool:
        """True for a page served here: at the public URL, or as localhost/127.0.0.1 on this port."""
        page, public = urlsplit(origin), urlsplit(self.public_url)
        if (page.scheme, page.netloc) == (public.scheme, public.netloc):
            return True
        port = page.port or {"http": 80, "https": 443}.get(page.scheme)
        return page.hostname is not None and is_loopback(page.hostname) and port == self.port

    async def on_startup(
        self, app: web.Application
    ) -> None:  # instead of textual-serve's banner, which shows the command
        self.console.print(
            f"pdbuilder: serving the positions in {self.positions_dir.absolute()} on {self.public_url} "
            "(Ctrl+C stops)",
            highlight=False,
            soft_wrap=True,
        )


def serve(command: str, positions_dir: Path, host: str, port: int, public_url: str | None = None) -> None:
    """Serve the app that `command` starts to browsers until Ctrl+C (or SIGTERM)."""
    if not is_loopback(host):
        print(
            f"pdbuilder: warning: serving on {host} with no login: anyone who can reach port {port} "
            "can read, change and delete the positions. textual-serve has no authentication; put it behind "
            "a reverse proxy that asks for one (see the README).",
            file=sys.stderr,
        )
    check_free(host, port)
    PdbuilderServer(command, positions_dir, host, port, public_url).serve()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def check_free(host: str, port: int) -> None:
    """Fail with one clear line now, rather than after the server has said it is serving."""
    try:
        for family, kind, proto, _, address in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
            with socket.socket(family, kind, proto) as probe:
                probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server will
                probe.bind(address)
    except OSError as exc:  # an unknown host name too (socket.gaierror)
        raise PdbuilderError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from None
