"""The real app in a real terminal: what Pilot cannot show (key timing, escape sequences, kill -9)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


class Tmux:
    """The real app in a real terminal, on a tmux server of its own."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"

    def __call__(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), *args], check=True, capture_output=True, text=True
        ).stdout

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in (screen := self("capture-pane", "-p")):
            assert time.monotonic() < deadline, f"{text!r} not on screen:\n{screen}"
            time.sleep(0.1)

    def wait_until_gone(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text in (screen := self("capture-pane", "-p")):
            assert time.monotonic() < deadline, f"{text!r} still on screen:\n{screen}"
            time.sleep(0.1)

    def keys(self, *keys: str, literal: bool = False) -> None:
        self("send-keys", *(["-l"] if literal else []), *keys)

    def type(self, text: str, interval: float = 0.002) -> None:
        """Type `text` one character at a time, `interval` seconds apart (at least), as a fast typist or key repeat."""
        for char in text:
            self("send-keys", "-l", "--", "\\;" if char == ";" else char)  # a bare ; ends a tmux command
            time.sleep(interval)

    def kill(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True)
