"""No lost work: the draft being edited is autosaved, survives `kill -9`, and is recovered or discarded."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from pdbuilder.drafts import Drafts
from pdbuilder.records import file_stamp, read_position, save_position
from pdbuilder.tui import autosave
from pdbuilder.tui.screens.dialogs import Choice
from pdbuilder.tui.screens.editor import EditorScreen
from pdbuilder.tui.screens.home import HomeScreen

from .conftest import home_ready, offered, open_in_editor, settle, type_text
from .terminal import Tmux

ILL = Path("positions/00041187-interlibrary-loan-technician.toml")
TITLE = "Interlibrary Loan Technician"
TYPED = " II & <more> {{ 7*7 }}"


def drafts_dir() -> Path:
    return Path(os.environ["PDBUILDER_DRAFTS"])


def draft_titles() -> list[str]:
    found, _ = Drafts(drafts_dir()).all()
    return [d.position.working_title for d in found]


@pytest.fixture
def quick_autosave(monkeypatch):
    monkeypatch.setattr(autosave, "DELAY", 0.05)


async def wait_until(pilot, condition, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await pilot.pause(0.05)


async def edit_title(pilot, app, record: Path = ILL) -> None:
    await open_in_editor(pilot, record, step="details")
    await pilot.press("end")
    await type_text(pilot, " II")


def dialog_text(app) -> str:
    return str(app.screen.query_one(".dialog-message", Static).render())


@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
async def test_a_draft_survives_kill_9_and_is_recovered(make_app, tmp_path):
    tmux = Tmux(tmp_path)
    env = [f"PDBUILDER_DRAFTS={drafts_dir()}"]
    command = f"exec {sys.executable} -m pdbuilder --positions {tmp_path / 'positions'}"
    tmux("new-session", "-d", "-x", "100", "-y", "30", *(f"-e{e}" for e in env), command)
    try:
        tmux.wait_for("3 of 3 positions")
        tmux.wait_for("Open  n New")  # the footer of the table with the focus: keys reach it now
        tmux.keys(
            "End", "Enter"
        )  # the oldest record, last in the table (no letters: they are keys on this screen)
        tmux.wait_for(f"{TITLE} —")
        tmux.wait_for("6 Review")
        tmux.keys("BTab", "Up", "Enter")  # the list of steps, up to Details, into its first field
        tmux.wait_for("Working title *")
        tmux.keys(
            "End"
        )  # (should the field select all on focus after this key, the text is replaced: either way a change)
        tmux.keys(TYPED, literal=True)
        deadline = time.monotonic() + 30
        while not any(title.endswith(TYPED) for title in draft_titles()):
            assert time.monotonic() < deadline, f"no autosave: {draft_titles()}"
            time.sleep(0.1)
        os.kill(int(tmux("display-message", "-p", "#{pane_pid}")), signal.SIGKILL)
    finally:
        tmux.kill()
    record = tmp_path / ILL
    assert read_position(record).working_title == TITLE  # the record itself was never saved
    [typed] = draft_titles()

    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        assert isinstance(app.screen, Choice) and app.screen.title_text == "Recover unsaved work?"
        assert f"Working title: {TITLE} → {typed}" in dialog_text(app)
        await pilot.click("#recover")
        await settle(pilot)
        assert isinstance(app.screen, EditorScreen)
        assert app.draft.working_title == typed
        assert (app.record_path, app.stamp, app.dirty) == (record, file_stamp(record), True)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not app.dirty
        await wait_until(pilot, lambda: draft_titles() == [])
    assert read_position(record).working_title == typed


async def test_saving_removes_the_draft(make_app, quick_autosave):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_title(pilot, app)
        await wait_until(pilot, lambda: draft_titles() == [f"{TITLE} II"])
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_until(pilot, lambda: draft_titles() == [])
        await pilot.press("end", "X")  # a change after the save is a new draft
        await wait_until(pilot, lambda: draft_titles() == [f"{TITLE} IIX"])
    assert read_position(ILL).working_title == f"{TITLE} II"


async def test_quitting_writes_the_draft_and_discarding_removes_it(make_app, monkeypatch):
    """The draft is written on exit even before its delay is up, and changes given up leave no draft."""
    monkeypatch.setattr(autosave, "DELAY", 3600)
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await edit_title(pilot, app)
        assert draft_titles() == []  # the delay is not up yet
    assert draft_titles() == [f"{TITLE} II"]  # written on the way out

    before = ILL.read_bytes()
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        await pilot.click("#later")  # the draft from the first run stays for another time
        await settle(pilot)
        await edit_title(pilot, app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.click("#discard")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert draft_titles() == [f"{TITLE} II"]  # only the one kept for later
    assert ILL.read_bytes() == before


async def test_discarding_a_recovered_draft_leaves_the_record_as_it_was(make_app):
    before = ILL.read_bytes()
    position = read_position(ILL).with_changes(unit="Lost unit")
    Drafts(drafts_dir()).save("d1", position, ILL, file_stamp(ILL))
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        assert (
            "Unit: Division of Library and Information Services, Interlibrary Loan → Lost unit"
            in dialog_text(app)
        )
        await pilot.click("#discard")
        await home_ready(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert draft_titles() == [] and ILL.read_bytes() == before


async def test_a_recovered_draft_still_notices_a_record_changed_meanwhile(make_app):
    Drafts(drafts_dir()).save("d1", read_position(ILL).with_changes(unit="Mine"), ILL, file_stamp(ILL))
    save_position(read_position(ILL).with_changes(unit="Theirs"), ILL)  # someone else saved since
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        await pilot.click("#recover")
        await settle(pilot)
        assert app.draft.unit == "Mine"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, Choice) and app.screen.title_text == "The record changed on disk"
        await pilot.click("#new")
        await settle(pilot)
        assert app.record_path != ILL
    assert read_position(ILL).unit == "Theirs"
    assert read_position(app.record_path).unit == "Mine"
    assert draft_titles() == []


async def test_a_new_position_is_recovered_as_new_and_bad_drafts_are_reported(make_app):
    drafts = Drafts(drafts_dir())
    drafts.save("new1", read_position(ILL).with_changes(number="00077777"), None, None)
    (drafts_dir() / "broken.toml").write_bytes(b"\x00\x01")
    app = make_app()
    notes = []
    app.notify = lambda message, **kw: notes.append((kw.get("title"), message))
    async with app.run_test(size=(100, 30)) as pilot:
        await offered(pilot)
        assert "A new position, never saved." in dialog_text(app)
        await pilot.click("#recover")
        await settle(pilot)
        assert app.record_path is None and app.draft.number == "00077777"
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert read_position(Path("positions/00077777.toml")).number == "00077777"
    assert any(
        title == "1 draft(s) could not be read" and "broken.toml" in message and "binary file" in message
        for title, message in notes
    )
    assert (drafts_dir() / "broken.toml").exists() and draft_titles() == []


async def test_a_draft_another_running_pdbuilder_is_writing_is_not_offered(make_app):
    Drafts(drafts_dir()).save(
        "live", read_position(ILL).with_changes(unit="Theirs, being typed"), ILL, file_stamp(ILL)
    )
    other = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"]
    )  # stands in for that pdbuilder
    path = drafts_dir() / "live.toml"
    path.write_text(path.read_text().replace(f"pid = {os.getpid()}", f"pid = {other.pid}"))
    try:
        app = make_app()
        async with app.run_test(size=(100, 30)) as pilot:
            await home_ready(pilot)
            await settle(pilot)
            assert isinstance(app.screen, HomeScreen)  # no recovery offer
    finally:
        other.kill()
        other.wait()
    assert path.exists()  # left to the instance writing it
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:  # once that instance is gone, it is a crash's leftover
        await offered(pilot)
        assert "Theirs, being typed" in dialog_text(app)
