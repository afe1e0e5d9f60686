"""An index of positions folders: what `check`, `stats` and the home screen need of each record,
kept in SQLite between runs, so that a folder of 100,000 records is not parsed again on every run.

Files stay the truth. A row is used only while its file has the size and modification time it had
when the row was written, and its class spec the version it had then; any other file is read again
and a row whose file is gone is dropped. The index lives in the user's cache folder
(`$PDBUILDER_CACHE`, else `$XDG_CACHE_HOME/pdbuilder`, else `~/.cache/pdbuilder`). A lost or corrupt
index, or one written by other pdbuilder code, is rebuilt without a word; several processes may use
it at once (write-ahead log, a busy timeout). Reading many records is shared across processes.

A folder is looked at as a whole where it can be: its files' names, sizes and times as one set of
strings (`listing.stamps`) against the rows' (`Index.stored`), and the home screen's listing of it
as one string (`Index.lines`), kept whole until a row of the folder changes.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import signal
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from pdbuilder.display import visible
from pdbuilder.errors import PdbuilderError, RecordError
from pdbuilder.listing import (
    DRIFT_MARK,
    UNREADABLE,
    UNTITLED,
    RecordFile,
    Summary,
    by_name,
    record_file,
    stamps,
)
from pdbuilder.settings import cache_dir

# The model is imported where records are read: the terminal UI shows its first rows from the
# index before the model is loaded.
if TYPE_CHECKING:
    from pdbuilder.catalog import Catalog
    from pdbuilder.workspace import Workspace

INDEX_FILE = "index.sqlite3"
BATCH = 500  # rows written per transaction: a run stopped half-way keeps what it read
MAX_CHUNK = 256  # records a worker process reads at a time
POOL_THRESHOLD = 200  # fewer records to read than this are read here: starting processes costs more

_FIELDS = (
    *("folder", "name", "mtime_ns", "size", "class_id", "class_key"),  # the key, and what a row is valid for
    *("working_title", "number", "contributor_level", "agency", "status", "modified"),  # the summary
    "newest",  # the order of the home screen: the record's modification time as a number
    *("error", "error_line", "error_column", "problems", "drift"),  # what checking it found
    "details",  # what stats counts of its other fields
    *("line_start", "line_end"),  # its row as lists show it, before and after its class (`Index.lines`)
    "stamp",  # the file's name, mtime_ns and size as one string (`RecordFile.stamp`)
)
_COLUMNS = ", ".join(_FIELDS)
COUNTED = "class_id, contributor_level, agency, status, details"  # all `stats.Counted` reads of a row
_LISTING = (  # Listed's fields, the newest first (the day: the date part of the ISO time stored)
    "SELECT name, working_title, number, class_id, contributor_level, agency, status,"
    " coalesce(substr(modified, 1, 10), ''), drift IS NOT NULL, error, error_line, error_column"
    " FROM records WHERE folder = ? ORDER BY newest DESC, name DESC LIMIT ?"
)
_SCHEMA = (
    f"CREATE TABLE IF NOT EXISTS records ({_COLUMNS}, PRIMARY KEY (folder, name)) WITHOUT ROWID",
    # The home screen's rows, newest first, and what tells whether they are current: with every
    # column these read in it, 100,000 rows are read from this index alone, a fraction of the table.
    "CREATE INDEX IF NOT EXISTS by_newest ON records"
    " (folder, newest, name, line_start, class_id, line_end, drift, stamp, class_key)",
    "CREATE INDEX IF NOT EXISTS unreadable ON records (folder, name) WHERE error IS NOT NULL",
    # The home screen's listing of a folder kept whole (`Index.lines`): one row read instead of
    # 100,000; a change to the folder's rows drops it.
    "CREATE TABLE IF NOT EXISTS listings (folder TEXT PRIMARY KEY, titles TEXT, stamps TEXT, specs TEXT,"
    " names TEXT, text TEXT, drifted INTEGER)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)",
)
# Every row of a folder as a line of text, newest first (Index.lines; group_concat joins the rows in
# the order the subquery gives them); `temp.titles` names the classes.
_LINES = (
    "SELECT count(*), sum(drift IS NOT NULL), group_concat(name, '/'),"
    " group_concat(line_start || coalesce(title, class_id, '') || line_end, char(10))"
    " FROM (SELECT name, line_start, class_id, line_end, drift FROM records INDEXED BY by_newest"
    " WHERE folder = ? ORDER BY newest DESC, name DESC) LEFT JOIN temp.titles ON id = class_id"
)


@dataclass(frozen=True)
class Checked:
    """One record file as `check`, `stats` and the home screen see it."""

    path: str  # the folder as named, then the file name
    summary: Summary | None  # None when the record cannot be read
    error: RecordError | None
    problems: tuple[str, ...]  # what `check` prints for it, drift included
    drift: tuple[Drift, ...]  # every way its class spec changed since
    alike: int = 1  # the records it stands for: `checked_records(..., alike=True)` gives one row for many


class Listed(NamedTuple):
    """A record as a list of positions shows it (the terminal UI's home screen and Compare picker)."""

    path: str  # the folder as named, then the file name
    working_title: str
    number: str
    class_id: str
    contributor_level: str
    agency: str
    status: str
    day: str  # the day it was last modified, "" when not known
    drifted: bool  # its class spec changed since it was built
    error: PdbuilderError | None  # why it cannot be read (then the fields above are empty)

    @classmethod
    def of(cls, path: str, summary: Summary, drifted: bool = False) -> Listed:
        day = summary.modified.date().isoformat() if summary.modified else ""
        return cls(
            path,
            summary.working_title,
            summary.number,
            summary.class_id,
            summary.contributor_level,
            summary.agency,
            summary.status,
            day,
            drifted,
            None,
        )

    @classmethod
    def unreadable(cls, path: str, error: PdbuilderError) -> Listed:
        return cls(path, "", "", "", "", "", "", "", False, error)


class Lines(NamedTuple):
    """Every record of a folder as a list of positions shows it, newest first, in one string: made
    for 100,000 records, so that no object is made for each but the strings (`Index.lines`)."""

    names: list[str]  # the file names
    text: str  # a line for each, its cells (`line_cells`) tab-separated, none holding a tab or a line break
    drifted: int  # the records whose class spec changed since they were built


def line_cells(listed: Listed, class_title: str) -> tuple[str, ...]:
    """A record's cells in a list of positions: working title, number, class, level, agency,
    status (marked when drifted), day; for an unreadable record, its file name and UNREADABLE."""
    if listed.error is not None:
        return (os.path.basename(listed.path), "", "", "", "", UNREADABLE, "")
    cells = (
        listed.working_title or UNTITLED,
        listed.number,
        class_title,
        listed.contributor_level.capitalize(),
        listed.agency,
        DRIFT_MARK * listed.drifted + listed.status,
        listed.day,
    )
    return tuple(map(_on_one_line, cells))


def _on_one_line(text: str) -> str:
    return text.replace("\t", " ").replace("\n", " ")


def _title(titles: Mapping[str, str], class_id: str) -> str:
    """A class as `Lines` shows it."""
    return visible(_on_one_line(titles[class_id]))


class Stored(NamedTuple):
    """What the rows of a folder were made from (`Index.stored`)."""

    stamps: str | None  # each file as `listing.stamps` gives it, a line each; None when the index cannot say
    specs: list[tuple[str, str]]  # each class id with the version of its spec the rows were checked against

    def current(self, stamps: list[str], keys: ClassKeys) -> bool:
        """Whether the rows are those of exactly these files, each checked against its class's spec
        as it is now: then there is nothing to read and no row to drop. Two sets of strings
        compared, where `Index.stale` looks at each file in turn."""
        if self.stamps is None or not all(keys[class_id] == key for class_id, key in self.specs):
            return False
        # A name with a line break is split here: the sets differ, and `stale` looks file by file.
        return set(self.stamps.split("\n") if self.stamps else ()) == set(stamps)


class Drift(NamedTuple):
    """What the index keeps of a `drift.Change`."""

    kind: str
    message: str
    task_id: str | None


def check_record(path: str, catalog: Catalog) -> Checked:
    """Read one record whole and check it against the catalog."""
    from pdbuilder.drift import check_lines, drift
    from pdbuilder.model import problems
    from pdbuilder.records import read_position
    from pdbuilder.stats import detail_counts

    try:
        position = read_position(Path(path))
    except RecordError as exc:
        return Checked(path, None, exc, (), ())
    ref = catalog.get(position.class_id)
    changes = drift(position, ref)
    summary = Summary(
        position.working_title,
        position.number,
        position.class_id,
        position.contributor_level,
        position.agency,
        position.status,
        position.modified,
        detail_counts(position),
    )
    found = (*problems(position, ref), *check_lines(changes))
    return Checked(path, summary, None, found, tuple(Drift(c.kind, c.message, c.task_id) for c in changes))


class ClassKeys(dict[str, str]):
    """Class id -> the version of its spec now ("" for a class not in the catalog), worked out once each."""

    def __init__(self, catalog: Catalog) -> None:
        super().__init__()
        self.catalog = catalog

    def __missing__(self, class_id: str) -> str:
        from pdbuilder.model import spec_version

        ref = self.catalog.get(class_id)
        self[class_id] = key = spec_version(ref).hash if ref else ""
        return key


# --- reading records, here or across processes ----------------------------------


def read_records(
    paths: list[str],
    workspace: Workspace,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> Iterator[Checked]:
    """Each file read and checked, in the order given; `jobs` processes share the work (default: one per CPU)."""
    jobs = min(jobs or os.cpu_count() or 1, math.ceil(len(paths) / POOL_THRESHOLD))
    if jobs <= 1:
        for path in paths:
            yield check_record(path, workspace.catalog)
            progress(1)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(MAX_CHUNK, math.ceil(len(paths) / (jobs * 4))))
    chunks = [paths[start : start + size] for start in range(0, len(paths), size)]
    # Spawned, not forked: the terminal UI reads from a thread, and forking a threaded process can hang.
    spawn = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(jobs, spawn, initializer=_start_worker, initargs=(workspace,)) as pool:
        try:
            for chunk in pool.map(_check_chunk, chunks):
                yield from chunk
                progress(len(chunk))
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise


_worker_workspace: Workspace  # set by _start_worker in each worker process


def _start_worker(workspace: Workspace) -> None:
    global _worker_workspace
    _worker_workspace = workspace
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle, once


def _check_chunk(paths: list[str]) -> list[Checked]:
    return [check_record(path, _worker_workspace.catalog) for path in paths]


# --- the index ---------------------------------------------------------------------


def code_version() -> str:
    """A hash of the core modules' source: rows written by other rules (another version) are not used."""
    digest = hashlib.sha256()
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.read_bytes())
    return digest.hexdigest()[:16]


