"""Small keys that must do what they say: at 80x24 the main keys show, Esc, Enter and s do no harm."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console
from textual import events
from textual.widgets import Checkbox, Input

from pdbuilder.records import read_position
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.screens.help import HelpScreen
from pdbuilder.tui.screens.home import HomeScreen, PositionsTable
from pdbuilder.tui.screens.task_dialog import TaskDialog
from pdbuilder.tui.widgets.bars import KeyBar

from .conftest import home_ready, open_in_editor, settle, type_text
from .test_flows import docx_text
from .test_session_tui import recorded_notices

ILL = Path("positions/00041187-interlibrary-loan-technician.toml")


def key_line(app) -> str:
    """The key line as drawn now."""
    return app.screen.query_one(KeyBar).render().plain


MAIN_KEYS = ("^s Save", "^g Generate", "esc Close", "^q Quit", "f1 Help")


async def test_at_80x24_every_step_shows_its_own_keys_and_the_main_ones(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_in_editor(pilot, ILL)
        assert app.screen.sub_title.startswith(str(ILL))
        app.screen.go("details")
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert app.dirty and app.screen.sub_title.startswith(
            "● unsaved changes"
        )  # first: the header's end is cut
        assert "unsaved" in app.export_screenshot()  # the title line was drawn again
        for step, focused, own_keys in (
            ("tasks", "#class-tasks", ("a All tasks", "n No tasks")),
            ("tasks", "#position-tasks", ("⏎ Edit", "a Add", "d Remove", "x Essential")),
            ("requirements", "#extra-requirements", ("⏎ Edit", "a Add", "d Remove")),
            ("level", None, ("^PgDn Next step", "^p palette")),
        ):
            app.screen.go(step)
            await settle(pilot)
            if focused:
                app.screen.query_one(focused).focus()
                await pilot.pause()
            line = key_line(app)
            assert len(line) == 80 and all(key in line for key in (*own_keys, *MAIN_KEYS)), (step, line)


async def test_a_click_on_a_key_presses_it(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        line = key_line(app)
        await pilot.click(KeyBar, offset=(line.index("f1 Help") + 1, 0))
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_esc_clears_the_home_search(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        home = await home_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "corrections")
        assert home.query_one(PositionsTable).row_count == 1
        await pilot.press("escape")
        assert home.query_one("#search", Input).value == ""
        assert home.query_one(PositionsTable).row_count == 3 and home.query_one(PositionsTable).has_focus


async def test_enter_on_the_essential_checkbox_is_ok(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")
        await pilot.press("tab", "enter")  # the first task of this position
        await pilot.pause()
        assert isinstance(app.screen, TaskDialog)
        essential = app.screen.query_one(Checkbox)
        before = essential.value
        essential.focus()
        await pilot.press("space")
        assert essential.value is not before
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen)
        assert app.draft.tasks[0].essential is not before


async def test_sync_of_a_position_that_matches_its_spec_opens_nothing(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        home = await home_ready(pilot)
        said = recorded_notices(app)
        home.query_one(PositionsTable).move_to_key(str(ILL))
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert ("Up to date", f"{ILL.name} matches its class spec.") in said


async def test_the_palette_offers_steps_additions_and_the_posting(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL)
        commands = {title: callback for title, _, callback in app.screen.commands()}
        assert {"Undo", "Redo", "Next step", "Previous step", "Add a task", "Add a requirement"} <= set(
            commands
        )
        commands["Previous step"]()
        await pilot.pause()
        assert app.screen.step_key == "details"
        commands["Add a requirement"]()
        await pilot.pause()
        await type_text(pilot, "Bilingual")
        await pilot.press("enter")
        await pilot.pause()
        assert app.draft.extra_requirements[-1] == "Bilingual"
        commands["Generate posting"]()
        await settle(pilot, timeout=60)
    assert read_position(ILL).extra_requirements[-1] == "Bilingual"
    assert "Interlibrary Loan Technician" in docx_text(ILL.with_name(f"{ILL.stem}-posting.docx"))


async def test_the_palettes_screenshot_is_saved_in_the_current_folder(make_app):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await home_ready(pilot)
        [screenshot] = [c for c in app.get_system_commands(app.screen) if c.title == "Screenshot"]
        screenshot.callback()
        for _ in range(100):  # Textual writes the file in a thread: there, and not yet whole, for a while
            await pilot.pause(0.05)
            if whole_svgs():
                break
    [saved] = whole_svgs()
    assert "Positions" in saved.read_text()


def whole_svgs() -> list[Path]:
    return [path for path in Path.cwd().glob("*.svg") if path.read_text().rstrip().endswith("</svg>")]


async def test_enter_enter_from_the_home_search_opens_the_match(make_app):
    """The second Enter, typed before the first is handled, goes where the first moved the focus."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        await pilot.press("slash")
        await type_text(pilot, "00041187")
        app.post_message(events.Key("enter", "\r"))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen) and app.record_path == ILL


async def test_f1_lists_the_keys_of_every_step_even_those_not_shown_yet(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL)  # on the review step: no other step is composed yet
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        console = Console(width=120, file=io.StringIO(), record=True)
        console.print(app.screen.key_table())  # what the help shows, scrolled or not
        listed = console.export_text()
    for key in ("Choose class", "All tasks", "No tasks", "Essential", "Remove", "Next step"):
        assert key in listed, key


async def test_the_task_lists_sit_side_by_side_once_the_terminal_is_wide_enough(make_app):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await open_in_editor(pilot, ILL, step="tasks")

        def side_by_side() -> bool:
            lists = [app.screen.query_one(f"#{name}-tasks-panel").region for name in ("class", "position")]
            return lists[0].y == lists[1].y

        assert not side_by_side()
        await pilot.resize_terminal(120, 30)
        await settle(pilot)
        assert side_by_side()
        await pilot.resize_terminal(100, 30)
        await settle(pilot)
        assert not side_by_side()
