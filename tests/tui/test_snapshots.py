"""Screenshots of every screen at the smallest supported terminal, and at a large one where the layout changes.

Update with `pytest tests/tui/test_snapshots.py --snapshot-update` and look at every changed SVG
before committing it (e.g. `rsvg-convert -o /tmp/x.png FILE.svg`).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pdbuilder.tui.screens.dialogs import Choice
from pdbuilder.tui.widgets.steps.class_step import DESCRIBE_DELAY

from ..conftest import DATA
from .conftest import home_ready, new_in_editor, settle, type_text

SIZES = {"80x24": (80, 24), "120x40": (120, 40)}


def cases(screens, rearranged) -> list:
    """Each screen at 80x24; those whose layout changes at the app's 110-column breakpoint (panes side
    by side, text shown or hidden, table columns dropped when narrow) at 120x40 too."""
    return [
        pytest.param(screen, size, id=f"{screen.__name__}-{size}")
        for screen in screens
        for size in (SIZES if screen in rearranged else ["80x24"])
    ]


SENIOR = "positions/00073302-institutional-library-senior.toml"


async def home(pilot):
    await home_ready(pilot)


async def _open(pilot, step: str, record: str = SENIOR):
    home = await home_ready(pilot)
    home.query_one("#positions").move_to_key(record)
    await pilot.press("enter")
    await settle(pilot)
    if isinstance(pilot.app.screen, Choice):  # "This position is approved": open it
        await pilot.click("#open")
        await settle(pilot)
    pilot.app.screen.go(step)
    await settle(pilot)


async def new_position_class(pilot):
    await new_in_editor(pilot)
    await type_text(pilot, "senior")
    await pilot.pause(DESCRIBE_DELAY)  # the highlighted class is described once the typing pauses


async def tasks(pilot):
    await _open(pilot, "tasks")


async def requirements(pilot):
    await _open(pilot, "requirements")


async def level(pilot):
    await _open(pilot, "level")


async def details_with_a_problem(pilot):
    await _open(pilot, "details")
    await pilot.press("ctrl+a", "ctrl+k")


async def review(pilot):
    await _open(pilot, "review")


async def task_dialog(pilot):
    await _open(pilot, "tasks")
    await pilot.press("tab", "end", "enter")
    await type_text(pilot, "x1")


async def unsaved_changes(pilot):
    await _open(pilot, "details")
    await pilot.press("end")
    await type_text(pilot, " II")
    await pilot.press("escape")
    await pilot.pause()


async def help_screen(pilot):
    await _open(pilot, "tasks")
    await pilot.press("f1")
    await pilot.pause()


async def load_error(pilot):
    await home_ready(pilot)
    pilot.app.screen.query_one("#positions").move_to_key("positions/broken.toml")
    await pilot.press("enter")
    await pilot.pause()


SCREENS = [
    home,
    new_position_class,
    tasks,
    requirements,
    level,
    details_with_a_problem,
    review,
    task_dialog,
    unsaved_changes,
    help_screen,
    load_error,
]


# The class step and the task lists stack when narrow, the level's introduction is left out, the
# home table drops columns; the other steps and the dialogs only get wider.
@pytest.mark.parametrize(("screen", "size"), cases(SCREENS, {home, new_position_class, tasks, level}))
def test_screen(snap_compare, make_app, screen, size):
    if screen is load_error:
        shutil.copy(DATA / "bad" / "unclosed-string.toml", "positions/broken.toml")
        Path("positions/broken.toml").touch()
    app = make_app()
    app.notify = lambda *args, **kwargs: None  # toasts come and go on a timer
    assert snap_compare(app, terminal_size=SIZES[size], run_before=screen)