class Index:
    """The rows of every record file pdbuilder has checked, keyed by folder and file name."""

    def __init__(self, path: Path | None) -> None:
        """Open (or make) the index at `path`; in memory, for this run only, without a path or when it cannot be."""
        self.path = path
        if path is None:
            self.db = self._open(None)
            return
        try:
            self.db = self._open(self.path)
        except (sqlite3.DatabaseError, OSError):
            self._rebuild()

    def _rebuild(self) -> None:
        """Start again from an empty index: the old one is corrupt, or not an index at all."""
        for suffix in ("", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        try:
            self.db = self._open(self.path)
        except (sqlite3.DatabaseError, OSError):
            self.db = self._open(None)  # no writable cache folder: an index for this run only

    def _open(self, path: Path | None) -> sqlite3.Connection:
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path or ":memory:", timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")  # readers and one writer at once
        db.execute("PRAGMA synchronous=NORMAL")  # a lost row is read again from its file
        for statement in _SCHEMA:
            db.execute(statement)
        version = code_version()
        stored = db.execute("SELECT value FROM meta WHERE key = 'code'").fetchone()
        if stored is None or stored[0] != version:
            with db:
                db.execute("BEGIN IMMEDIATE")
                db.execute("DROP TABLE records")  # its columns too may have changed
                db.execute("DROP TABLE listings")
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (version,))
        return db

    def close(self) -> None:
        self.db.close()

    def stale(self, folder: Path, files: list[RecordFile], keys: ClassKeys, whole: bool) -> list[RecordFile]:
        """The files whose rows are missing or out of date; rows of files no longer there are dropped.

        `files` are in name order; `whole` says they are every record of the folder.
        """
        try:
            return self._stale(folder, files, keys, whole)
        except sqlite3.DatabaseError:  # damaged since it was opened
            self.db.close()
            self._rebuild()
            return files

    def _stale(self, folder: Path, files: list[RecordFile], keys: ClassKeys, whole: bool) -> list[RecordFile]:
        where, params = _where(folder, files, whole)
        # Row by row, both in name order: memory stays flat in the number of records (a set of
        # 100,000 rows would take 50 MB more).
        stored = self.db.execute(
            f"SELECT name, mtime_ns, size, class_id, class_key FROM records WHERE {where} ORDER BY name",
            params,
        )
        stale, gone = [], []
        row = next(stored, None)
        for file in files:  # both in name order: one pass over each
            name = file.name
            while row is not None and row[0] < name:
                gone.append(row[0])
                row = next(stored, None)
            if row is not None and row[0] == name:
                if (row[1], row[2]) != file.stat or (row[4] is not None and keys[row[3]] != row[4]):
                    stale.append(file)
                row = next(stored, None)
            else:
                stale.append(file)
        while row is not None:
            gone.append(row[0])
            row = next(stored, None)
        if gone:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                self.db.executemany(
                    "DELETE FROM records WHERE folder = ? AND name = ?", [(_key(folder), n) for n in gone]
                )
                self.db.execute("DELETE FROM listings WHERE folder = ?", (_key(folder),))
        return stale

    def store(self, folder: Path, pairs: Iterable[tuple[RecordFile, Checked]], keys: ClassKeys) -> None:
        """Write the rows of freshly read records of `folder`, BATCH at a time."""
        batch = []
        for file, checked in pairs:
            batch.append(_row(folder, file, checked, keys))
            if len(batch) >= BATCH:
                self._write(batch)
                batch = []
        self._write(batch)

    def _write(self, rows: list[tuple[Any, ...]]) -> None:
        if rows:
            with self.db:
                self.db.execute("BEGIN IMMEDIATE")
                marks = ", ".join("?" * len(rows[0]))
                self.db.executemany(f"INSERT OR REPLACE INTO records VALUES ({marks})", rows)
                folders = {row[0] for row in rows}
                self.db.executemany("DELETE FROM listings WHERE folder = ?", [(f,) for f in folders])

    def listing(self, folder: Path, count: int = -1) -> list[Listed]:
        """The `count` (default: all) rows of `folder` with the latest `modified`, as lists show them, in one query
        (unchecked: their files may have changed)."""
        prefix = in_folder(folder)
        return [
            Listed._make((prefix + row[0], *row[1:9], None))
            if row[9] is None
            else Listed.unreadable(prefix + row[0], RecordError(row[9], prefix + row[0], row[10], row[11]))
            for row in self.db.execute(_LISTING, (_key(folder), count))
        ]

    def stored(self, folder: Path) -> Stored:
        """What the rows of `folder` were made from, to tell at once whether any is out of date."""
        try:
            kept = self.db.execute("SELECT stamps, specs FROM listings WHERE folder = ?", (_key(folder),))
            stamps, specs = next(kept, None) or self._stamps_and_specs(_key(folder))
        except sqlite3.DatabaseError:
            return Stored(None, [])  # `stale` rebuilds it
        return Stored(stamps or "", [tuple(spec) for spec in json.loads(specs)])

    def _stamps_and_specs(self, key: str) -> tuple[str | None, str]:
        (stamps,) = self.db.execute(
            "SELECT group_concat(stamp, char(10)) FROM records INDEXED BY by_newest WHERE folder = ?", (key,)
        ).fetchone()
        query = "SELECT DISTINCT class_id, class_key FROM records INDEXED BY by_newest WHERE folder = ?"
        specs = [spec for spec in self.db.execute(query, (key,)) if spec[1] is not None]
        return stamps, json.dumps(specs)

    def lines(self, folder: Path, titles: Mapping[str, str]) -> Lines:
        """Every row of `folder` as `Lines`, each class shown as `titles` names it: the listing kept
        whole while its rows and the titles are unchanged, else made in a few queries (the parts of
        each line were made when its row was stored) and kept."""
        db, key = self.db, _key(folder)
        kept = db.execute(
            "SELECT titles, names, text, drifted FROM listings WHERE folder = ?", (key,)
        ).fetchone()
        if kept is not None and json.loads(kept[0]) == {c: _title(titles, c) for c in json.loads(kept[0])}:
            return Lines(kept[1].split("/") if kept[1] else [], kept[2], kept[3])
        with db:
            db.execute("BEGIN IMMEDIATE")  # no row changes until the listing made of them is kept
            query = "SELECT DISTINCT class_id FROM records INDEXED BY by_newest WHERE folder = ?"
            shown = {
                class_id: _title(titles, class_id) for (class_id,) in db.execute(query, (key,)) if class_id
            }
            db.execute(
                "CREATE TEMP TABLE IF NOT EXISTS titles (id TEXT PRIMARY KEY, title TEXT) WITHOUT ROWID"
            )
            db.execute("DELETE FROM temp.titles")
            db.executemany("INSERT INTO temp.titles VALUES (?, ?)", shown.items())
            count, drifted, names, text = db.execute(_LINES, (key,)).fetchone()
            lines = Lines(names.split("/"), text, drifted) if count else Lines([], "", 0)
            db.execute(
                "INSERT OR REPLACE INTO listings VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    key,
                    json.dumps(shown),
                    *self._stamps_and_specs(key),
                    names or "",
                    lines.text,
                    lines.drifted,
                ),
            )
        return lines

    def unreadable(self, folder: Path) -> dict[str, RecordError]:
        """The records of `folder` that cannot be read: path -> why."""
        prefix = in_folder(folder)
        query = (
            "SELECT name, error, error_line, error_column FROM records INDEXED BY unreadable"
            " WHERE folder = ? AND error IS NOT NULL"
        )
        return {
            prefix + name: RecordError(error, prefix + name, line, column)
            for name, error, line, column in self.db.execute(query, (_key(folder),))
        }

    def numbered(self, folder: Path, numbers: list[str]) -> list[tuple[str, str]]:
        """(number, path) of the records of `folder` with these position numbers, in name order."""
        marks = ", ".join("?" * len(numbers))
        query = f"SELECT number, name FROM records WHERE folder = ? AND number IN ({marks}) ORDER BY name"
        prefix = in_folder(folder)
        return [(number, prefix + name) for number, name in self.db.execute(query, (_key(folder), *numbers))]

    def rows(
        self,
        folder: Path,
        files: list[RecordFile],
        whole: bool,
        only_problems: bool = False,
        alike: bool = False,
    ) -> Iterator[Checked]:
        """The stored rows of these files, in name order, each named under `folder` as given.

        `alike`: first one row for each set of readable records without drift that are alike in what
        `stats` counts (COUNTED; its other fields are one record's), then the others in name order.
        """
        where, params = _where(folder, files, whole)
        if only_problems:
            where += " AND (problems IS NOT NULL OR error IS NOT NULL)"
        prefix = in_folder(folder)
        if alike:
            plain = "error IS NULL AND drift IS NULL"
            query = f"SELECT {_COLUMNS}, count(*) FROM records WHERE {where} AND {plain} GROUP BY {COUNTED}"
            for row in self.db.execute(query, params):
                yield _checked(prefix + row[1], row, alike=row[-1])
            where += f" AND NOT ({plain})"
        for row in self.db.execute(f"SELECT {_COLUMNS} FROM records WHERE {where} ORDER BY name", params):
            yield _checked(prefix + row[1], row)


