"""A whole state's positions: check, stats, the terminal UI and generation at 1,000, 10,000 and
100,000 records, each against a baseline measured in the same run.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--rounds 3] [--only check,stats,tui,build]

For each size, records are made in a temporary folder (copies of varied synthetic records, each
with its own number, title and modification time; nothing is committed), with the run's own
index and drafts folders. Every command is a fresh process, timed as a whole:

check  `--no-index check --jobs 1` (every file parsed, as before the index) is the baseline;
       then with a cold index, `--jobs 1` and `--jobs 2`, and with a warm one (goal: < 2 s at 100k).
stats  peak memory (maxrss) of `--no-index stats` and of `stats` on a warm index, against the
       memory of the same command at the smallest size (goal: flat).
tui    in tmux, with a warm index: launch until the newest rows show, against a bare Textual app's
       first frame (goal: <= 1.3x); launch until every record is listed and searchable (goal:
       within 1 s); Esc from the editor back to home, nothing changed (goal: < 100 ms), against a
       bare Textual app's Esc from a second screen back to its first (Textual takes a lone Esc
       byte for the Esc key only once no other byte follows within 100 ms, so no app is under
       100 ms there; the app's own part is the difference); a keystroke in the home search until
       it shows, against a bare Input's echo (goal: < 16 ms more). Once per size, launch until
       every record is listed with a cold index (progress shown meanwhile).
build  (--records for the build, default 1000) a plain docxtpl loop against `build --jobs 1`
       (goal: >= 15x), and `generate` of one document against `python -c "import docxtpl"`
       (goal: <= 1.4x).

The machine's CPU shares during each part are printed: on a shared machine, compare only quiet runs.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import bench_build
import bench_startup
from bench_build import compile_pdbuilder, cpu_model, cpu_seconds, machine_shares, machine_ticks
from bench_startup import keystroke_times, launch, tmux, wait_for

PYTHON = sys.executable
PDBUILDER = [PYTHON, "-m", "pdbuilder"]
PARTS = ("check", "stats", "tui", "build")
BARE_SCREENS = """
from textual.app import App
from textual.screen import Screen
from textual.widgets import Static

class Second(Screen):
    BINDINGS = [("escape", "app.pop_screen")]

    def compose(self):
        yield Static("second screen")

class Bare(App):
    BINDINGS = [("enter", "push_screen('second')")]
    SCREENS = {"second": Second}

    def compose(self):
        yield Static("bare app ready")

Bare().run()
"""


def make_records(folder: Path, count: int, kinds: int = 60) -> None:
    """`count` records: `kinds` varied synthetic ones (bench_build's) copied with their own number,
    title and modification time, the newest last."""
    with tempfile.TemporaryDirectory() as temp:
        bench_build.make_records(Path(temp), min(kinds, count))
        texts = [path.read_text(encoding="utf-8") for path in sorted(Path(temp).glob("*.toml"))]
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    for n in range(count):
        text = re.sub(r'^number = ".*"$', f'number = "{n:08}"', texts[n % len(texts)], count=1, flags=re.M)
        text = re.sub(r'^(working_title = ".*?) \d+"$', rf'\g<1> {n}"', text, count=1, flags=re.M)
        modified = (start + timedelta(minutes=n)).isoformat()
        text = re.sub(r"^modified = .*$", f"modified = {modified}", text, count=1, flags=re.M)
        (folder / f"{n:08}.toml").write_text(text, encoding="utf-8")


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (KB) of a command."""
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)}: exit {process.returncode}")
    return time.perf_counter() - start, usage.ru_maxrss


def median(values: list[float]) -> float:
    return statistics.median(values)


class Machine:
    """How the machine's CPU time went while a part ran."""

    def __init__(self) -> None:
        self.ticks, self.cpu = machine_ticks(), cpu_seconds()

    def report(self) -> str:
        now = machine_ticks()
        ticks = [[a - b for a, b in zip(now, self.ticks, strict=True)]]
        return machine_shares(ticks, cpu_seconds() - self.cpu)


def verdict(met: bool) -> str:
    return "met" if met else "NOT met"


