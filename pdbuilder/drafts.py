"""Autosaved drafts: the position being edited, kept outside the record until it is saved.

A draft is written every few seconds of change and on exit, so a crash or `kill -9` loses at most
those seconds; on the next start it is offered for recovery. Drafts are personal, so they live in
the user's state folder, not in a (possibly shared) positions folder.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from pdbuilder.errors import PdbuilderError, RecordError
from pdbuilder.model import Position, now
from pdbuilder.records import position_from_data, position_to_data
from pdbuilder.storage import Fields, atomic_write, dumps, read_toml

DRAFTS_ENV = "PDBUILDER_DRAFTS"
_DRAFT_KEY = "draft"  # the table that says whose draft this is; the rest is the record


def default_drafts_dir() -> Path:
    if os.environ.get(DRAFTS_ENV):
        return Path(os.environ[DRAFTS_ENV])
    state = os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state"
    return Path(state) / "pdbuilder" / "drafts"


@dataclass(frozen=True)
class Draft:
    id: str
    position: Position
    record: Path | None  # the record it will be saved to; None for a position never saved
    base_stamp: str | None  # the record's stamp when editing began, to detect changes meanwhile
    saved: datetime
    writer: tuple[str, int] | None = None  # host and process id of the pdbuilder that wrote it

    def in_use(self) -> bool:
        """Still being written by another pdbuilder running on this machine: not left by a crash."""
        if self.writer is None or self.writer[0] != socket.gethostname() or self.writer[1] == os.getpid():
            return False
        return _running(self.writer[1])


def _running(pid: int) -> bool:
    if Path("/proc/self/stat").exists():  # Linux: a killed process not yet reaped (a zombie) is not running
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rpartition(") ")[2][:1]
        except OSError:
            return False
        return state not in ("Z", "X", "")
    try:
        os.kill(pid, 0)  # signal 0 only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def new_draft_id() -> str:
    return uuid.uuid4().hex[:12]


class Drafts:
    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, draft_id: str) -> Path:
        return self.folder / f"{draft_id}.toml"

    def save(self, draft_id: str, position: Position, record: Path | None, base_stamp: str | None) -> None:
        data = position_to_data(position)
        tasks = data.pop("tasks")
        meta = {
            "record": str(record.resolve()) if record else "",
            "base_stamp": base_stamp or "",
            "saved": now(),
            "host": socket.gethostname(),
            "pid": os.getpid(),
        }
        atomic_write(self._path(draft_id), dumps({**data, _DRAFT_KEY: meta}, {"tasks": tasks}))

    def discard(self, draft_id: str) -> None:
        self._path(draft_id).unlink(missing_ok=True)

    def all(self) -> tuple[list[Draft], list[PdbuilderError]]:
        """Every readable draft, newest first, and an error for each one that could not be read."""
        drafts, errors = [], []
        for path in sorted(self.folder.glob("*.toml")) if self.folder.is_dir() else []:
            try:
                drafts.append(self._read(path))
            except PdbuilderError as exc:
                errors.append(exc)
        drafts.sort(key=lambda d: d.saved, reverse=True)
        return drafts, errors

    def _read(self, path: Path) -> Draft:
        data, text = read_toml(path, RecordError)
        meta = Fields(data.pop(_DRAFT_KEY, {}), path, text, RecordError, _DRAFT_KEY)
        record = meta.get("record", str, "")
        return Draft(
            id=path.stem,
            position=position_from_data(data, path, text),
            record=Path(record) if record else None,
            base_stamp=meta.get("base_stamp", str, "") or None,
            saved=meta.get("saved", datetime),
            writer=(meta.get("host", str), meta.get("pid", int)) if "pid" in meta.data else None,
        )
