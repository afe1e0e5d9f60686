"""How long opening a record in the editor takes, against a bare screen pushed the same way.

    .venv/bin/python benchmarks/bench_open.py [--runs 15] [--size 120x40]

From the home screen (the sample positions, the bundled catalog), a record is opened and the
time is taken until the editor's first frame is drawn: its screen is current and the app is
idle again. The baseline is a screen with only a header, a line of text and a footer, pushed and
timed the same way in the same run. Goal: under 150 ms at 120x40. Headless (Textual's
`run_test`), so the figure is the app's own work, not the terminal's: not a test, as timings
depend on the machine; it prints medians so runs on one machine compare.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.workspace import Workspace

SAMPLES = Path(__file__).resolve().parents[1] / "positions"


class Bare(Screen):
    def compose(self):
        yield Header()
        yield Static("A bare screen.")
        yield Footer()


async def idle(pilot, until) -> float:
    """Wait until `until()` holds and the app has drawn it; the time taken, in seconds."""
    start = time.perf_counter()
    while not until():
        await asyncio.sleep(0.001)
    await pilot.pause()
    return time.perf_counter() - start


async def measure(folder: Path, runs: int, size: tuple[int, int]) -> tuple[list[float], list[float]]:
    app = PdbuilderApp(Workspace(folder))
    opened, bare = [], []
    async with app.run_test(size=size) as pilot:
        await app.loaded_catalog()
        await pilot.pause()
        record = sorted(folder.glob("*.toml"))[0]
        for _ in range(runs):
            start = time.perf_counter()
            app.open_record(record)
            await idle(pilot, lambda: isinstance(app.screen, EditorScreen))
            opened.append(time.perf_counter() - start)
            app.pop_screen()
            app.session = None
            app.publish()
            await pilot.pause()
            start = time.perf_counter()
            app.push_screen(Bare())
            await idle(pilot, lambda: isinstance(app.screen, Bare))
            bare.append(time.perf_counter() - start)
            app.pop_screen()
            await pilot.pause()
    return opened, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--size", default="120x40")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "positions"
        shutil.copytree(SAMPLES, folder)
        opened, bare = asyncio.run(measure(folder, args.runs, size))
    open_ms, bare_ms = statistics.median(opened) * 1000, statistics.median(bare) * 1000
    print(f"open a record in the editor at {args.size}: median {open_ms:.0f} ms over {args.runs} runs")
    print(f"  each run (ms): {' '.join(f'{t * 1000:.0f}' for t in opened)}")
    print(f"bare screen, same way: median {bare_ms:.0f} ms; ratio {open_ms / bare_ms:.1f}x")
    print(f"goal: under 150 ms: {'met' if open_ms < 150 else 'not met'}")


if __name__ == "__main__":
    main()
