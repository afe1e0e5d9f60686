"""`pdbuilder serve` in a real browser: a person makes, saves and downloads a position by keyboard.

Skipped, with the reason in the summary, where Chromium or Playwright is missing (.ci/run installs
Debian's chromium when it can).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pdbuilder.records import read_position

from . import browser
from .conftest import SAMPLE_POSITIONS
from .docxread import read_docx

pytestmark = [
    pytest.mark.skipif(browser.missing() is not None, reason=str(browser.missing())),
    pytest.mark.xdist_group("browser"),  # one worker: one Chromium for the file
]

# A folder name a shell would split or misread: `serve` must quote it in each tab's command.
FOLDER = "HR team's positions & drafts"
TITLE = "ILL Lead & <Courier> {{ 7*7 }}"  # rendered literally, as typed


@pytest.fixture
def folder(tmp_path) -> Path:
    return shutil.copytree(SAMPLE_POSITIONS, tmp_path / FOLDER)


@pytest.fixture
def served(folder, tmp_path):
    server = browser.serve_pdbuilder("--positions", folder.name, cwd=tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def chromium():
    """One Chromium for the file: each test has a browser context of its own."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        started = playwright.chromium.launch(
            executable_path=browser.chromium(), args=browser.CHROMIUM_FLAGS, headless=True
        )
        yield started
        started.close()


@pytest.fixture
def context(chromium, served):
    """A fresh profile, as a new person's browser; closed (and so its tabs' apps) before the server stops."""
    fresh = chromium.new_context(accept_downloads=True, viewport={"width": 1280, "height": 800})
    yield fresh
    fresh.close()


def test_a_position_made_saved_and_downloaded_in_the_browser(served, context, folder, tmp_path):
    downloads = []
    context.on("page", lambda page: page.on("download", lambda download: downloads.append(download)))
    tab = browser.Tab(context, served.url)
    tab.wait_for("3 of 3 positions")
    tab.screenshot(tmp_path / "home.png")

    tab.press("n", then="New position")  # the editor, on the class search
    tab.type("senior")
    tab.press("Enter", then="Tasks (12)")  # the class chosen, its 12 tasks ticked
    tab.press("Control+PageDown", "Control+PageDown", "Control+PageDown", then="The position's own details")
    tab.press("Control+a", "Control+k", then="New position —")  # the class's title, cleared from the draft
    tab.type(TITLE)
    tab.screenshot(tmp_path / "editor.png")
    tab.press("Control+s", then="Saved")
    saved = read_position(folder / "ill-lead-courier-7-7.toml")  # a new record is named after its title
    assert (saved.class_id, saved.working_title) == ("library-technician-senior", TITLE)
    assert len(saved.class_task_ids) == 12 and saved.spec.class_id == "library-technician-senior"

    tab.press("Control+g", then="Downloading it in the browser")
    while not downloads:  # it arrives in a tab of its own
        tab.page.wait_for_timeout(50)
    download = downloads[0]
    assert download.suggested_filename == "ill-lead-courier-7-7.docx"
    received = tmp_path / "downloads" / download.suggested_filename
    download.save_as(received)
    written = folder / "ill-lead-courier-7-7.docx"  # beside the record, as in the terminal
    assert received.read_bytes() == written.read_bytes()
    document = read_docx(received).text
    assert TITLE in document
    assert "Library Technician Senior" in document and "Performs cataloging" in document


def open_record(tab: browser.Tab, number: str, title: str) -> None:
    tab.wait_for("3 of 3 positions")
    tab.press("/")
    tab.wait_for("⏎ Open", shown=False)  # the footer has followed the focus to the search box
    tab.type(number)
    tab.press("Enter", then="⏎ Open")  # back to the table, on the one match
    tab.press("Enter", then=f"{title} — ")  # open: the editor's header


def add_requirement(tab: browser.Tab, text: str) -> None:
    tab.press(
        "Control+PageUp", "Control+PageUp", "Control+PageUp", then="Additional requirements"
    )  # from Review
    tab.press("a", then="An additional requirement")
    tab.type(text)
    tab.press("Enter", then=f"2. {text}")  # after the record's own first one


def test_two_tabs_on_one_record_keep_both_changes(served, context, folder):
    """Each tab is its own app: saving over the other tab's save asks first, as between two people."""
    record = folder / "00041187-interlibrary-loan-technician.toml"
    first, second = browser.Tab(context, served.url), browser.Tab(context, served.url)
    for tab in (first, second):
        open_record(tab, "00041187", "Interlibrary Loan Technician")
    add_requirement(first, "Requirement from the first tab.")
    first.press("Control+s", then="Saved")
    add_requirement(second, "Requirement from the second tab.")
    second.press("Control+s", then="The record changed on disk")
    second.press("Enter", then="Saved")  # the first choice: save mine as a new record

    theirs = read_position(record).extra_requirements
    assert (
        theirs[-1] == "Requirement from the first tab." and "Requirement from the second tab." not in theirs
    )
    (new,) = {p.name for p in folder.glob("*.toml")} - {p.name for p in SAMPLE_POSITIONS.glob("*.toml")}
    mine = read_position(folder / new).extra_requirements
    assert mine[-1] == "Requirement from the second tab." and "Requirement from the first tab." not in mine
