"""For long commands: the `--jobs` option, and a one-line progress bar on a terminal (nothing when
output goes elsewhere)."""

from __future__ import annotations

import argparse
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


def add_jobs_option(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--jobs", type=_positive, metavar="N", help="processes sharing the work (default: one per CPU)"
    )


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of 1 or more, not {text!r}")
    return int(text)
