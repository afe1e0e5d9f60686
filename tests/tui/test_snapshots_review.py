"""Screenshots of draft recovery, drift, sync and compare at the smallest supported terminal (and a large one
where the layout changes: the tables of positions drop columns when narrow).

Update with `pytest tests/tui/test_snapshots_review.py --snapshot-update` and look at every changed SVG
before committing it (e.g. `rsvg-convert -o /tmp/x.png FILE.svg`).
"""

from __future__ import annotations

import os
import time

import pytest

from pdbuilder.drafts import Drafts
from pdbuilder.records import file_stamp, read_position

from .conftest import home_ready, offered, settle, type_text
from .test_snapshots import SIZES, cases
from .test_spec_review import ILL, NEW_DB, NEW_TEXT, OLD_DB, OLD_TEXT, revise


@pytest.fixture
def utc():
    """The recovery offer shows local time: make it UTC for the test, and put it back after."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


async def recovery_offer(pilot):
    await offered(pilot)  # the home screen under it goes on reading its records
    home = pilot.app.screen_stack[0]
    for _ in range(500):
        if not home.reading:
            break
        await pilot.pause(0.02)
    assert not home.reading


async def drift_marks(pilot):
    await home_ready(pilot)
    await settle(pilot)


async def sync_review(pilot):
    home = await home_ready(pilot)
    home.query_one("#positions").move_to_key(str(ILL))
    await pilot.press("s")
    await settle(pilot)


async def compare_picker(pilot):
    home = await home_ready(pilot)
    home.query_one("#positions").move_to_key(str(ILL))
    await pilot.press("c")
    await settle(pilot)


async def compare_with_class(pilot):
    await compare_picker(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def compare_two_positions(pilot):
    await compare_picker(pilot)
    await type_text(pilot, "school")
    await pilot.press("enter")
    await settle(pilot)


SCREENS = [
    recovery_offer,
    drift_marks,
    sync_review,
    compare_picker,
    compare_with_class,
    compare_two_positions,
]


@pytest.mark.parametrize(("screen", "size"), cases(SCREENS, {drift_marks, compare_picker}))
def test_screen(snap_compare, make_app, screen, size, tmp_path, utc):
    if screen is recovery_offer:
        drafts = Drafts(tmp_path / "drafts")
        drafts.save(
            "d1",
            read_position(ILL).with_changes(unit="Courier services", working_title="ILL Technician & <Lead>"),
            ILL,
            file_stamp(ILL),
        )
        draft = drafts.folder / "d1.toml"  # a fixed time: clocks stay out of screenshots
        draft.write_text(
            "\n".join(
                "saved = 2026-11-20T09:30:00Z" if line.startswith("saved = ") else line
                for line in draft.read_text().splitlines()
            )
        )
    catalog = (
        [revise(tmp_path / "catalog", (OLD_TEXT, NEW_TEXT), (OLD_DB, NEW_DB))]
        if screen in (drift_marks, sync_review)
        else []
    )
    app = make_app(catalog_dirs=catalog)
    app.notify = lambda *args, **kwargs: None  # toasts come and go on a timer
    assert snap_compare(app, terminal_size=SIZES[size], run_before=screen)