def _key(folder: Path) -> str:
    return os.path.abspath(folder)


def _where(folder: Path, files: list[RecordFile], whole: bool) -> tuple[str, tuple[str, ...]]:
    if whole:
        return "folder = ?", (_key(folder),)
    names = [file.name for file in files]
    return f"folder = ? AND name IN ({', '.join('?' * len(names))})", (_key(folder), *names)


def in_folder(folder: Path) -> str:
    """What goes before a file's name to make the path str(folder / name) gives: without a Path
    per file (100,000 of them take a second)."""
    return "" if folder == Path() else os.path.join(folder, "")


def _row(folder: Path, file: RecordFile, checked: Checked, keys: ClassKeys) -> tuple[Any, ...]:
    summary, error = checked.summary, checked.error
    return (
        _key(folder),
        file.name,
        *file.stat,
        summary.class_id if summary else None,
        keys[summary.class_id] if summary else None,  # an unreadable record has no class to change
        *(
            (summary.working_title, summary.number, summary.contributor_level, summary.agency, summary.status)
            if summary
            else (None,) * 5
        ),
        summary.modified.isoformat() if summary and summary.modified else None,
        summary.modified.timestamp() if summary and summary.modified else None,
        *((error.message, error.line, error.column) if error else (None, None, None)),
        json.dumps(checked.problems) if checked.problems else None,
        json.dumps([(c.kind, c.message, c.task_id) for c in checked.drift]) if checked.drift else None,
        json.dumps(summary.details) if summary else None,
        *_line_parts(folder, file, checked),
        file.stamp,
    )


