"""Driving `pdbuilder serve` in a real Chromium with Playwright, as a person would: keys in, screen out.

The browser is Debian's chromium, started by Playwright through `executable_path` (Playwright's own
browser download is not used). The page draws the terminal on a canvas, so the screen is read from
what the app sends the page: the websocket's bytes, played into a terminal emulator (pyte) of the
page's size.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyte

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT = 30  # seconds for anything to show up; generous, as the machine may be shared


def chromium() -> str | None:
    return shutil.which("chromium")


def missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    if importlib.util.find_spec("playwright") is None:
        return "Playwright for Python is not installed (pip install -e '.[test]')"
    if chromium() is None:
        return "no chromium on PATH (Debian: apt-get install chromium)"
    return None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Served:
    """A web server on a free port of 127.0.0.1, until stopped: `command`, the port added at its end."""

    def __init__(self, command: list[str | Path], cwd: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = tempfile.TemporaryFile("w+")  # noqa: SIM115 (closed by stop); not a pipe: a full one stops the server
        self.process = subprocess.Popen(
            [*map(str, command), str(self.port)],
            cwd=cwd,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + TIMEOUT
        while True:
            try:
                urllib.request.urlopen(self.url, timeout=TIMEOUT).close()
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"{command} did not start: {self.stop()}") from None
                time.sleep(0.1)

    def stop(self) -> str:
        """Stop the server (textual-serve stops its apps first) and return what it printed."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=TIMEOUT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with self.log:
            self.log.seek(0)
            return self.log.read()


def serve_pdbuilder(*options: str | Path, cwd: Path) -> Served:
    """`pdbuilder [OPTIONS] serve --port PORT`."""
    return Served([sys.executable, "-m", "pdbuilder", *options, "serve", "--port"], cwd)


class Tab:
    """A browser tab on the served app: keys typed in, the screen read back as text."""

    def __init__(self, context, url: str) -> None:
        self.page = context.new_page()
        self.terminal = pyte.Screen(80, 24)
        self._text: str | None = None
        self.stream = pyte.ByteStream(self.terminal)
        self.page.on("websocket", self._connected)
        self.page.goto(url)
        # Keys go to the terminal, as after a click on it (a click would also reach the app as a mouse event).
        self.page.focus(".xterm-helper-textarea")

    def _connected(self, websocket) -> None:
        self.connected_at = (
            time.perf_counter()
        )  # the page is loaded; the app starts (benchmarks/bench_serve.py)
        size = parse_qs(urlsplit(websocket.url).query)  # the page asks for ws?width=W&height=H
        self.terminal.resize(int(size["height"][0]), int(size["width"][0]))
        self._text = None
        websocket.on("framereceived", self._receive)
        websocket.on("framesent", self._sent)

    def _receive(self, payload: bytes | str) -> None:
        if isinstance(payload, bytes):  # the app's output; text frames are the page's own messages
            self.stream.feed(payload)
            self._text = None

    def _sent(self, payload: bytes | str) -> None:
        message = json.loads(payload) if isinstance(payload, str) else None
        if message and message[0] == "resize":
            self.terminal.resize(message[1]["height"], message[1]["width"])
            self._text = None

    def text(self) -> str:
        """What the screen shows now, a line of text per row (read again once the app sends more)."""
        if self._text is None:
            self._text = "\n".join(self.terminal.display)
        return self._text

    def wait_for(self, text: str, shown: bool = True) -> None:
        """Until `text` is on the screen (or, `shown=False`, no longer on it)."""
        deadline = time.monotonic() + TIMEOUT
        while (text in self.text()) != shown:
            if time.monotonic() > deadline:
                state = "not on screen" if shown else "still on screen"
                raise AssertionError(f"{text!r} {state} after {TIMEOUT}s; it shows:\n{self.text()}")
            self.page.wait_for_timeout(20)

    def press(self, *keys: str, then: str | None = None) -> None:
        """Press each key (Playwright's names: "Enter", "Control+s"), then wait until `then` shows."""
        for key in keys:
            self.page.keyboard.press(key)
        if then is not None:
            self.wait_for(then)

    def type(self, text: str, pace: float = 0.02) -> None:
        """Type `text` a key every `pace` seconds (key repeat, a paste typed out), then wait until it
        shows, whole. The tests type once what the keys before have shown on screen."""
        self.page.keyboard.type(text, delay=pace * 1000)
        self.wait_for(text)

    def screenshot(self, path: Path) -> Path:
        self.page.screenshot(path=path)
        return path