def bench_check(
    folder: Path, env: dict[str, str], cache: Path, rounds: int, cold_rounds: int, slow: bool
) -> dict:
    """Without `slow`, no baseline and no cold `--jobs 1`: one cold `--jobs 2` run builds the index."""

    def cold(jobs: int) -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return run([*PDBUILDER, "--positions", str(folder), "check", "--jobs", str(jobs)], env)[0]

    base = (
        [run([*PDBUILDER, "--no-index", "--positions", str(folder), "check", "--jobs", "1"], env)[0]]
        if slow
        else []
    )
    cold1 = [cold(1) for _ in range(cold_rounds if slow else 0)]
    cold2 = [cold(2) for _ in range(cold_rounds if slow else 1)]
    warm = [run([*PDBUILDER, "--positions", str(folder), "check"], env)[0] for _ in range(rounds)]
    return {
        "base": median(base) if base else None,
        "cold1": median(cold1) if cold1 else None,
        "cold2": median(cold2),
        "warm": median(warm),
    }


def bench_stats(folder: Path, env: dict[str, str], rounds: int, slow: bool) -> dict:
    no_index = (
        [run([*PDBUILDER, "--no-index", "--positions", str(folder), "stats", "--jobs", "1"], env)]
        if slow
        else []
    )
    run([*PDBUILDER, "--positions", str(folder), "check"], env)  # a warm index
    warm = [run([*PDBUILDER, "--positions", str(folder), "stats"], env) for _ in range(rounds)]
    return {
        "no_index_mb": median([kb for _, kb in no_index]) / 1024 if no_index else None,
        "warm_mb": median([kb for _, kb in warm]) / 1024,
        "warm_s": median([s for s, _ in warm]),
    }


def bench_tui(root: Path, folder: Path, count: int, rounds: int, cold_index: bool) -> dict:
    """Times in a real terminal; `root` holds bare.py and the cache folder. The cold figure runs once,
    with `cold_index` (else the first launch uses, or builds, the index untimed); `progress` says
    whether the status line showed how many records were read while a cold index was built."""
    app = [*PDBUILDER, "--positions", str(folder)]
    bare = [PYTHON, "bare.py"]
    newest = f"{count - 1:08}"  # the newest record's number, on the first row

    def all_listed(text: str) -> bool:
        return f"{count} of {count} positions" in text and "reading" not in text

    progress = []

    def all_listed_noting_progress(text: str) -> bool:
        progress.append(re.search(r"reading records… [\d,]+ of [\d,]+", text) is not None)
        return all_listed(text)

    if cold_index:
        shutil.rmtree(root / "cache", ignore_errors=True)
    cold = launch(app, root, all_listed_noting_progress, timeout=3600)
    first, complete, baseline, back, bare_back = [], [], [], [], []
    launch(bare, root, lambda text: "bare app ready" in text)
    for _ in range(rounds):
        baseline.append(launch(bare, root, lambda text: "bare app ready" in text))
        # Esc in a bare app: from its second screen back to its first
        launch([PYTHON, "bare_screens.py"], root, lambda text: "bare app ready" in text)
        bare_back.append(escape_back("second screen", "bare app ready"))
        first.append(launch(app, root, lambda text: newest in text))
        complete.append(wait_for(all_listed, timeout=120) + first[-1])
        # Esc from the editor back to home, nothing changed
        back.append(escape_back("Review", f"{count} of {count} positions"))
    # a keystroke in the home search, against a bare Input's echo
    word = "technician 9"
    launch(app, root, all_listed)
    tmux("send-keys", "-t", bench_startup.SESSION, "/")
    time.sleep(0.5)
    typed = keystroke_times(
        word, lambda prefix, text: prefix in "".join(text.splitlines()[1:4])
    )  # the search box
    launch([*bare, "--input"], root, lambda text: "bare app ready" in text)
    time.sleep(0.3)
    echoed = keystroke_times(word, lambda prefix, text: prefix in text)
    return {
        "bare": median(baseline),
        "first": median(first),
        "complete": median(complete),
        "cold": cold if cold_index else None,
        "progress": any(progress),
        "back": median(back),
        "bare_back": median(bare_back),
        "typed": median(typed),
        "echoed": median(echoed),
    }


