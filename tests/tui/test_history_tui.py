"""The terminal UI with records kept in git: commit on save."""

from __future__ import annotations

from pathlib import Path

from pdbuilder import settings
from pdbuilder.records import read_position

from ..conftest import git
from .conftest import open_in_editor, settle

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
