"""Fixtures for driving the terminal UI: an app on the test's own folders, and waiting helpers."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widgets import Input, TextArea

from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.screens.home import HomeScreen
from pdbuilder.workspace import Workspace


@pytest.fixture(autouse=True)
def steady_cursor(monkeypatch):
    """A blinking cursor would make screenshots differ from run to run."""
    for field in (Input, TextArea):
        steady = reactive(False, init=False)
        steady.__set_name__(field, "cursor_blink")
        monkeypatch.setattr(field, "cursor_blink", steady)


@pytest.fixture
def make_app(positions):
    """An app on a copy of the sample positions (a relative path: tests run in tmp_path)."""

    def make(positions_dir: str = "positions", catalog_dirs: list[Path] = ()) -> PdbuilderApp:
        return PdbuilderApp(Workspace(Path(positions_dir), list(catalog_dirs)))

    return make


async def settle(pilot, timeout: float = 10) -> None:
    """Wait until the workers (loading, saving) are done, or wait for an answer in a dialog."""
    app = pilot.app
    for _ in range(int(timeout / 0.02)):
        await pilot.pause()
        busy = [w for w in app.workers if w.is_running]
        if not busy or isinstance(app.screen, ModalScreen):
            await pilot.pause()
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"still busy after {timeout}s: {busy}")


async def home_ready(pilot) -> HomeScreen:
    await settle(pilot)
    home = pilot.app.screen
    assert isinstance(home, HomeScreen) and not home.reading
    return home


async def open_in_editor(pilot, record) -> None:
    """From the home screen, open a record in the editor and wait until it is loaded."""
    home = await home_ready(pilot)
    home.query_one("#positions").move_to_key(str(record))
    await pilot.press("enter")
    await settle(pilot)
