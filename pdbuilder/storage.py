"""Files on disk, safely: clear errors on bad input, TOML in and out, atomic replacement on write.

Every writer goes through `atomic_write`: records, catalogs, drafts and Word documents alike.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
import tomllib
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, NoReturn

import tomli_w

if sys.platform == "win32":  # no flock: there saves check and replace without the folder lock
    fcntl = None
else:
    import fcntl

from pdbuilder.errors import PdbuilderError

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
_CONFLICT_MARKER = re.compile(r"^<{7}(?: |$)", re.MULTILINE)
# Far deeper than any record or catalog nests, shallow enough that nothing recursing over the data
# (tomllib itself, hashing, JSON, tomli-w) runs out of stack.
MAX_NESTING = 32


def read_bytes(path: Path, error: type[PdbuilderError] = PdbuilderError) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error("no such file", path) from None
    except IsADirectoryError:
        raise error("is a folder, not a file", path) from None
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror}", path) from None


def decode_text(
    data: bytes, path: Path, error: type[PdbuilderError] = PdbuilderError, kind: str = "TOML"
) -> str:
    """A file's text, refusing what is not UTF-8 text with one clear message."""
    if not data.strip():
        raise error("file is empty", path)
    if b"\x00" in data:
        raise error(f"binary file, not {kind} text", path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise error(f"not UTF-8 text (byte 0x{data[exc.start]:02x})", path, line) from None


def parse_toml(text: str, path: Path, error: type[PdbuilderError] = PdbuilderError) -> dict[str, Any]:
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise error(f"invalid TOML: nested more than {MAX_NESTING} levels deep", path) from None
    except tomllib.TOMLDecodeError as exc:
        if conflict := _CONFLICT_MARKER.search(text):  # a merge left both sides in the file
            raise error(
                "unresolved git merge conflict (<<<<<<< … >>>>>>>): keep the right lines, "
                "delete the markers, then run `pdbuilder check`",
                path,
                text.count("\n", 0, conflict.start()) + 1,
            ) from None
        message = str(exc)
        found = _TOML_POSITION.search(message)
        if not found:
            raise error(f"invalid TOML: {message}", path) from None
        detail = message[: found.start()]
        raise error(
            f"invalid TOML: {detail[0].lower()}{detail[1:]}", path, int(found[1]), int(found[2])
        ) from None
    if _nesting(data) > MAX_NESTING:
        raise error(f"invalid TOML: nested more than {MAX_NESTING} levels deep", path)
    return data


def _nesting(data: dict[str, Any]) -> int:
    """How deep tables and arrays nest, counted without recursion (the point is to refuse deep data)."""
    deepest = 0
    stack: list[tuple[dict[str, Any] | list[Any], int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        deepest = max(deepest, depth)
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def read_toml(path: Path, error: type[PdbuilderError] = PdbuilderError) -> tuple[dict[str, Any], str]:
    """The parsed table and the source text (kept to point at lines in later messages)."""
    text = decode_text(read_bytes(path, error), path, error)
    return parse_toml(text, path, error), text


def line_of(text: str, key: str, table: str | None = None, index: int | None = 0) -> int | None:
    """The line where `key = ...` is written, inside the index-th `[[table]]` when a table is named
    (inside the single `[table]` when index is None).

    Only for keys written `key = value` (as pdbuilder writes them), not dotted or inline keys.
    """
    lines = text.splitlines()
    start = 0
    if table is not None:
        header = f"[{table}]" if index is None else f"[[{table}]]"
        headers = [n for n, line in enumerate(lines) if line.strip() == header]
        if (index or 0) >= len(headers):
            return None
        start = headers[index or 0]
    pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
    for number in range(start, len(lines)):
        if number > start and table is not None and lines[number].lstrip().startswith("["):
            break
        if pattern.match(lines[number]):
            return number + 1
    # A key missing from a [[table]] entry: point at the entry's header.
    return start + 1 if table is not None else None


def dumps(scalars: dict[str, Any], tables: dict[str, list[dict[str, Any]]]) -> str:
    """TOML with each array of tables written as `[[name]]` blocks, however short its entries.

    tomli-w picks inline or block form by line length; writing each entry ourselves keeps the
    file's shape stable, so diffs in git show only what changed.
    """
    parts = [tomli_w.dumps(scalars)]
    for name, entries in tables.items():
        for entry in entries:
            values = {key: value for key, value in entry.items() if not isinstance(value, dict)}
            parts.append(f"\n[[{name}]]\n" + tomli_w.dumps(values))
            # A sub-table belongs to the entry above it only when its header names the array too.
            for key, value in entry.items():
                if isinstance(value, dict):
                    parts.append(f"\n[{name}.{_toml_key(key)}]\n" + tomli_w.dumps(value))
    return "".join(parts)


def _toml_key(key: str) -> str:
    """A key as TOML writes it, quoted when it must be."""
    return tomli_w.dumps({key: 0}).removesuffix(" = 0\n")


def updated_toml(old_text: str, new_text: str) -> str:
    """`new_text`'s data written into `old_text`, keeping the old file's comments and layout.

    For files edited by hand: a key whose value did not change stays exactly as it was written
    (comments, inline tables, spacing), a changed value is replaced in place (its line's trailing
    comment kept), a key the new data lacks is removed and a new key is added to its table.
    tomlkit (round-trip editing) is imported only here, when such a file is saved. ValueError
    when it cannot edit the old text.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        document = tomlkit.parse(old_text)
        _update_table(document, tomlkit.parse(new_text))
        return tomlkit.dumps(document)
    except TOMLKitError as exc:
        raise ValueError(f"tomlkit cannot edit it: {exc}") from exc


def _update_table(old: MutableMapping[str, Any], new: Mapping[str, Any]) -> None:
    from tomlkit.items import AoT

    for key in [key for key in old if key not in new]:
        del old[key]
    for key, value in new.items():
        current = old.get(key)
        if isinstance(current, MutableMapping) and isinstance(value, Mapping):
            _update_table(current, value)
        elif isinstance(current, AoT) and isinstance(value, AoT):
            old[key] = _updated_entries(current, value)
        elif current is None or _plain(current) != _plain(value):
            old[key] = value


def _updated_entries(old: Any, new: Any) -> Any:
    """An array of tables (`[[tasks]]`) with each new entry written into the old entry it matches,
    so a comment stays with its task when others are added, removed or moved."""
    from tomlkit.items import AoT

    unused = list(old)
    entries = []
    for entry in new:
        match = _matching_entry(unused, entry)
        if match is None:
            entries.append(entry)
        else:
            unused.remove(match)
            _update_table(match, entry)
            entries.append(match)
    return AoT(entries)


def _matching_entry(candidates: list[Any], entry: Mapping[str, Any]) -> Any:
    """The candidate holding the same entry: equal, else the same `id`, else the same `text`."""
    plain = _plain(entry)
    tests: tuple[Callable[[Any], bool], ...] = (
        lambda c: _plain(c) == plain,
        lambda c: "id" in entry and _plain(c.get("id")) == _plain(entry["id"]),
        lambda c: "text" in entry and _plain(c.get("text")) == _plain(entry["text"]),
    )
    for same in tests:
        found = next((c for c in candidates if same(c)), None)
        if found is not None:
            return found
    return None


def _plain(value: object) -> object:
    """A tomlkit value as plain Python, to compare what a key holds whatever its layout."""
    unwrap = getattr(value, "unwrap", None)
    return unwrap() if unwrap else value


def atomic_write(path: Path, content: str | bytes, durable: bool = True, replace: bool = True) -> None:
    """Replace `path` with `content` so that readers see the old file or the new one, never a part.

    `durable` waits until the disk has it; files that can be made again (documents) skip that wait.
    With `replace` false an existing file is kept and FileExistsError raised: the complete file is
    linked under its name, which fails if the name is taken, in one step (no check-then-write race).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.chmod(temp_name, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        if replace:
            os.replace(temp_name, path)
        else:
            os.link(temp_name, path)
            os.unlink(temp_name)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise


@contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the folder's lock: pdbuilder processes that check a file before replacing it take turns.

    An advisory lock (flock) on the folder itself, so no lock file is left among the records; the
    system drops it when the process ends, killed or not.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@contextmanager
def sole_writer(folder: Path, what: str) -> Iterator[None]:
    """Be the only pdbuilder `what` (e.g. "build") writing into `folder`, or PdbuilderError at once.

    A lock file, removed when done; the system drops the lock of a killed process, and the next
    run takes over the file it left.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:
        yield
        return
    lock_path = folder / f".pdbuilder-{what}.lock"
    while True:
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise PdbuilderError(
                f"another {what} is writing into this folder; try again when it is done", folder
            ) from None
        try:
            if os.stat(lock_path).st_ino == os.fstat(fd).st_ino:
                break
        except FileNotFoundError:
            pass
        os.close(fd)  # the run before removed the file as this one opened it: lock the new one
    try:
        yield
    finally:
        lock_path.unlink(missing_ok=True)
        os.close(fd)


def _mode_for(path: Path) -> int:
    """Keep an existing file's permissions; give a new one the usual umask-based ones."""
    try:
        return path.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a decimal number",
    bool: "true or false",
    list: "a list",
    dict: "a table",
    datetime: "a date and time",
    date: "a date",
    time: "a time of day",
}


class Fields:
    """Typed access to one TOML table, with errors that name the file, the line and the key."""

    def __init__(
        self,
        data: dict[str, Any],
        path: Path,
        text: str,
        error: type[PdbuilderError],
        table: str | None = None,
        index: int | None = 0,
    ) -> None:
        self.data, self.path, self.text, self.error = data, path, text, error
        self.table, self.index = table, index

    def fail(self, key: str, message: str) -> NoReturn:
        """Raise the error for `key` of this table, at its line, the key named as the file writes it
        (quoted where it holds a space or a line break: the message stays one line)."""
        key = _toml_key(key)
        line = line_of(self.text, key, self.table, self.index)
        where = (
            ""
            if not self.table
            else f"{self.table}."
            if self.index is None
            else f"{self.table}[{self.index + 1}]."
        )
        raise self.error(f"{where}{key} {message}", self.path, line)

    def get(self, key: str, kind: type, default: Any = None) -> Any:
        if key not in self.data:
            if default is None:
                self.fail(key, "is missing")
            return default
        value = self.data[key]
        if _describe(value) != _TYPE_NAMES[kind]:
            self.fail(key, f"must be {_TYPE_NAMES[kind]}, not {_describe(value)}")
        return value

    def text_list(self, key: str, default: list[str] | None = None) -> tuple[str, ...]:
        values = self.get(key, list, default)
        for value in values:
            if not isinstance(value, str):
                self.fail(key, f"must be a list of text, but holds {_describe(value)}")
        return tuple(values)

    def tables(self, key: str) -> list[Fields]:
        values = self.get(key, list, [])
        for value in values:
            if not isinstance(value, dict):
                self.fail(key, f"must be a list of tables ([[{key}]]), but holds {_describe(value)}")
        return [Fields(value, self.path, self.text, self.error, key, n) for n, value in enumerate(values)]

    def subtable(self, key: str) -> Fields:
        """A single sub-table (`[name]`), its errors named `name.key`."""
        written = _toml_key(key)
        name = f"{self.table}.{written}" if self.table else written
        return Fields(self.get(key, dict), self.path, self.text, self.error, name, None)

    def others(self, known: set[str]) -> dict[str, Any]:
        return {k: v for k, v in self.data.items() if k not in known}


def _describe(value: object) -> str:
    # bool is an int and datetime a date in Python; TOML keeps them apart and so do we.
    for kind in (bool, datetime):
        if isinstance(value, kind):
            return _TYPE_NAMES[kind]
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), type(value).__name__)
