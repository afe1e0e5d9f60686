"""The home screen at scale: its rows come from the index of the positions folder, read off the UI thread."""

from __future__ import annotations

import threading
from pathlib import Path

import pdbuilder.index
import pdbuilder.tui.screens.home
from pdbuilder.records import read_position, save_position
from pdbuilder.tui.screens.home import PositionsTable

from .conftest import home_ready, open_in_editor, settle

ILL = "00041187-interlibrary-loan-technician.toml"


def spy(monkeypatch, module, name: str) -> list[str]:
    """Calls of module.name (by their first argument), and the threads they ran on."""
    calls: list[str] = []
    real = getattr(module, name)

    def recording(*args, **kwargs):
        calls.append((str(args[0]), threading.current_thread() is threading.main_thread()))
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, recording)
    return calls


def titles(app) -> list[str]:
    return [row.cells[0] for row in app.screen.query_one(PositionsTable).matches]


async def test_records_are_checked_off_the_ui_thread_then_come_from_the_index(make_app, monkeypatch):
    checked = spy(monkeypatch, pdbuilder.index, "check_record")
    async with make_app().run_test(size=(120, 30)) as pilot:
        await home_ready(pilot)
        first = titles(pilot.app)
    assert len(checked) == 3 and not any(on_ui_thread for _, on_ui_thread in checked)
    checked.clear()
    tops = spy(monkeypatch, pdbuilder.tui.screens.home, "read_summary")
    async with make_app().run_test(size=(120, 30)) as pilot:
        home = await home_ready(pilot)
        assert titles(pilot.app) == first
        assert home.total == 3
    assert checked == [] and tops == []  # the index had every row: no file was read


async def test_back_from_the_editor_with_nothing_changed_keeps_the_table(make_app, monkeypatch):
    async with make_app().run_test(size=(120, 30)) as pilot:
        await open_in_editor(pilot, Path("positions") / ILL)
        set_rows = []
        monkeypatch.setattr(PositionsTable, "set_rows", lambda self, *args, **kwargs: set_rows.append(args))
        await pilot.press("escape")
        await settle(pilot)
        assert set_rows == []
        assert pilot.app.screen.query_one(PositionsTable).highlighted_key == str(Path("positions") / ILL)


async def test_a_record_changed_meanwhile_shows_on_return(make_app):
    record = Path("positions") / ILL
    async with make_app().run_test(size=(120, 30)) as pilot:
        await open_in_editor(pilot, record)
        save_position(read_position(record).with_changes(working_title="Renamed elsewhere"), record)
        await pilot.press("escape")
        await settle(pilot)
        assert "Renamed elsewhere" in titles(pilot.app)
        assert pilot.app.screen.query_one(PositionsTable).highlighted_key == str(record)
