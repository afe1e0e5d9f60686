"""Position records: one TOML file per position, read with tomllib and written with tomli-w.

The format is documented in docs/position-format.md. Keys this version does not know are kept
and written back, so a record made by a newer tool or by hand loses nothing here.
"""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from pdbuilder import settings
from pdbuilder.errors import PdbuilderError, RecordError
from pdbuilder.listing import RECORD_SUFFIX
from pdbuilder.model import DETAILS, Position, PositionTask, RecordField, SpecVersion, StatusChange, slugify
from pdbuilder.storage import (
    Fields,
    atomic_write,
    decode_text,
    dumps,
    folder_lock,
    parse_toml,
    read_bytes,
    updated_toml,
)

SCHEMA_VERSION = 1

_TASK_KEYS = {"id", "text", "percent", "essential"}
_TOP_KEYS = {
    "schema_version",
    "class_id",
    "contributor_level",
    "status",
    "created",
    "modified",
    "extra_requirements",
    "tasks",
    "spec",
    "status_changes",
    *(detail.name for detail in DETAILS),
}
_STATUS_CHANGE_KEYS = {"status", "by", "at"}
_SPEC_PARTS = ("minimum_requirements", "level_of_work", "contributor_levels")


class ConflictError(RecordError):
    """The record on disk is not the one the caller read: someone else saved it meanwhile."""


@dataclass(frozen=True)
class Loaded:
    """A record as read, with the stamp of the bytes it came from, to detect later changes on disk."""

    position: Position
    stamp: str


def stamp_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_stamp(path: Path) -> str | None:
    """The stamp of the file as it is now; None when there is no file."""
    try:
        return stamp_of(path.read_bytes())
    except FileNotFoundError:
        return None


def load_record(path: Path) -> Loaded:
    data = read_bytes(path, RecordError)
    return Loaded(parse_record(data, path), stamp_of(data))


def parse_record(data: bytes, path: Path) -> Position:
    """A record from its bytes (a file's, or an older version's from git); errors name `path`."""
    text = decode_text(data, path, RecordError)
    return position_from_data(parse_toml(text, path, RecordError), path, text)


def read_position(path: Path) -> Position:
    return load_record(path).position


def position_from_data(data: dict[str, Any], path: Path, text: str = "") -> Position:
    top = Fields(data, path, text, RecordError)
    if "schema_version" not in data:
        raise RecordError("not a pdbuilder position record: schema_version is missing", path)
    version = top.get("schema_version", int)
    if version > SCHEMA_VERSION:
        raise RecordError(
            f"schema_version {version} is newer than this pdbuilder reads ({SCHEMA_VERSION}); upgrade pdbuilder",
            path,
        )
    if version < 1:
        raise RecordError(f"schema_version {version} is not a known version", path)
    return Position(
        class_id=top.get("class_id", str),
        **{detail.name: _read_detail(top, detail) for detail in DETAILS},
        contributor_level=top.get("contributor_level", str, ""),
        status=top.get("status", str, "draft"),
        created=_optional(top, "created", datetime),
        modified=_optional(top, "modified", datetime),
        extra_requirements=top.text_list("extra_requirements", []),
        tasks=tuple(_read_task(t) for t in top.tables("tasks")),
        status_changes=tuple(_read_status_change(c) for c in top.tables("status_changes")),
        spec=_read_spec(top.subtable("spec")) if "spec" in data else None,
        extras=top.others(_TOP_KEYS),
    )


def _read_detail(top: Fields, detail: RecordField) -> Any:
    if detail.kind == "list":
        return top.text_list(detail.name, [])
    if detail.kind == "date":
        return _optional(top, detail.name, date)
    return top.get(detail.name, str, "")


def _read_spec(spec: Fields) -> SpecVersion:
    """The [spec] table. Its `hash` is not read: it is derived from the parts, and rewritten on save."""
    tasks = spec.subtable("tasks")
    return SpecVersion(
        class_id=spec.get("class_id", str),
        tasks={task_id: tasks.get(task_id, str) for task_id in tasks.data},
        **{part: spec.get(part, str) for part in _SPEC_PARTS},
    )


def _optional(fields: Fields, key: str, kind: type) -> Any:
    return fields.get(key, kind) if key in fields.data else None


def _read_status_change(fields: Fields) -> StatusChange:
    return StatusChange(
        status=fields.get("status", str),
        by=fields.get("by", str),
        at=fields.get("at", datetime),
        extras=fields.others(_STATUS_CHANGE_KEYS),
    )


def _read_task(fields: Fields) -> PositionTask:
    return PositionTask(
        text=fields.get("text", str),
        class_task_id=_optional(fields, "id", str),
        percent=_optional(fields, "percent", int),
        essential=fields.get("essential", bool, False),
        extras=fields.others(_TASK_KEYS),
    )


