"""The terminal UI as `pdbuilder serve` runs it for a browser tab (tests/test_browser.py drives a real one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Static

from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.widgets.bars import KeyBar

from .conftest import home_ready, open_in_editor, settle

ILL = "00041187-interlibrary-loan-technician.toml"


@pytest.fixture
def deliveries(monkeypatch) -> list[tuple[Path, str]]:
    """What the app hands to the browser (textual-serve) to download, instead of handing it."""
    delivered = []

    def deliver_binary(self, path, *, save_filename=None, **options):
        delivered.append((Path(path), save_filename))

    monkeypatch.setattr(PdbuilderApp, "deliver_binary", deliver_binary)
    return delivered


@pytest.fixture
def in_a_browser(monkeypatch) -> None:
    monkeypatch.setattr(PdbuilderApp, "is_web", property(lambda app: True))


async def generate(app, pilot, record: Path) -> str:
    """Open `record`, press Ctrl+G, and return what the editor says it did."""
    await open_in_editor(pilot, record)
    await pilot.press("ctrl+g")
    await settle(pilot, timeout=60)
    return str(app.screen.query_one("#review-output", Static).render())


async def test_in_a_browser_generate_also_downloads_the_document(make_app, in_a_browser, deliveries):
    record = Path("positions") / "ILL – Zoë's copy.toml"  # textual-serve names the download unquoted
    shutil.copy(Path("positions") / ILL, record)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await generate(app, pilot, record)
    written = Path("positions") / "ILL – Zoë's copy.docx"
    assert written.exists()
    assert deliveries == [(written, "ill-zoe-s-copy.docx")]
    assert shown.startswith(f"Word document: {written}") and "Downloading it in the browser." in shown


async def test_in_a_terminal_generate_only_writes_beside_the_record(make_app, deliveries):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        shown = await generate(app, pilot, Path("positions") / ILL)
    assert Path("positions/00041187-interlibrary-loan-technician.docx").exists()
    assert deliveries == [] and "Downloading" not in shown


async def test_the_footer_shows_the_keys_once_the_tab_is_focused(make_app):
    """A browser tab starts in the background; its key line shows the editor's keys once it is in front."""
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await home_ready(pilot)
        app.post_message(events.AppBlur())
        await pilot.pause()
        app.action_new_position()  # the editor, mounted in the background as a tab's first screen is
        await settle(pilot)
        await pilot.press("down")  # the first key brings the app to the front
        await pilot.pause()
        await pilot.pause()
        assert "^s Save" in app.screen.query_one(KeyBar).render().plain
