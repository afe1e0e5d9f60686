"""Shared fixtures: every test runs against its own folders, never the developer's."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pdbuilder import settings
from pdbuilder.catalog import BUNDLED_DIR
from pdbuilder.cli import main

REPO = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
SAMPLE_POSITIONS = REPO / "positions"


# Where the suite's time goes in one piece (LibreOffice, Chromium, a real terminal, a kill -9, a
# parallel build): these start first, so that no worker is left running one of them alone at the end.
LONGEST_FIRST = (
    "tests/test_pages.py",
    "tests/test_browser.py",
    "tests/tui/test_typing.py",
    "tests/tui/test_drafts.py",
    "tests/test_build.py",
)


@pytest.hookimpl(tryfirst=True)
def pytest_xdist_auto_num_workers(config):
    """`-n auto` (pyproject's default): a worker per core and one more, as the longest tests mostly
    wait (on LibreOffice, Chromium, a real terminal, an autosave's delay) and the terminal UI's for
    their next frame. $PYTEST_XDIST_AUTO_NUM_WORKERS still decides where set."""
    if "PYTEST_XDIST_AUTO_NUM_WORKERS" in os.environ:
        return None
    return len(os.sched_getaffinity(0)) + 1


def pytest_collection_modifyitems(items):
    def rank(item) -> int:
        return next(
            (n for n, file in enumerate(LONGEST_FIRST) if item.nodeid.startswith(file)), len(LONGEST_FIRST)
        )

    items.sort(key=rank)  # stable: the rest keep their order


def pytest_collection_finish(session):
    """Garbage collection for a test process, which makes and drops terminal UIs by the hundred.

    Python collects its youngest objects every 700 allocations, and now and then walks every object
    of the process: a Pilot test spent a fifth of its CPU in collections, most of it walking the
    modules, classes and test items loaded once. Those are left out of every later collection
    (`gc.freeze`), and the youngest are collected every 7,000 allocations (some 30 MB more a process).
    The middle generation is collected at every 40th of those, not every 10th: each walk of every
    object then comes once a worker or not at all, not three times (0.25 s each), with no more memory.
    """
    gc.freeze()
    gc.set_threshold(7000, 40, 10)


def pytest_unconfigure(config):
    """At the end pytest walks every object of the process five times over (0.2 s each in a worker),
    to report a finalizer that raised on the way: it is done once here, every finalizer run and
    reported to pytest still, and what is left is left out of its walks as at collection."""
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def hermetic(monkeypatch, tmp_path, tmp_path_factory):
    """No catalog, positions, templates or cache folder leaks in from the environment; tests run in tmp_path.

    The cache folder is a folder of its own, as on a person's machine: tests see what a command
    wrote in tmp_path, not the index or the prepared templates it kept."""
    monkeypatch.delenv("PDBUILDER_CATALOG", raising=False)
    monkeypatch.delenv("PDBUILDER_POSITIONS", raising=False)
    monkeypatch.delenv("PDBUILDER_TEMPLATES", raising=False)
    monkeypatch.setenv("PDBUILDER_DRAFTS", str(tmp_path / "drafts"))
    monkeypatch.setenv("PDBUILDER_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setattr(settings, "_overrides", {})  # `--commit` given in one test stays there
    monkeypatch.setenv("PDBUILDER_CACHE", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.chdir(tmp_path)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys):
    """Run `pdbuilder ARGS...` in-process and return its exit code and output."""

    def run(*args: str | Path) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:  # argparse's --help and usage errors
            code = exc.code
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


@pytest.fixture
def positions(tmp_path) -> Path:
    """A copy of the bundled sample positions."""
    folder = tmp_path / "positions"
    shutil.copytree(SAMPLE_POSITIONS, folder)
    return folder


def reworded_catalog(folder: Path, old: str, new: str) -> Path:
    """`folder`, made to hold the bundled Library Science spec with `old` replaced by `new`."""
    text = (BUNDLED_DIR / "library-science.toml").read_text(encoding="utf-8")
    assert old in text
    folder.mkdir()
    (folder / "library-science.toml").write_text(text.replace(old, new), encoding="utf-8")
    return folder


def snapshot_files(folder: Path) -> dict[str, bytes]:
    """Every file under a folder with its bytes: compare before and after to prove nothing changed."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout


def as_git_user(name: str, email: str) -> None:
    """Who commits from now on, set in git's global config (the test's own) as a user sets it."""
    git(Path.cwd(), "config", "--global", "user.name", name)
    git(Path.cwd(), "config", "--global", "user.email", email)


@pytest.fixture
def git_repo(tmp_path, monkeypatch) -> Path:
    """tmp_path as a fresh git repository whose user is Ann Analyst; nothing of the machine's git config."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for who in ("AUTHOR", "COMMITTER"):
        for part in ("NAME", "EMAIL", "DATE"):
            monkeypatch.delenv(f"GIT_{who}_{part}", raising=False)
    git(tmp_path, "init", "--quiet", "--initial-branch=main")
    (tmp_path / ".gitignore").write_text("home/\ndrafts/\nconfig.toml\n")
    as_git_user("Ann Analyst", "ann@agency.example")
    return tmp_path