def position_to_data(position: Position) -> dict[str, Any]:
    """The record as plain data: what the TOML file holds, key for key."""
    data = {
        "schema_version": SCHEMA_VERSION,
        "class_id": position.class_id,
        **{
            detail.name: list(value) if detail.kind == "list" else value
            for detail in DETAILS
            if (value := getattr(position, detail.name)) != detail.empty or detail.always_written
        },
        "contributor_level": position.contributor_level,
        "status": position.status,
    }
    # TOML has no null: an unset time is left out rather than invented.
    data.update({k: v for k in ("created", "modified") if (v := getattr(position, k)) is not None})
    data["extra_requirements"] = list(position.extra_requirements)
    data.update({k: v for k, v in position.extras.items() if k not in data})
    data["tasks"] = [_task_table(t) for t in position.tasks]
    if position.status_changes:
        data["status_changes"] = [
            {"status": c.status, "by": c.by, "at": c.at, **c.extras} for c in position.status_changes
        ]
    if position.spec is not None:
        data["spec"] = _spec_table(position.spec)
    return data


def position_to_toml(position: Position) -> str:
    data = position_to_data(position)
    tables = {"tasks": data.pop("tasks"), "status_changes": data.pop("status_changes", [])}
    spec = data.pop("spec", None)
    text = dumps(data, tables)
    # The spec version is bookkeeping: it goes last, after what people read and edit.
    return text + "\n" + dumps({"spec": spec}, {}) if spec else text


def _spec_table(spec: SpecVersion) -> dict[str, Any]:
    return {
        "hash": spec.hash,
        "class_id": spec.class_id,
        **{part: getattr(spec, part) for part in _SPEC_PARTS},
        "tasks": dict(spec.tasks),
    }


def _task_table(task: PositionTask) -> dict[str, Any]:
    table: dict[str, Any] = {"id": task.class_task_id} if task.class_task_id is not None else {}
    table["text"] = task.text
    if task.percent is not None:
        table["percent"] = task.percent
    if task.essential:
        table["essential"] = True
    table.update({k: v for k, v in task.extras.items() if k not in table})
    return table


_UNCHECKED = "unchecked"


def save_position(
    position: Position, path: Path, expected_stamp: str | None = _UNCHECKED, commit: bool | None = None
) -> str:
    """Write the record atomically and return its new stamp.

    The old file stays whole until the new one is complete. With `expected_stamp` (the stamp from
    `load_record`, or None for "there must be no file yet"), a record that changed on disk since
    it was read is not overwritten: ConflictError says so instead. With `commit` (by default the
    user's setting, pdbuilder.settings), the saved record is committed to git on its own; what
    stops that (no repository, no identity) is known before anything is written.
    """
    place = None
    if commit if commit is not None else settings.current().commit:
        from pdbuilder.history import prepare_commit  # git only when commits are on

        place = prepare_commit(path)
    text = position_to_toml(position)
    try:
        # The check and the write are one step for every pdbuilder: another cannot save in between.
        with folder_lock(path.parent):
            if expected_stamp not in (_UNCHECKED, None) and file_stamp(path) != expected_stamp:
                raise ConflictError("changed on disk since it was opened; not overwritten", path)
            if expected_stamp is not None:
                text = _keeping_hand_edits(path, text)
            atomic_write(path, text, replace=expected_stamp is not None)
            if place is not None:
                _commit(place, position, path)
    except FileExistsError:
        raise ConflictError("already exists; not overwritten", path) from None
    except OSError as exc:
        raise RecordError(f"cannot save: {exc.strerror or exc}", path) from None
    return stamp_of(text.encode("utf-8"))


def _keeping_hand_edits(path: Path, text: str) -> str:
    """`text` written into the record on disk when that was edited by hand, so its comments and
    the layout of keys pdbuilder does not know survive the save (docs/position-format.md).

    A record exactly as pdbuilder writes it (or none, or one that cannot be read) gets `text` itself.
    """
    try:
        data = path.read_bytes()
        old_text = data.decode("utf-8")
        if position_to_toml(parse_record(data, path)) == old_text:
            return text
        updated = updated_toml(old_text, text)
    except (OSError, ValueError, PdbuilderError):  # ValueError: not UTF-8, or tomlkit cannot edit it
        return text
    # The record's data is what was asked for, whatever the old layout was.
    return updated if tomllib.loads(updated) == tomllib.loads(text) else text


def _commit(place: Any, position: Position, path: Path) -> None:
    from pdbuilder.history import GitError, commit_record

    try:
        commit_record(place, position)
    except GitError as exc:
        raise RecordError(f"saved, but not committed: {exc.message}", path) from None


def record_name(position: Position) -> str:
    """The file name a new record gets: its number, else its working title, made file-safe."""
    return f"{slugify(position.number or position.working_title or position.class_id) or 'position'}{RECORD_SUFFIX}"


def free_record_path(folder: Path, position: Position) -> Path:
    """Where to save a new record in `folder` without replacing another: `name.toml`, `name-2.toml`, ..."""
    path = folder / record_name(position)
    count = 1
    while path.exists():
        count += 1
        path = folder / f"{Path(record_name(position)).stem}-{count}{RECORD_SUFFIX}"
    return path
