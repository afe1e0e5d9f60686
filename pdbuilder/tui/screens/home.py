"""The first screen: the saved positions, filtered as one types, and what to do with them.

The newest rows are on the first frame: before it, the screen lists the folder and reads only the
top of the newest records (pdbuilder.listing). The other rows, then a full check of every record
(unreadable ones, drift from the class spec), follow a few milliseconds at a time on the UI
thread while this screen is shown. A reading thread would be slower: each file read in it waits
for the busy UI thread to hand back the interpreter lock.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from pdbuilder.errors import PdbuilderError
from pdbuilder.listing import Summary, newest_first, read_summary
from pdbuilder.tui.widgets.quick_table import Column, QuickTable, Row, SearchBox

if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog

COLUMNS = [
    Column("Working title", 14, 4),
    Column("Number", 8),
    Column("Class", 10, 3),
    Column("Level", 11, drop=2),
    Column("Agency", 8, 3, drop=1),
    Column("Status", 10),
    Column("Modified", 10),
]
SLICE = 0.008  # seconds of background reading between two looks at the keyboard and the screen
DRIFT_MARK = "⚠ "  # before the status: a position whose class spec changed since it was built


@dataclass
class Entry:
    """What the home screen knows of one record file."""

    stat: tuple[int, int]  # the file's stat when read: a file that changed is read again
    summary: Summary | None = None  # the top of the record, for its row
    error: PdbuilderError | None = None  # why it cannot be read, from its top or from the full check
    drifted: bool | None = None  # None until the whole record has been checked against the catalog

    @property
    def pending(self) -> bool:
        return self.summary is None and self.error is None


def position_row(path: Path, entry: Entry, catalog: Catalog | None) -> Row:
    summary = entry.summary
    if entry.error is not None or summary is None:
        return Row(str(path), (path.name, "", "", "", "", "unreadable", ""))
    ref = catalog.get(summary.class_id) if catalog else None
    return Row(
        str(path),
        (
            summary.working_title or "(no title)",
            summary.number,
            ref.job_class.title if ref else summary.class_id,
            summary.contributor_level.capitalize(),
            summary.agency,
            DRIFT_MARK * bool(entry.drifted) + summary.status,
            summary.modified.date().isoformat() if summary.modified else "",
        ),
    )


def _newest_first(item: tuple[Path, Entry]) -> tuple:
    path, entry = item
    modified = entry.summary.modified if entry.summary and entry.error is None else None
    return (modified is not None, modified.timestamp() if modified else 0, path.name)


async def in_slices(items: Iterable, step: Callable) -> None:
    """`step` each item, handing the UI thread back to keys and frames every SLICE seconds."""
    deadline = time.perf_counter() + SLICE
    for item in items:
        step(item)
        if time.perf_counter() > deadline:
            await asyncio.sleep(0)
            deadline = time.perf_counter() + SLICE


class PositionsTable(QuickTable):
    BINDING_GROUP_TITLE = "Positions"
    BINDINGS = [Binding("enter", "select", "Open")]


class HomeScreen(Screen):
    BINDING_GROUP_TITLE = "Positions"
    BINDINGS = [
        Binding("n", "app.new_position", "New"),
        Binding("r", "reuse", "Reuse"),
        Binding("d,delete", "delete", "Delete"),
        Binding("s", "sync", "Sync spec"),
        Binding("c", "compare", "Compare"),
        Binding("slash", "search", "Search"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[Path, Entry] = {}
        self.return_to: str | None = None  # the record the editor worked on, for the cursor after a reload
        self.reading = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox(
            "positions",
            placeholder="Search positions: title, number, class, agency, status…  (/)",
            id="search",
        )
        yield PositionsTable(COLUMNS, empty="No positions yet: press n to start a new one.", id="positions")
        yield Static(id="home-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Positions"
        self.query_one(PositionsTable).focus()
        self.watch(self.app, "catalog", self.show_entries, init=False)

    def on_screen_resume(self) -> None:
        # First shown, or back from another screen: show what changed meanwhile, the cursor on
        # the record the editor worked on.
        self.return_to = str(self.app.last_record) if self.app.last_record else None
        self.load_records()

    def on_screen_suspend(self) -> None:
        self.workers.cancel_group(self, "records")  # nobody sees this screen: its reading waits

    def load_records(self) -> None:
        """List the folder and show the newest records now; read and check the others afterwards.

        A record whose file is unchanged since it was last read is not read again.
        """
        folder = self.app.workspace.positions_dir
        files = newest_first(folder) if folder.is_dir() else []
        known = self.entries
        self.entries = {
            path: known[path] if path in known and known[path].stat == stat else Entry(stat)
            for name, stat in files
            for path in [folder / name]
        }
        for path, entry in list(self.entries.items())[: self.app.size.height]:  # at most a screenful
            if entry.pending:
                self._read_summary(path, entry)
        self.reading = any(entry.pending for entry in self.entries.values())
        self.show_entries()
        self.call_after_refresh(self._read_in_background)  # once these rows are on screen

    @work(exclusive=True, group="records")
    async def _read_in_background(self) -> None:
        self.app.start_loading_catalog()
        await in_slices(
            [(p, e) for p, e in self.entries.items() if e.pending], lambda item: self._read_summary(*item)
        )
        if self.reading:
            self.reading = False
            self.show_entries()
        catalog = await self.app.loaded_catalog()
        unchecked = [(p, e) for p, e in self.entries.items() if e.error is None and e.drifted is None]
        if catalog is None or not unchecked:
            return
        from pdbuilder.drift import drift  # the model, after the first frame
        from pdbuilder.records import load_record

        def check(item: tuple[Path, Entry]) -> None:
            path, entry = item
            try:
                position = load_record(path).position
            except PdbuilderError as exc:
                entry.error = exc
                return
            entry.drifted = bool(drift(position, catalog.get(position.class_id)))

        await in_slices(unchecked, check)
        self.show_entries()
        unreadable = [e.error for e in self.entries.values() if e.error is not None]
        if unreadable:
            listed = "\n".join(str(e) for e in unreadable[:3]) + ("\n…" if len(unreadable) > 3 else "")
            self.notify(
                listed,
                title=f"{len(unreadable)} record{'s' * (len(unreadable) > 1)} could not be read",
                severity="warning",
                timeout=10,
            )

    @staticmethod
    def _read_summary(path: Path, entry: Entry) -> None:
        try:
            entry.summary = read_summary(path)
        except PdbuilderError as exc:
            entry.error = exc

    def show_entries(self) -> None:
        catalog = self.app.catalog
        rows = [
            position_row(path, entry, catalog)
            for path, entry in sorted(self.entries.items(), key=_newest_first, reverse=True)
            if not entry.pending
        ]
        table = self.query_one(PositionsTable)
        table.set_rows(rows, keep=self.return_to)
        self.return_to = None
        self.show_status()

    @on(SearchBox.Changed, "#search")
    def show_status(self) -> None:
        table = self.query_one(PositionsTable)
        folder = self.app.workspace.positions_dir
        total = len(self.entries)
        status = (
            f"{table.row_count} of {total} positions in {folder}{os.sep}"
            if total
            else f"No records in {folder}{os.sep} yet"
        )
        drifted = sum(bool(entry.drifted) for entry in self.entries.values())
        drifted_note = f"  · {DRIFT_MARK}{drifted} drifted from their class spec (s: sync)" if drifted else ""
        self.query_one("#home-status", Static).update(
            status + ("  · reading records…" if self.reading else drifted_note)
        )

    @on(SearchBox.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(PositionsTable).focus()

    def action_search(self) -> None:
        self.query_one("#search").focus()

    def _chosen(self) -> Path | None:
        key = self.query_one(PositionsTable).highlighted_key
        return Path(key) if key else None

    @on(QuickTable.Selected, "#positions")
    def open_position(self, event: QuickTable.Selected) -> None:
        self.app.open_record(Path(event.key))

    def action_reuse(self) -> None:
        if path := self._chosen():
            self.app.reuse_record(path)

    def action_delete(self) -> None:
        if path := self._chosen():
            self.app.delete_record(path)

    def action_sync(self) -> None:
        if path := self._chosen():
            self.app.sync_record(path)

    def action_compare(self) -> None:
        if path := self._chosen():
            self.app.compare_record(path)

    def commands(self):
        yield "New position", "Start a position from a class of the catalog", self.app.action_new_position
        yield (
            "Open position",
            "Open the highlighted position",
            lambda: self.query_one(PositionsTable).action_select(),
        )
        yield "Reuse position", "Start a new position as a copy of the highlighted one", self.action_reuse
        yield "Delete position", "Delete the highlighted position's record (asks first)", self.action_delete
        yield "Search positions", "Filter the table as you type", self.action_search
        yield (
            "Sync position with class spec",
            "Open the highlighted position and review its class spec's changes (s)",
            self.action_sync,
        )
        yield (
            "Compare position",
            "Compare the highlighted position with its class spec or another position (c)",
            self.action_compare,
        )
