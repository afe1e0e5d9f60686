"""The terminal UI with records kept in git: commit on save, a record left conflicted by a merge."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static

from pdbuilder import settings
from pdbuilder.records import read_position
from pdbuilder.tui.screens.dialogs import Choice
from pdbuilder.tui.screens.home import PositionsTable

from ..conftest import git
from .conftest import home_ready, open_in_editor, settle

ILL = "00041187-interlibrary-loan-technician.toml"


async def test_saving_in_the_editor_commits_the_record_alone(make_app, git_repo):
    git(git_repo, "add", "positions")
    git(git_repo, "commit", "--quiet", "-m", "the team's positions")
    (git_repo / "notes.txt").write_text("not for this commit\n")
    git(git_repo, "add", "notes.txt")
    settings.override(commit=True)  # as `pdbuilder --commit` does
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record)
        app.screen.go("details")
        await pilot.pause()
        await pilot.press("tab", "tab", "end", *" (West)")
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_position(record).agency == "Department of State (West)"
    assert git(git_repo, "log", "-1", "--format=%an|%s") == (
        "Ann Analyst|00041187 Interlibrary Loan Technician: agency changed\n"
    )
    assert git(git_repo, "show", "--name-only", "--format=", "HEAD").split() == [f"positions/{ILL}"]
    assert git(git_repo, "status", "--porcelain", "--untracked-files=no") == "A  notes.txt\n"


async def test_a_record_left_conflicted_by_a_merge_is_refused_with_its_line(make_app):
    record = Path("positions") / ILL
    lines = record.read_text().splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("agency = "))
    lines[at : at + 1] = ["<<<<<<< HEAD\n", lines[at], "=======\n", 'agency = "DOS"\n', ">>>>>>> ann\n"]
    record.write_text("".join(lines))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        table = home.query_one(PositionsTable)
        assert (ILL, "unreadable") in [(r.cells[0], r.cells[5]) for r in table.matches]
        table.move_to_key(str(record))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Choice)
        message = str(app.screen.query_one(".dialog-message", Static).render())
        assert (
            message
            == f"{record}:{at + 1}: unresolved git merge conflict (<<<<<<< … >>>>>>>): keep the right lines, delete the markers, then run `pdbuilder check`"
        )