def escape_back(second: str, first: str) -> float:
    """Seconds from Esc until the first screen shows, having opened the second with Enter."""
    tmux("send-keys", "-t", bench_startup.SESSION, "Enter")
    wait_for(lambda text: second in text and first not in text, timeout=30)
    time.sleep(0.5)
    start = time.perf_counter()
    tmux("send-keys", "-t", bench_startup.SESSION, "Escape")
    wait_for(lambda text: first in text, timeout=30)
    return time.perf_counter() - start


def bench_generation(root: Path, env: dict[str, str], records: int, plain: int, rounds: int) -> dict:
    folder, out = root / "build-positions", root / "out"
    folder.mkdir()
    bench_build.make_records(folder, records)
    paths = sorted(folder.glob("*.toml"))
    from pdbuilder.render import DEFAULT_TEMPLATE, resolve_template

    template = resolve_template(DEFAULT_TEMPLATE)
    plain_times, build_times, one, imports = [], [], [], []
    for _ in range(rounds):
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        start = time.perf_counter()
        bench_build.plain_loop(paths[:plain], template, out)
        plain_times.append((time.perf_counter() - start) / plain)
        shutil.rmtree(out)
        build = [*PDBUILDER, "build", str(folder), "-o", str(out), "--jobs", "1", "--quiet"]
        build_times.append(run(build, env)[0] / records)
        one.append(run([*PDBUILDER, "generate", str(paths[0]), "-o", str(root / "one.docx")], env)[0])
        imports.append(run([PYTHON, "-c", "import docxtpl"], env)[0])
    same = (root / "one.docx").read_bytes() == (out / f"{paths[0].stem}.docx").read_bytes()
    return {
        "plain": median(plain_times),
        "build": median(build_times),
        "one": median(one),
        "import": median(imports),
        "same": same,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000", help="record counts, comma-separated")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each quick figure; medians printed")
    parser.add_argument(
        "--cold-rounds", type=int, default=1, help="runs of each cold-index figure (slow at 100k)"
    )
    parser.add_argument(
        "--slow-max",
        type=int,
        default=100_000,
        help="the largest size at which the figures that read every record (no index, cold index "
        "--jobs 1, the terminal UI's cold start) run; above it one cold check --jobs 2 builds the index",
    )
    parser.add_argument("--only", default=",".join(PARTS), help=f"parts to run, of {', '.join(PARTS)}")
    parser.add_argument("--records", type=int, default=1000, help="records for the build figure")
    parser.add_argument("--plain", type=int, default=100, help="records the plain docxtpl loop renders")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    sizes = [int(size) for size in args.sizes.split(",")]
    compile_pdbuilder()
    print(
        f"machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {sys.version.split()[0]}; "
        f"load average {os.getloadavg()[0]:.2f} at the start"
    )
    with tempfile.TemporaryDirectory(prefix="pdbuilder-scale-") as temp:
        root = Path(temp)
        bench_startup.isolate(root)
        env = {**os.environ, **bench_startup.ENVIRONMENT}
        (root / "bare.py").write_text(bench_startup.BARE_APP)
        (root / "bare_screens.py").write_text(BARE_SCREENS)
        if "tui" in parts:
            bench_startup.start_tmux()
        try:
            memory = {}
            for size in sizes:
                folder = root / f"positions-{size}"
                folder.mkdir()
                make_records(folder, size)
                slow = size <= args.slow_max
                if "check" in parts:
                    machine = Machine()
                    c = bench_check(folder, env, root / "cache", args.rounds, args.cold_rounds, slow)
                    base = c["base"]
                    print(f"\n{size:,} records: check, whole commands (cold: {args.cold_rounds} run(s))")

                    def against_base(seconds: float | None, digits: int = 2, base=base) -> str:
                        if seconds is None:
                            return f"  (not run above --slow-max {args.slow_max:,})"
                        return f"{seconds:8.2f} s" + (f"  {seconds / base:.{digits}f}x" if base else "")

                    print(f"  --no-index --jobs 1 (baseline)  {against_base(base)}")
                    print(f"  cold index --jobs 1             {against_base(c['cold1'])}")
                    print(f"  cold index --jobs 2             {against_base(c['cold2'])}")
                    print(
                        f"  warm index                      {against_base(c['warm'], 3)}"
                        + (f"  goal < 2 s: {verdict(c['warm'] < 2)}" if size >= 100_000 else "")
                    )
                    print(f"  CPU meanwhile: {machine.report()}")
                if "stats" in parts:
                    machine = Machine()
                    s = bench_stats(folder, env, args.rounds, slow)
                    memory.setdefault("first", s)
                    first = memory["first"]
                    print(f"\n{size:,} records: stats")
                    if s["no_index_mb"] is not None:
                        print(
                            f"  peak memory, --no-index         {s['no_index_mb']:8.1f} MB  "
                            f"{s['no_index_mb'] / first['no_index_mb']:.2f}x the {sizes[0]:,}-record run"
                        )
                    print(
                        f"  peak memory, warm index         {s['warm_mb']:8.1f} MB  "
                        f"{s['warm_mb'] / first['warm_mb']:.2f}x the {sizes[0]:,}-record run  (goal: flat)"
                    )
                    print(
                        f"  time, warm index                {s['warm_s']:8.2f} s"
                        + (f"  goal < 2 s: {verdict(s['warm_s'] < 2)}" if size >= 100_000 else "")
                    )
                    print(f"  CPU meanwhile: {machine.report()}")
                if "tui" in parts:
                    machine = Machine()
                    t = bench_tui(root, folder, size, args.rounds, cold_index=slow)
                    ms = lambda seconds: seconds * 1000  # noqa: E731
                    print(f"\n{size:,} records: terminal UI in tmux, warm index, medians of {args.rounds}")
                    print(f"  bare Textual app, first frame   {ms(t['bare']):8.0f} ms")
                    ratio = t["first"] / t["bare"]
                    print(
                        f"  newest rows shown               {ms(t['first']):8.0f} ms  {ratio:.2f}x  "
                        f"goal <= 1.3x: {verdict(ratio <= 1.3)}"
                    )
                    print(
                        f"  every record listed, searchable {ms(t['complete']):8.0f} ms  "
                        f"goal < 1 s: {verdict(t['complete'] < 1)}"
                    )
                    if t["cold"] is not None:
                        print(
                            f"  the same, cold index (1 run)    {ms(t['cold']):8.0f} ms  progress shown "
                            f"meanwhile: {'yes' if t['progress'] else 'no'}"
                        )
                    own = ms(t["back"] - t["bare_back"])
                    print(
                        f"  Esc from the editor to home     {ms(t['back']):8.0f} ms  bare app's Esc "
                        f"{ms(t['bare_back']):.0f} ms, the app's own {own:+.0f} ms  goal < 100 ms: "
                        f"{verdict(t['back'] < 0.1)}; the app's own < 100 ms: {verdict(own < 100)}"
                    )
                    cost = ms(t["typed"] - t["echoed"])
                    print(
                        f"  search keystroke                {ms(t['typed']):8.1f} ms  bare echo "
                        f"{ms(t['echoed']):.1f} ms, filter cost {cost:+.1f} ms  goal < 16 ms: {verdict(cost < 16)}"
                    )
                    print(f"  CPU meanwhile: {machine.report()}")
                shutil.rmtree(folder)
            if "build" in parts:
                machine = Machine()
                g = bench_generation(root, env, args.records, args.plain, args.rounds)
                speedup = g["plain"] / g["build"]
                print(f"\ngeneration, {args.records:,} records, medians of {args.rounds}")
                print(f"  plain docxtpl loop              {g['plain'] * 1000:8.2f} ms a document")
                print(
                    f"  build --jobs 1                  {g['build'] * 1000:8.2f} ms a document  "
                    f"{speedup:.1f}x plain  goal >= 15x: {verdict(speedup >= 15)}"
                )
                ratio = g["one"] / g["import"]
                print(f'  python -c "import docxtpl"      {g["import"] * 1000:8.0f} ms')
                print(
                    f"  generate one document           {g['one'] * 1000:8.0f} ms  {ratio:.2f}x  "
                    f"goal <= 1.4x: {verdict(ratio <= 1.4)}"
                )
                print(f"  generate and build wrote the same bytes: {g['same']}")
                print(f"  CPU meanwhile: {machine.report()}")
        finally:
            if "tui" in parts:
                bench_startup.stop_tmux()
    return 0


if __name__ == "__main__":
    sys.exit(main())
