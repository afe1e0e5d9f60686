"""The real app in a real terminal: what Pilot cannot show (key timing, escape sequences, kill -9)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def _quoted(word: str) -> str:
    """`word` as one argument of a tmux command line, literally (no `~`, `$` or `;` read)."""
    return "'" + word.replace("'", "'\"'\"'") + "'"


class Tmux:
    """The real app in a real terminal, on a tmux server of its own."""

    def __init__(self, folder: Path) -> None:
        self.socket = folder / "tmux.sock"
        self._control: subprocess.Popen[str] | None = None

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

    def _send(self, *args: str) -> None:
        """`tmux send-keys ARGS`, through one control-mode client kept for the session: keys go in the
        order sent, each as soon as it is written, with no tmux process started per key."""
        if self._control is None:
            self._control = subprocess.Popen(
                ["tmux", "-S", str(self.socket), "-C", "attach-session", "-f", "ignore-size,no-output"],
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                text=True,
            )
        assert self._control.stdin is not None
        self._control.stdin.write(" ".join(["send-keys", *map(_quoted, args)]) + "\n")
        self._control.stdin.flush()

    def keys(self, *keys: str, literal: bool = False) -> None:
        self._send(*(["-l"] if literal else []), "--", *keys)

    def type(self, text: str, interval: float = 0.002) -> None:
        """Type `text` one character at a time, `interval` seconds apart, as a fast typist or key repeat."""
        for char in text:
            self._send("-l", "--", char)
            time.sleep(interval)

    def kill(self) -> None:
        subprocess.run(["tmux", "-S", str(self.socket), "kill-server"], capture_output=True)
        if self._control is not None:  # its server gone, the client ends
            self._control.stdin.close()
            self._control.wait(timeout=10)
