"""The first screen: the saved positions, filtered as one types, and what to do with them.

The newest rows are on the first frame: before it, the screen takes them from the index of the
positions folder (pdbuilder.index), or, when the index has none yet, reads the top of the newest
records (pdbuilder.listing). Then a thread lists the folder, reads and checks the records the
index does not know or that changed (across processes when there are many, the progress in the
status line), and hands every row to the table at once. Back from another screen, the thread
looks again, and the table changes only when something did.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
from textual.worker import get_current_worker

from pdbuilder.errors import PdbuilderError
from pdbuilder.index import INDEX_FILE, ClassKeys, Index, Listed, in_folder, line_cells, read_records
from pdbuilder.listing import DRIFT_MARK, RecordFile, Summary, newest_first, read_summary, record_file, stamps
from pdbuilder.settings import cache_dir
from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.widgets.bars import KeyBar, TitleBar
from pdbuilder.tui.widgets.quick_table import (
    Column,
    Prepared,
    QuickTable,
    Row,
    SearchBox,
    prepare,
    prepare_lines,
)

if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog
    from pdbuilder.workspace import Workspace

COLUMNS = [
    Column("Working title", 14, 4),
    Column("Number", 8),
    Column("Class", 10, 3),
    Column("Level", 11, drop=2),
    Column("Agency", 8, 3, drop=1),
    Column("Status", 10),
    Column("Modified", 10),
]
PROGRESS_EVERY = 0.1  # seconds between two updates of the progress shown while records are read


class ClassTitles(dict[str, str]):
    """Class id -> what the Class column shows: the class's title, or its id when the catalog lacks it."""

    def __init__(self, catalog: Catalog | None) -> None:
        super().__init__()
        self.catalog = catalog

    def __missing__(self, class_id: str) -> str:
        ref = self.catalog.get(class_id) if self.catalog else None
        self[class_id] = title = ref.job_class.title if ref else class_id
        return title


def position_rows(listed: list[Listed], catalog: Catalog | None) -> list[Row]:
    titles = ClassTitles(catalog)
    return [Row(entry.path, line_cells(entry, titles[entry.class_id])) for entry in listed]


def tops_of(paths: list[str]) -> list[Listed]:
    """Records as their tops alone show them, enough for their rows (not checked), in the table's
    order: by the records' own modification time."""
    tops: list[tuple[Summary | None, Listed]] = []
    for path in paths:
        try:
            summary = read_summary(Path(path))
            tops.append((summary, Listed.of(path, summary)))
        except PdbuilderError as exc:
            tops.append((None, Listed.unreadable(path, exc)))

    def newest_first(top: tuple[Summary | None, Listed]) -> tuple[bool, float, str]:
        modified = top[0].modified if top[0] else None
        return (modified is not None, modified.timestamp() if modified else 0, top[1].path)

    return [listed for _, listed in sorted(tops, key=newest_first, reverse=True)]


class Stopped(Exception):
    """The screen asked for the rows is no longer shown, or another reading replaced this one."""


class PositionsTable(QuickTable):
    BINDING_GROUP_TITLE = "Positions"
    BINDINGS = [Binding("enter", "select", "Open")]


