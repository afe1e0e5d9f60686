"""How `diff` scales with the number of custom tasks (tasks without an id, matched by text).

Run: .venv/bin/python benchmarks/bench_diff.py [--rounds N]
Every custom task is reworded, the worst case: each must be paired with an alike one. Prints the
median seconds per size and its ratio to the smallest size's time scaled up linearly (measured in
the same run): about 1 means linear; the old all-pairs matching grew with the square (200 tasks
took 11 s, 1,000 over 120 s).
"""

from __future__ import annotations

import argparse
import statistics
import time

from pdbuilder.diff import diff_positions
from pdbuilder.model import Position, PositionTask

SIZES = (100, 200, 500, 1000)


def customs(count: int, verb: str) -> Position:
    return Position(
        class_id="x",
        tasks=tuple(
            PositionTask(f"{verb} the incoming request number {n} and files it with the others.")
            for n in range(count)
        ),
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    times = {}
    for size in SIZES:
        old, new = customs(size, "Reviews"), customs(size, "Checks")
        spent = []
        for _ in range(rounds):
            start = time.perf_counter()
            diff_positions(old, new)
            spent.append(time.perf_counter() - start)
        times[size] = statistics.median(spent)
    base = times[SIZES[0]] / SIZES[0]
    for size, seconds in times.items():
        print(
            f"{size:5} custom tasks reworded: {seconds * 1000:8.1f} ms  ratio to linear {seconds / (base * size):.2f}"
        )


if __name__ == "__main__":
    main()