def _line_parts(folder: Path, file: RecordFile, checked: Checked) -> tuple[str, str]:
    """A record's line in lists (`line_cells`) as two parts, before and after its class's title."""
    summary = checked.summary
    path = in_folder(folder) + file.name
    if summary is None:
        listed = Listed.unreadable(path, checked.error or PdbuilderError(""))
    else:
        listed = Listed.of(path, summary, drifted=bool(checked.drift))
    cells = [visible(cell) for cell in line_cells(listed, "")]
    return "\t".join(cells[:2]) + "\t", "\t" + "\t".join(cells[3:])


def _checked(path: str, row: tuple[Any, ...], alike: int = 1) -> Checked:  # a row as sqlite gives it
    (_, _, _, _, class_id, _, title, number, level, agency, status, modified, _, error, line, column) = row[
        :16
    ]
    if error is not None:
        return Checked(path, None, RecordError(error, path, line, column), (), ())
    details = tuple((key, value) for key, value in json.loads(row[18])) if row[18] else ()
    summary = Summary(
        title,
        number,
        class_id,
        level,
        agency,
        status,
        datetime.fromisoformat(modified) if modified else None,
        details,
    )
    found = tuple(json.loads(row[16])) if row[16] else ()
    changes = tuple(Drift(*change) for change in json.loads(row[17])) if row[17] else ()
    return Checked(path, summary, None, found, changes, alike)