class HomeScreen(Screen[None]):
    app = getters.app(PdbuilderApp)  # the app, typed: its editing session, catalog and flows

    BINDING_GROUP_TITLE = "Positions"
    BINDINGS = [
        Binding("n", "app.new_position", "New"),
        Binding("r", "reuse", "Reuse"),
        # Out of the footer, so that Quit and Help stay in it at 80 columns (F1 and Ctrl+P list them).
        Binding("d,delete", "delete", "Delete", show=False),
        Binding("s", "sync", "Sync spec", show=False),
        Binding("c", "compare", "Compare", show=False),
        Binding("slash", "search", "Search"),
        Binding("escape", "clear_search", "Clear search", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # records listed
        self.listing: tuple[list[str], Catalog | None] | None = None  # what the rows were made from (stamps)
        self.return_to: str | None = None  # the record the editor worked on, for the cursor after a reload
        self.reading = True  # until every record is listed
        self.progress = ""  # what the reading thread is doing, while it takes long
        self.drifted = 0
        self.unreadable: dict[str, PdbuilderError] = {}  # path -> why it cannot be read

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SearchBox(
            "positions",
            leave_on_submit=True,
            placeholder="Search positions: title, number, class, agency, status…  (/)",
            id="search",
        )
        yield PositionsTable(COLUMNS, empty="No positions yet: press n to start a new one.", id="positions")
        yield Static(id="home-status", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = "Positions"
        self.query_one(PositionsTable).focus()

    def on_screen_resume(self) -> None:
        # First shown, or back from another screen: show what changed meanwhile, the cursor on
        # the record the editor worked on.
        self.return_to = str(self.app.last_record) if self.app.last_record else None
        if self.listing is None:
            self._show_newest()
        # Once the screen is drawn: listing the folder holds the interpreter's lock a good part of the time.
        self.call_after_refresh(self.load_records)

    def on_screen_suspend(self) -> None:
        # A dialog leaves this screen in view, so its reading goes on (else its status line would say
        # "reading records…" under the dialog for good); a screen that hides it stops the reading.
        if not isinstance(self.app.screen, ModalScreen):
            self.workers.cancel_group(self, "records")

    def _index(self) -> Index:
        return Index(cache_dir() / INDEX_FILE if self.app.workspace.use_index else None)

    def _show_newest(self) -> None:
        """Before the first frame: the newest rows the index holds, else the tops of the newest files."""
        folder = self.app.workspace.positions_dir
        count = self.app.size.height  # at most a screenful
        index = self._index()
        newest = index.listing(folder, count)
        index.close()
        if not newest and folder.is_dir():
            newest = tops_of(_paths(folder, newest_first(folder)[:count]))
        self.total = len(newest)
        self._show(position_rows(newest, None))

    def load_records(self) -> None:
        """Look at the folder again, off the UI thread; the table changes when something did."""
        self._read_records(self.app.workspace)

    @work(thread=True, exclusive=True, group="records")
    def _read_records(self, workspace: Workspace) -> None:
        worker = get_current_worker()

        def call(callback: Callable[..., Any], *args: Any) -> Any:  # what call_from_thread gives
            if worker.is_cancelled:
                raise Stopped
            return self.app.call_from_thread(callback, *args)

        folder = workspace.positions_dir
        # A thread lists the folder (100,000 stat calls) while this one waits for the catalog and
        # reads the index.
        with ThreadPoolExecutor(1) as pool:
            listed = pool.submit(lambda: stamps(folder) if folder.is_dir() else [])
            try:
                catalog: Catalog | None = call(self.app.loaded_catalog)
                if (
                    self.listing is not None
                    and self.listing[1] is catalog
                    and self.listing[0] == listed.result()
                ):
                    return  # nothing changed
                if catalog is None:  # no catalog, no checks: the rows show the tops of the records
                    tops = tops_of(_paths(folder, sorted(map(record_file, listed.result()))))
                    unreadable = {entry.path: entry.error for entry in tops if entry.error is not None}
                    shown = (prepare(position_rows(tops, None)), unreadable, 0)
                else:
                    shown = self._checked(workspace, catalog, listed, call)
                call(self._show_all, *shown, (listed.result(), catalog))
                self.app.prepare_editor()
            except Stopped:
                pass

    def _checked(
        self, workspace: Workspace, catalog: Catalog, listed: Future[list[str]], call: Callable[..., Any]
    ) -> tuple[Prepared, dict[str, PdbuilderError], int]:
        """Every record's row, newest first, from the index once the files it lacks are read; with
        the unreadable records and the number drifted. The index is read while the folder is listed
        (mostly waiting on SQLite and the system, so that the two share the interpreter's lock
        well), and read again when it was not current."""
        folder = workspace.positions_dir
        index = self._index()
        try:
            titles = ClassTitles(catalog)
            stored, lines = index.stored(folder), index.lines(folder, titles)
            keys = ClassKeys(catalog)
            if not stored.current(listed.result(), keys):
                self._update(index, folder, sorted(map(record_file, listed.result())), keys, workspace, call)
                lines = index.lines(folder, titles)
            rows = prepare_lines(_paths_of(folder, lines.names), lines.text)
            return rows, {**index.unreadable(folder)}, lines.drifted
        finally:
            index.close()

    def _update(
        self,
        index: Index,
        folder: Path,
        files: list[RecordFile],
        keys: ClassKeys,
        workspace: Workspace,
        call: Callable[..., Any],
    ) -> None:
        """Read and check the records the index lacks or has out of date, the progress in the status line."""
        stale = index.stale(folder, files, keys, whole=True)
        if stale:
            done, shown = 0, 0.0

            def progress(count: int) -> None:
                nonlocal done, shown
                done += count
                if time.monotonic() - shown > PROGRESS_EVERY:
                    shown = time.monotonic()
                    call(self._show_progress, f"reading records… {done:,} of {len(stale):,}")

            read = read_records(_paths(folder, stale), workspace, progress=progress)
            index.store(folder, zip(stale, read, strict=True), keys)

    def _show_progress(self, text: str) -> None:
        self.progress = text
        self.show_status()

    def _show_all(
        self,
        rows: Prepared,
        unreadable: dict[str, PdbuilderError],
        drifted: int,
        listing: tuple[list[str], Catalog | None],
    ) -> None:
        self.listing, self.total, self.drifted = listing, len(rows.rows), drifted
        self.reading, self.progress = False, ""
        self._show(rows)
        if unreadable.keys() - self.unreadable.keys():
            errors = list(unreadable.values())
            listed = "\n".join(str(e) for e in errors[:3]) + ("\n…" if len(errors) > 3 else "")
            self.notify(
                listed,
                title=f"{len(errors)} record{'s' * (len(errors) > 1)} could not be read",
                severity="warning",
                timeout=10,
            )
        self.unreadable = unreadable

    def _show(self, rows: list[Row] | Prepared) -> None:
        self.query_one(PositionsTable).set_rows(rows, keep=self.return_to)
        self.return_to = None
        self.show_status()

    @on(SearchBox.Changed, "#search")
    def show_status(self) -> None:
        table = self.query_one(PositionsTable)
        folder = self.app.workspace.positions_dir
        total = self.total
        status = (
            f"{table.row_count} of {total} positions in {folder}{os.sep}"
            if total
            else f"No records in {folder}{os.sep} yet"
        )
        drifted_note = (
            f"  · {DRIFT_MARK}{self.drifted} drifted from their class spec (s: sync)" if self.drifted else ""
        )
        reading = f"  · {self.progress or 'reading records…'}" if self.reading else ""
        # One line the width of the screen: its text changes, its size never does, so no layout of
        # the whole screen (on every keystroke of a search).
        self.query_one("#home-status", Static).update(status + (reading or drifted_note), layout=False)

    @on(SearchBox.Submitted, "#search")
    def search_done(self) -> None:
        self.query_one(PositionsTable).focus()

    def action_search(self) -> None:
        self.query_one("#search").focus()

    def action_clear_search(self) -> None:
        self.query_one("#search", SearchBox).value = ""
        self.query_one(PositionsTable).focus()

    def _chosen(self) -> Path | None:
        key = self.query_one(PositionsTable).highlighted_key
        return Path(key) if key else None

    @on(QuickTable.Selected, "#positions")
    def open_position(self, event: QuickTable.Selected) -> None:
        if event.key is not None:
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

    def commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
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


def _paths(folder: Path, files: list[RecordFile]) -> list[str]:
    return _paths_of(folder, [file.name for file in files])


def _paths_of(folder: Path, names: list[str]) -> list[str]:
    prefix = in_folder(folder)
    return [prefix + name for name in names]
