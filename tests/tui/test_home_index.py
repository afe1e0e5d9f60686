"""The home screen at scale: its rows come from the index of the positions folder, read off the UI thread."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pdbuilder.index
import pdbuilder.tui.screens.home
from pdbuilder.index import INDEX_FILE, Index
from pdbuilder.records import read_position, save_position
from pdbuilder.settings import cache_dir
from pdbuilder.tui.screens.home import PositionsTable, position_rows
from pdbuilder.tui.widgets.quick_table import Prepared, TextRows, prepare
from tests.conftest import reworded_catalog
from tests.test_index import drifting_catalog

from .conftest import home_ready, open_in_editor, settle

ILL = "00041187-interlibrary-loan-technician.toml"
SENIOR = "00073302-institutional-library-senior.toml"


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


def rows_one_by_one(folder: Path, catalog) -> Prepared:
    """The rows as the first frame makes them, one Listed at a time from the index."""
    index = Index(cache_dir() / INDEX_FILE)
    try:
        return prepare(position_rows(index.listing(folder), catalog))
    finally:
        index.close()


async def test_every_row_listed_at_once_is_the_row_the_record_alone_shows(make_app, tmp_path):
    """The whole listing, made for 100,000 rows at once, shows and searches each record as its
    row made alone (the first frame's) does: untitled, unreadable, drifted, control characters,
    and a tab or a line break, which would split its line, as a space."""
    positions = Path("positions")
    record = read_position(positions / ILL)
    save_position(record.with_changes(working_title=""), positions / "untitled.toml")
    save_position(record.with_changes(working_title="Bell\x07 and\ttab", number="1"), positions / "odd.toml")
    (positions / "broken.toml").write_text("schema_version = 1\nclass_id = \n", encoding="utf-8")
    async with make_app(catalog_dirs=[drifting_catalog(tmp_path)]).run_test(size=(120, 30)) as pilot:
        home = await home_ready(pilot)
        shown = home.query_one(PositionsTable).prepared
        expected = rows_one_by_one(positions, pilot.app.catalog)
        assert isinstance(shown.rows, TextRows)
        assert list(shown.rows) == expected.rows and shown.haystacks == expected.haystacks
        cells = {row.key: row.cells for row in shown.rows}
    assert cells[str(positions / "untitled.toml")][0] == "(no title)"
    assert cells[str(positions / "odd.toml")][0] == "Bell\\u0007 and tab"
    assert cells[str(positions / "broken.toml")] == ("broken.toml", "", "", "", "", "unreadable", "")
    assert cells[str(positions / ILL)][5] == "⚠ review"
    assert home.drifted == sum(cells[5].startswith("⚠ ") for cells in cells.values()) == 4
    assert list(home.unreadable) == [str(positions / "broken.toml")]


async def test_records_changed_added_or_removed_since_the_index_was_built_show_at_launch(make_app):
    positions = Path("positions")
    async with make_app().run_test(size=(120, 30)) as pilot:
        await home_ready(pilot)  # the index is warm
    record = read_position(positions / ILL)
    stat = (positions / ILL).stat()
    save_position(record.with_changes(working_title=record.working_title.upper()), positions / ILL)
    assert (positions / ILL).stat().st_size == stat.st_size  # only the time tells it changed
    os.utime(positions / ILL, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    save_position(record.with_changes(working_title="Added meanwhile", number="1"), positions / "added.toml")
    (positions / SENIOR).unlink()
    async with make_app().run_test(size=(120, 30)) as pilot:
        home = await home_ready(pilot)
        assert sorted(titles(pilot.app)) == sorted(
            ["Added meanwhile", record.working_title.upper(), "Library Technician (Accessible Formats)"]
        )
        assert home.total == 3


async def test_a_class_renamed_in_the_catalog_shows_its_new_title(make_app, tmp_path):
    """The listing kept whole in the index holds the class titles it was made with: another title
    is not taken from it."""
    catalog = reworded_catalog(
        tmp_path / "renamed",
        'title = "Library Technician Senior"',
        'title = "Senior Technician of Libraries"',
    )
    for catalog_dirs, title in [
        ([], "Library Technician Senior"),
        ([catalog], "Senior Technician of Libraries"),
    ]:
        async with make_app(catalog_dirs=catalog_dirs).run_test(size=(120, 30)) as pilot:
            await home_ready(pilot)
            rows = pilot.app.screen.query_one(PositionsTable).prepared.rows
            assert {row.cells[2] for row in rows} == {"Library Technician", title}