# --- what the commands use -------------------------------------------------------------


def checked_records(
    paths: list[Path],
    workspace: Workspace,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
    only_problems: bool = False,
    alike: bool = False,
) -> Iterator[Checked]:
    """Every record named (folders expanded to the records they hold, in name order), checked.

    With the index (`workspace.use_index`), only new and changed files (and those whose class spec changed) are read, then
    the rows come from the index; without it every file is read. Either way, one record at a time:
    memory does not grow with the number of records. `progress` hears how many more records are
    settled; `only_problems` leaves out the records that have none; `alike` lets one row of the index
    stand for the records alike in what `stats` counts (`Index.rows`).
    """
    index = Index(cache_dir() / INDEX_FILE) if workspace.use_index else None
    keys = ClassKeys(workspace.catalog)
    try:
        for path in paths:
            whole = path.is_dir()
            if index is None:
                files = by_name(path) if whole else [_file_stat(path)]
                paths_read = [in_folder(path if whole else path.parent) + f.name for f in files]
                read = read_records(paths_read, workspace, jobs, progress)
                yield from (c for c in read if c.problems or c.error or not only_problems)
            elif whole:
                _update_folder(index, path, keys, workspace, jobs, progress)
                yield from index.rows(path, [], whole, only_problems, alike)
            else:
                files = [_file_stat(path)]
                _update(index, path.parent, files, whole, keys, workspace, jobs, progress)
                yield from index.rows(path.parent, files, whole, only_problems, alike)
    finally:
        if index is not None:
            index.close()


