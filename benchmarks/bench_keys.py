"""CPU per key typed into a field of the Details step, in a real terminal, against a bare Textual Input.

Run: .venv/bin/python benchmarks/bench_keys.py [--keys N] [--rounds N]
pdbuilder runs in tmux at 120x40 on a copy of the sample positions; the script opens a record, goes
to Details, moves to the Agency field and types N characters 2 ms apart (a fast typist, key repeat),
then reads the app's CPU time from /proc. The baseline, typed the same way in the same run: a bare
Textual app whose only widget is an Input. Prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEXT = "Interlibrary Loan, R.A. Gray & <Archives> {{ x }} "
BARE_APP = """
from textual.app import App
from textual.widgets import Input

class Bare(App):
    def compose(self):
        yield Input(placeholder="bare app ready")

Bare().run()
"""


class Terminal:
    def __init__(self, command: str, cwd: Path) -> None:
        self.server = ["tmux", "-L", f"bench-keys-{os.getpid()}"]
        self("new-session", "-d", "-x", "120", "-y", "40", "-c", str(cwd), command)

    def __call__(self, *args: str) -> str:
        return subprocess.run([*self.server, *args], capture_output=True, text=True).stdout

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while text not in self("capture-pane", "-p"):
            if time.monotonic() > deadline:
                sys.exit(f"{text!r} not on screen:\n{self('capture-pane', '-p')}")
            time.sleep(0.05)

    def cpu_per_key(self, keys: int) -> float:
        """Milliseconds of the app's CPU for each of `keys` characters typed 2 ms apart."""
        pid = self("display-message", "-p", "#{pane_pid}").strip()
        before = process_cpu(pid)
        for n in range(keys):
            self("send-keys", "-l", "--", TEXT[n % len(TEXT)])
            time.sleep(0.002)
        time.sleep(1)  # the last frames drawn
        return (process_cpu(pid) - before) / keys * 1000

    def close(self) -> None:
        self("kill-server")


def process_cpu(pid: str) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pdbuilder_key(folder: Path, keys: int) -> float:
    env = f"PDBUILDER_DRAFTS={folder / 'drafts'} PDBUILDER_CACHE={folder / 'cache'} PYTHONPATH={REPO}"
    terminal = Terminal(f"env {env} {sys.executable} -m pdbuilder --positions positions", folder)
    try:
        terminal.wait_for("Open  n New")
        terminal("send-keys", "End", "Enter")  # the oldest record
        terminal.wait_for("6 Review")
        terminal("send-keys", "BTab", "Up", "Enter")  # the list of steps, up to Details
        terminal.wait_for("Working title *")
        terminal("send-keys", "Tab", "Tab", "Tab", "End")  # to Agency
        time.sleep(0.5)
        return terminal.cpu_per_key(keys)
    finally:
        terminal.close()


def bare_key(folder: Path, keys: int) -> float:
    (folder / "bare.py").write_text(BARE_APP)
    terminal = Terminal(f"{sys.executable} bare.py", folder)
    try:
        terminal.wait_for("bare app ready")
        return terminal.cpu_per_key(keys)
    finally:
        terminal.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keys", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("tmux") is None:
        sys.exit("needs tmux")
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "pdbuilder")], check=True)
    ours, bare = [], []
    with tempfile.TemporaryDirectory() as root:
        for round_ in range(args.rounds):
            folder = Path(root) / f"round-{round_}"
            shutil.copytree(REPO / "positions", folder / "positions")
            ours.append(pdbuilder_key(folder, args.keys))
            bare.append(bare_key(folder, args.keys))
            print(
                f"round {round_ + 1}: pdbuilder {ours[-1]:.2f} ms, bare Input {bare[-1]:.2f} ms a key",
                flush=True,
            )
    mine, theirs = statistics.median(ours), statistics.median(bare)
    print(f"median CPU a key: pdbuilder's Details field {mine:.2f} ms, a bare Textual Input {theirs:.2f} ms")
    print(f"ratio: {mine / theirs:.2f}x")


if __name__ == "__main__":
    main()
