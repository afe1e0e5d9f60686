"""The first screen: the saved positions, filtered as one types, and what to do with them."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual.worker import get_current_worker

from pdbuilder.catalog import Catalog
from pdbuilder.errors import PdbuilderError
from pdbuilder.records import Loaded, load_record, record_files
from pdbuilder.tui.widgets.quick_table import Column, QuickTable, Row, SearchBox

COLUMNS = [
    Column("Working title", 14, 4), Column("Number", 8), Column("Class", 10, 3), Column("Level", 11, drop=2),
    Column("Agency", 8, 3, drop=1), Column("Status", 10), Column("Modified", 10),
]
FIRST_SCREENFUL = 45  # records shown before the rest have been read: a tall terminal's first screen

Entry = Loaded | PdbuilderError  # a record as read, or why it could not be


DRIFT_MARK = "⚠ "  # before the status: a position whose class spec changed since it was built


def position_row(path: Path, entry: Entry, catalog: Catalog | None, drifted: bool = False) -> Row:
    if isinstance(entry, PdbuilderError):
        return Row(str(path), (path.name, "", "", "", "", "unreadable", ""))
    position = entry.position
    ref = catalog.get(position.class_id) if catalog else None
    return Row(str(path), (
        position.working_title or "(no title)",
        position.number,
        ref.job_class.title if ref else position.class_id,
        position.contributor_level.capitalize(),
        position.agency,
        DRIFT_MARK * drifted + position.status,
        position.modified.date().isoformat() if position.modified else "",
    ))


def _newest_first(item: tuple[Path, Entry]) -> tuple:
    path, entry = item
    modified = entry.position.modified if isinstance(entry, Loaded) else None
    return (modified is not None, modified.timestamp() if modified else 0, path.name)


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
        self.drifted: set[Path] = set()
        self.return_to: str | None = None  # the record the editor worked on, for the cursor after a reload
        self.reading = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchBox("positions", placeholder="Search positions: title, number, class, agency, status…  (/)", id="search")
        yield PositionsTable(COLUMNS, empty="No positions yet: press n to start a new one.", id="positions")
        yield Static(id="home-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Positions"
        self.query_one(PositionsTable).focus()
        self.watch(self.app, "catalog", self.catalog_loaded, init=False)
        self.call_after_refresh(self.load_records)  # the first frame first: reading competes for the CPU

    def on_screen_resume(self) -> None:
        if not self.reading:  # back from the editor: show what it saved, with the cursor on it
            self.return_to = str(self.app.record_path) if self.app.record_path else None
            self.load_records()

    def load_records(self) -> None:
        """Show the newest screenful of records at once, then read the rest off the UI thread.

        The first ones are read here (some 50 ms): in a worker thread each short file read would
        wait for the busy UI thread to hand back the interpreter, and take ten times as long.
        """
        folder = self.app.workspace.positions_dir
        files = record_files([folder]) if folder.is_dir() else []
        files.sort(key=_mtime, reverse=True)
        found: dict[Path, Entry] = {}
        if not self.entries:  # a reload keeps the table as it is until every record is read again
            found = {path: _read(path) for path in files[:FIRST_SCREENFUL]}
            self.set_entries(dict(found), complete=len(found) == len(files))
            files = files[len(found):]
            if not files:
                return
            # The rest once the first rows are on screen: a reading thread would slow that frame down.
            self.call_after_refresh(self._read_records, files, found)
            return
        self._read_records(files, found)

    @work(thread=True, exclusive=True, group="records")
    def _read_records(self, files: list[Path], found: dict[Path, Entry]) -> None:
        worker = get_current_worker()
        for path in files:
            if worker.is_cancelled:
                return
            found[path] = _read(path)
        self.app.call_from_thread(self.set_entries, found, True)

    def set_entries(self, entries: dict[Path, Entry], complete: bool) -> None:
        self.entries = entries
        self.reading = not complete
        # Class titles for the table (the editor needs the catalog too), after this frame is drawn.
        self.call_after_refresh(self.app.start_loading_catalog)
        self.show_entries()
        if complete:
            self.check_drift()
        unreadable = [e for e in entries.values() if isinstance(e, PdbuilderError)]
        if complete and unreadable:
            listed = "\n".join(str(e) for e in unreadable[:3]) + ("\n…" if len(unreadable) > 3 else "")
            self.notify(listed, title=f"{len(unreadable)} record{'s' * (len(unreadable) > 1)} could not be read", severity="warning", timeout=10)

    def catalog_loaded(self) -> None:
        self.show_entries()
        self.check_drift()

    def check_drift(self) -> None:
        if not self.reading and self.app.catalog is not None:
            self._find_drift(dict(self.entries), self.app.catalog)

    @work(thread=True, exclusive=True, group="drift")
    def _find_drift(self, entries: dict[Path, Entry], catalog: Catalog) -> None:
        from pdbuilder.drift import drift  # after the first frame, in this thread

        drifted = {path for path, entry in entries.items() if isinstance(entry, Loaded) and drift(entry.position, catalog.get(entry.position.class_id))}
        self.app.call_from_thread(self._drift_found, drifted)

    def _drift_found(self, drifted: set[Path]) -> None:
        if drifted != self.drifted:
            self.drifted = drifted
            self.show_entries()

    def show_entries(self) -> None:
        catalog = self.app.catalog
        rows = [position_row(path, entry, catalog, path in self.drifted) for path, entry in sorted(self.entries.items(), key=_newest_first, reverse=True)]
        table = self.query_one(PositionsTable)
        table.set_rows(rows, keep=self.return_to)
        self.return_to = None
        self.show_status()

    @on(SearchBox.Changed, "#search")
    def show_status(self) -> None:
        table = self.query_one(PositionsTable)
        folder = self.app.workspace.positions_dir
        total = len(self.entries)
        status = f"{table.row_count} of {total} positions in {folder}{os.sep}" if total else f"No records in {folder}{os.sep} yet"
        drifted = f"  · {DRIFT_MARK}{len(self.drifted)} drifted from their class spec (s: sync)" if self.drifted else ""
        self.query_one("#home-status", Static).update(status + ("  · reading records…" if self.reading else drifted))

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
        yield "Open position", "Open the highlighted position", lambda: self.query_one(PositionsTable).action_select()
        yield "Reuse position", "Start a new position as a copy of the highlighted one", self.action_reuse
        yield "Delete position", "Delete the highlighted position's record (asks first)", self.action_delete
        yield "Search positions", "Filter the table as you type", self.action_search
        yield "Sync position with class spec", "Open the highlighted position and review its class spec's changes (s)", self.action_sync
        yield "Compare position", "Compare the highlighted position with its class spec or another position (c)", self.action_compare


def _read(path: Path) -> Entry:
    try:
        return load_record(path)
    except PdbuilderError as exc:
        return exc


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0
