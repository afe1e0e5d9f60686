"""A one-line progress bar on a terminal, for long commands; nothing when output goes elsewhere."""

from __future__ import annotations

import time
from typing import TextIO

WIDTH = 30  # characters of bar
INTERVAL = 0.1  # seconds between redraws, so drawing never costs more than the work


class ProgressBar:
    """`[##########----------]  512/1000 records`, redrawn in place; `close()` clears it."""

    def __init__(self, total: int, stream: TextIO, noun: str = "records"):
        self.total, self.stream, self.noun = total, stream, noun
        self.done = 0
        self._drawn_at = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        now = time.monotonic()
        if now - self._drawn_at >= INTERVAL or self.done >= self.total:
            self._drawn_at = now
            filled = WIDTH * self.done // max(self.total, 1)
            self.stream.write(
                f"\r[{'#' * filled}{'-' * (WIDTH - filled)}] {self.done:>{len(str(self.total))}}/{self.total} {self.noun}"
            )
            self.stream.flush()

    def close(self) -> None:
        if self._drawn_at:
            self.stream.write("\r\x1b[2K")  # back to the line's start, erased
            self.stream.flush()
