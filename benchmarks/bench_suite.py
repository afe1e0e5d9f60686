"""The test suite's time against an earlier commit's, run in turns on the same machine.

Run: .venv/bin/python benchmarks/bench_suite.py [--baseline REV] [--rounds N]
The machine this project runs on is shared: one commit's suite took anything from 60 to 97 s within
a day. So the suite of this checkout and that of REV (checked out beside it) run in turn,
N rounds of each, and the script prints each one's median wall time, its CPU time (every process it
started, pytest's workers and theirs) and the ratios of the two: measured in the same minutes, the
ratio says what the changes did, whatever the machine's mood. Both run as `.ci/run` runs them: this
checkout's `.ci/bytecode` first (the package and the test modules compiled), then the README's `pytest`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def run_suite(checkout: Path) -> tuple[float, float]:
    """Wall and CPU seconds of `pytest` in `checkout`, its own package imported (not this one's)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(checkout),
        "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}",
    }
    subprocess.run([REPO / ".ci" / "bytecode"], cwd=checkout, env=env, check=True)
    cpu, start = children_cpu(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"the suite failed in {checkout}:\n{done.stdout[-2000:]}")
    return wall, children_cpu() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--baseline",
        default="b57beda",
        help="the commit to compare with (default: before issue 13's last work)",
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        baseline = Path(folder) / "baseline"
        subprocess.run(
            ["git", "worktree", "add", "-q", "--detach", str(baseline), args.baseline], cwd=REPO, check=True
        )
        try:
            runs: dict[str, list[tuple[float, float]]] = {"baseline": [], "this checkout": []}
            for round_ in range(1, args.rounds + 1):
                for name, checkout in (("baseline", baseline), ("this checkout", REPO)):
                    runs[name].append(run_suite(checkout))
                    wall, cpu = runs[name][-1]
                    print(f"round {round_}: {name:13} {wall:5.1f} s wall, {cpu:5.1f} s CPU", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(baseline)], cwd=REPO, check=True)
    medians = {name: [statistics.median(x) for x in zip(*found, strict=True)] for name, found in runs.items()}
    (old_wall, old_cpu), (new_wall, new_cpu) = medians["baseline"], medians["this checkout"]
    print(f"baseline {args.baseline}: median {old_wall:.1f} s wall, {old_cpu:.1f} s CPU")
    print(f"this checkout: median {new_wall:.1f} s wall, {new_cpu:.1f} s CPU")
    print(f"ratio: {new_wall / old_wall:.2f}x the wall time, {new_cpu / old_cpu:.2f}x the CPU time")


if __name__ == "__main__":
    main()
