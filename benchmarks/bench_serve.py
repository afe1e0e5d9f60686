"""How fast `pdbuilder serve` shows the home screen in a browser, against a bare Textual app served alike.

    .venv/bin/python benchmarks/bench_serve.py [--runs 7]

Each run opens a fresh Chromium context (nothing cached) on the server and times, from the first
request for the page until the screen shows the newest of 1,000 positions (with a 2,000-class
catalog): the page loading, textual-serve starting the tab's app, the app's first frame. The
baseline is a bare Textual app (Header, Static, Input, Footer) served by textual-serve the same way,
until its first frame. Goal: the home screen within 2 s of the first request.

Not a test: timings depend on the machine. Needs Debian's chromium and Playwright, as the browser
test does (tests/browser.py drives both, and is used here).
"""

from __future__ import annotations

import argparse
import compileall
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench_build import machine_ticks  # this folder's
from bench_startup import BARE_APP, RECORDS, make_catalog, make_records

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the repository, for tests.browser
import pdbuilder
from tests import browser

SERVE_BARE = """
import sys
from textual_serve.server import Server

Server(f"{sys.executable} bare.py", host="127.0.0.1", port=int(sys.argv[1])).serve()
"""
GOAL = 2.0  # seconds


def time_home(served: browser.Served, playwright_browser, shown: str) -> tuple[float, float]:
    """Seconds from the request for the page until `shown` is on screen, and until the app's websocket opened."""
    context = playwright_browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        start = time.perf_counter()
        tab = browser.Tab(context, served.url)
        tab.wait_for(shown)
        return time.perf_counter() - start, tab.connected_at - start
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if reason := browser.missing():
        sys.exit(f"needs Chromium and Playwright: {reason}")
    from playwright.sync_api import sync_playwright

    compileall.compile_dir(Path(pdbuilder.__file__).parent, quiet=1)  # as in an installed package
    ticks_before = machine_ticks()
    with tempfile.TemporaryDirectory(prefix="pdbuilder-bench-") as tmp, sync_playwright() as playwright:
        root = Path(tmp)
        (root / "positions").mkdir()
        (root / "catalog").mkdir()
        make_catalog(root / "catalog")
        make_records(root / "positions")
        (root / "bare.py").write_text(BARE_APP)
        (root / "serve_bare.py").write_text(SERVE_BARE)
        chromium = playwright.chromium.launch(
            executable_path=browser.chromium(), args=browser.CHROMIUM_FLAGS, headless=True
        )
        app = browser.serve_pdbuilder("--positions", "positions", "--catalog", "catalog", cwd=root)
        bare = browser.Served([sys.executable, "serve_bare.py"], cwd=root)
        try:
            time_home(app, chromium, "Position 0999")  # warm the file cache once
            time_home(bare, chromium, "bare app ready")
            ours, baseline = [], []
            for _ in range(args.runs):
                baseline.append(time_home(bare, chromium, "bare app ready"))
                ours.append(time_home(app, chromium, "Position 0999"))
        finally:
            app.stop()
            bare.stop()
            chromium.close()

    ms = lambda values: statistics.median(values) * 1000  # noqa: E731
    shown, connected = ([run[i] for run in ours] for i in (0, 1))
    bare_shown, bare_connected = ([run[i] for run in baseline] for i in (0, 1))
    print(f"first request to the home screen in Chromium, {RECORDS} records, {args.runs} runs, medians:")
    print(
        f"  bare Textual app, first frame      {ms(bare_shown):6.0f} ms   (websocket open at {ms(bare_connected):.0f} ms)"
    )
    print(
        f"  pdbuilder, newest positions shown  {ms(shown):6.0f} ms   (websocket open at {ms(connected):.0f} ms)"
        f"   ratio {ms(shown) / ms(bare_shown):.2f}x   goal < {GOAL * 1000:.0f} ms: "
        + ("met" if statistics.median(shown) < GOAL else "NOT met")
    )
    print(f"  pdbuilder, slowest run             {max(shown) * 1000:6.0f} ms")
    ticks = [after - before for before, after in zip(ticks_before, machine_ticks(), strict=True)]
    if sum(ticks):  # a VM that loses its CPU to others times everything slower, unevenly
        print(f"CPU time stolen by the hypervisor during the runs: {ticks[7] / sum(ticks):.0%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
