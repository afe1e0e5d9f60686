"""A positions folder at a glance: its record files, newest first, and the top of each record.

A table of positions needs a few top-level keys of each record, and a record keeps those before
its first table (`[[tasks]]`, `[spec]`). Parsing only that part is several times faster than
reading the whole record, and this module imports no model code: the terminal UI lists the
newest positions on its first frame, before the rest of pdbuilder is loaded.
"""

from __future__ import annotations

import os
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

from pdbuilder.errors import RecordError
from pdbuilder.storage import decode_text, parse_toml, read_bytes

RECORD_SUFFIX = ".toml"
# How lists of positions show what a record lacks or what befell it.
UNTITLED = "(no title)"
UNREADABLE = "unreadable"  # the status of a record that cannot be read
DRIFT_MARK = "⚠ "  # before the status: a position whose class spec changed since it was built

_FIRST_TABLE = re.compile(r"^[ \t]*\[", re.MULTILINE)


class RecordFile(NamedTuple):
    name: str  # the file's name in its folder (a Path for each of 100,000 files costs a second)
    stat: tuple[int, int]  # modification time (ns) and size: a file that changed has another

    @property
    def stamp(self) -> str:
        """The file as one string, as `stamps` gives it."""
        return f"{self.name}/{self.stat[0]}/{self.stat[1]}"


class Summary(NamedTuple):
    """What a row of positions shows of a record."""

    working_title: str
    number: str
    class_id: str
    contributor_level: str
    agency: str
    status: str
    modified: datetime | None
    # What `stats` counts of its other fields (stats.detail_counts); empty where only listed.
    details: tuple[tuple[str, str], ...] = ()


def _is_record_name(name: str) -> bool:
    """A record's file name: `.toml`, not hidden (temporary files of atomic saves are)."""
    return name.endswith(RECORD_SUFFIX) and not name.startswith(".")


def record_files(paths: list[Path]) -> list[Path]:
    """The record files named, with folders expanded to the records they hold."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob(f"*{RECORD_SUFFIX}") if _is_record_name(p.name))
        else:
            found.append(path)
    return found


def stamps(folder: Path) -> list[str]:
    """The records in `folder` (not hidden ones), each as one string "name/mtime_ns/size"
    (`RecordFile.stamp`), in the folder's own order: the index compares 100,000 of them at once (a
    file name holds no "/")."""
    with os.scandir(folder) as entries:
        return [
            f"{entry.name}/{info.st_mtime_ns}/{info.st_size}"
            for entry in entries
            if _is_record_name(entry.name) and entry.is_file()
            for info in [entry.stat()]
        ]


def record_file(stamp: str) -> RecordFile:
    name, mtime_ns, size = stamp.rsplit("/", 2)
    return RecordFile(name, (int(mtime_ns), int(size)))


def by_name(folder: Path) -> list[RecordFile]:
    """The records in `folder` (not hidden ones) with their stat, in name order (as `record_files` lists them)."""
    return sorted(map(record_file, stamps(folder)))


def newest_first(folder: Path) -> list[RecordFile]:
    """The records in `folder` (not hidden ones), the most recently written first."""
    return sorted(by_name(folder), key=lambda record: (record.stat[0], record.name), reverse=True)


def read_summary(path: Path) -> Summary:
    """The top-level keys of a record; RecordError when it is not readable TOML.

    Only the text before the first table header is parsed. A cut inside a multi-line string or
    array leaves it unclosed, so that text is not valid TOML: then the whole record is parsed.
    The values are not checked against the record format; `load_record` does that.
    """
    text = decode_text(read_bytes(path, RecordError), path, RecordError)
    first_table = _FIRST_TABLE.search(text)
    try:
        data = tomllib.loads(text[: first_table.start()] if first_table else text)
    except tomllib.TOMLDecodeError:
        data = parse_toml(text, path, RecordError)

    def text_of(key: str, default: str = "") -> str:
        value = data.get(key, default)
        return value if isinstance(value, str) else default

    modified = data.get("modified")
    return Summary(
        text_of("working_title"),
        text_of("number"),
        text_of("class_id"),
        text_of("contributor_level"),
        text_of("agency"),
        text_of("status", "draft"),
        modified if isinstance(modified, datetime) else None,
    )
