"""The terminal UI with records kept in git: commit on save, history and restoring, approval, conflicts."""

from __future__ import annotations

import time
from pathlib import Path

from textual.widgets import Label, Select, Static

from pdbuilder import settings
from pdbuilder.records import read_position, save_position
from pdbuilder.tui.screens.dialogs import Choice
from pdbuilder.tui.screens.history import HistoryScreen
from pdbuilder.tui.screens.home import HomeScreen, PositionsTable
from pdbuilder.tui.widgets.quick_table import QuickTable

from ..conftest import as_git_user, git
from .conftest import home_ready, open_in_editor, settle, type_text

ILL = "00041187-interlibrary-loan-technician.toml"
SENIOR = "00073302-institutional-library-senior.toml"  # approved


async def test_saving_in_the_editor_commits_the_record_alone(make_app, git_repo):
    git(git_repo, "add", "positions")
    git(git_repo, "commit", "--quiet", "-m", "the team's positions")
    (git_repo / "notes.txt").write_text("not for this commit\n")
    git(git_repo, "add", "notes.txt")
    settings.override(commit=True)  # as `pdbuilder --commit` does
    record = Path("positions") / ILL
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, record, step="details")
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (West)")
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


async def shown(pilot, kind: type, timeout: float = 10):
    """The screen of `kind` once it is on top and mounted (a screen that waits for an answer keeps its
    flow running, so `settle` would wait for the answer)."""
    deadline = time.monotonic() + timeout
    while not (isinstance(pilot.app.screen, kind) and pilot.app.screen.is_mounted):
        assert time.monotonic() < deadline, f"no {kind.__name__} after {timeout}s; on top: {pilot.app.screen}"
        await pilot.pause(0.01)
    await pilot.pause()  # what its mount showed is drawn
    return pilot.app.screen


async def test_the_history_view_shows_each_version_and_restores_one_into_the_draft(make_app, git_repo):
    git(git_repo, "add", "positions")
    git(git_repo, "commit", "--quiet", "-m", "the team's positions")
    record = Path("positions") / ILL
    as_git_user("Bob Lead", "bob@agency.example")
    save_position(read_position(record).with_changes(agency="Department of Education"), record, commit=True)
    on_disk = record.read_bytes()
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_editor(pilot, record)
        await pilot.press("ctrl+l")
        screen = await shown(pilot, HistoryScreen)
        table = screen.query_one(QuickTable)
        assert [(r.cells[2], r.cells[3]) for r in table.matches] == [
            ("Bob Lead", "agency changed"),
            ("Ann Analyst", "created"),
        ]
        changes = str(screen.query_one("#version-changes", Static).render())
        assert "Agency: Department of State → Department of Education" in changes
        await pilot.press("down")
        await pilot.pause()
        assert "created" in str(screen.query_one("#version-changes", Static).render())
        await pilot.press("enter")
        await settle(pilot)
        assert app.draft.agency == "Department of State" and app.dirty
        assert record.read_bytes() == on_disk  # restored into the draft only
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.agency == "Department of Education" and not app.dirty
        await pilot.press("ctrl+y", "ctrl+s")
        await settle(pilot)
    assert read_position(record).agency == "Department of State"
    assert git(git_repo, "log", "-1", "--format=%an|%s") == (
        "Bob Lead|00041187 Interlibrary Loan Technician: agency changed\n"
    )


async def test_an_approved_position_asks_before_opening_and_a_change_makes_it_a_draft(make_app, git_repo):
    record = Path("positions") / SENIOR
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_in_editor(pilot, record)
        assert isinstance(app.screen, Choice) and app.screen.query_one(".dialog-title", Label).content == (
            "This position is approved"
        )
        await pilot.press("escape")  # cancel: nothing opened
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen) and app.session is None
        await open_in_editor(pilot, record)
        await pilot.click("#open")
        await settle(pilot)
        app.screen.go("details")
        await pilot.pause()
        await pilot.press("tab", "tab", "end")
        await type_text(pilot, " (West)")
        await pilot.pause()
        assert app.draft.status == "draft"
        move = app.draft.status_changes[-1]
        assert (move.status, move.by) == ("draft", "Ann Analyst <ann@agency.example>")
        assert app.screen.query_one("#field-status", Select).value == "draft"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.draft.status == "approved" and not app.dirty
        # The status field moves it, recorded: approved → review.
        app.screen.query_one("#field-status", Select).value = "review"
        await pilot.pause()
        assert app.draft.status == "review" and app.draft.status_changes[-1].status == "review"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = read_position(record)
    assert saved.status == "review" and saved.status_changes[-1].by == "Ann Analyst <ann@agency.example>"