def numbered(numbers: list[str], workspace: Workspace) -> dict[str, list[Path]]:
    """The records of the positions folder with each of these position numbers (`diff 00041187 …`):
    from the index once the files it lacks are read; without it (`--no-index`), every record is read."""
    folder = workspace.positions_dir
    found: dict[str, list[Path]] = {number: [] for number in numbers}
    if not numbers or not folder.is_dir():
        return found
    index = Index(cache_dir() / INDEX_FILE if workspace.use_index else None)
    try:
        _update_folder(index, folder, ClassKeys(workspace.catalog), workspace)
        for number, path in index.numbered(folder, numbers):
            found[number].append(Path(path))
        return found
    finally:
        index.close()


def _update_folder(
    index: Index,
    folder: Path,
    keys: ClassKeys,
    workspace: Workspace,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> None:
    """Bring the rows of every record in `folder` up to date: at once when the index holds each as it is."""
    listed = stamps(folder)
    if index.stored(folder).current(listed, keys):
        progress(len(listed))
    else:
        _update(index, folder, sorted(map(record_file, listed)), True, keys, workspace, jobs, progress)


def _update(
    index: Index,
    folder: Path,
    files: list[RecordFile],
    whole: bool,
    keys: ClassKeys,
    workspace: Workspace,
    jobs: int | None = None,
    progress: Callable[[int], None] = lambda done: None,
) -> None:
    """Bring the rows of these files up to date: read the new and changed ones, drop those gone."""
    stale = index.stale(folder, files, keys, whole)
    progress(len(files) - len(stale))
    checked = read_records([in_folder(folder) + f.name for f in stale], workspace, jobs, progress)
    index.store(folder, zip(stale, checked, strict=True), keys)


def _file_stat(path: Path) -> RecordFile:
    try:
        info = path.stat()
    except OSError:
        return RecordFile(path.name, (-1, -1))  # reading it says why
    return RecordFile(path.name, (info.st_mtime_ns, info.st_size))
