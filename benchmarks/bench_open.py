"""How long opening a record in the editor takes, against a bare screen pushed the same way.

    .venv/bin/python benchmarks/bench_open.py [--runs 15] [--size 120x40] [--step details]

From the home screen (the sample positions, the bundled catalog), a record is opened and the
time is taken until the editor's last frame is drawn: its screen is current, the app is idle
again, and the time is that of the last frame the app sent to its (headless) display, so that
Textual's wait for idleness is not counted. The baseline is a screen with only a header, a line of text and a footer, pushed and
timed the same way in the same run. Goal: under 150 ms at 120x40. Headless (Textual's
`run_test`), so the figure is the app's own work, not the terminal's: not a test, as timings
depend on the machine; it prints medians so runs on one machine compare. The process's CPU time
is printed beside the wall time: on a busy machine (the load average is printed) the wall time
also counts the waits for a core, the CPU time does not. With --step, the editor then shows that
step, which it composes when first shown, and that is timed too (the Details step is the largest).
"""

from __future__ import annotations

import argparse
import asyncio
import os
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


async def timed(pilot, start, until) -> tuple[float, float]:
    """Start, wait until `until()` holds and the app is idle: (wall, CPU) seconds until its last frame."""
    app, frames = pilot.app, []
    display = app._display

    def noting_frames(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None:
            frames.append((time.perf_counter(), time.process_time()))

    app._display = noting_frames
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        start()
        while not until():
            await asyncio.sleep(0.001)
        await pilot.pause()
    finally:
        del app._display
    last_wall, last_cpu = frames[-1]
    return last_wall - wall, last_cpu - cpu


async def measure(folder: Path, runs: int, size: tuple[int, int], step: str | None):
    """(wall, CPU) seconds of each opening of a record, of each first showing of `step` in it, and
    of each bare screen pushed the same way."""
    app = PdbuilderApp(Workspace(folder))
    opened, shown, bare = [], [], []
    async with app.run_test(size=size) as pilot:
        await app.loaded_catalog()
        await pilot.pause()
        record = sorted(folder.glob("*.toml"))[0]
        for _ in range(runs):
            opened.append(
                await timed(
                    pilot, lambda: app.open_record(record), lambda: isinstance(app.screen, EditorScreen)
                )
            )
            if step:
                shown.append(
                    await timed(pilot, lambda: app.screen.go(step), lambda: app.screen.step_key == step)
                )
            app.pop_screen()
            app.session = None
            app.publish()
            await pilot.pause()
            bare.append(
                await timed(pilot, lambda: app.push_screen(Bare()), lambda: isinstance(app.screen, Bare))
            )
            app.pop_screen()
            await pilot.pause()
    return opened, shown, bare


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--size", default="120x40")
    parser.add_argument("--step", help="then show this step of the editor (details, tasks...) and time it")
    args = parser.parse_args()
    size = tuple(int(n) for n in args.size.split("x"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "positions"
        shutil.copytree(SAMPLES, folder)
        opened, shown, bare = asyncio.run(measure(folder, args.runs, size, args.step))
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; {args.runs} runs at {args.size}")
    for kind, index in (("wall", 0), ("CPU", 1)):
        open_ms = statistics.median(t[index] for t in opened) * 1000
        bare_ms = statistics.median(t[index] for t in bare) * 1000
        print(f"open a record in the editor, {kind} time: median {open_ms:.0f} ms")
        print(f"  each run (ms): {' '.join(f'{t[index] * 1000:.0f}' for t in opened)}")
        print(f"  bare screen, same way: median {bare_ms:.0f} ms; ratio {open_ms / bare_ms:.2f}x")
        print(f"  goal: under 150 ms: {'met' if open_ms < 150 else 'not met'}")
        if shown:
            step_ms = statistics.median(t[index] for t in shown) * 1000
            print(f"then show the {args.step} step, {kind} time: median {step_ms:.0f} ms")
            print(f"  each run (ms): {' '.join(f'{t[index] * 1000:.0f}' for t in shown)}")


if __name__ == "__main__":
    main()
