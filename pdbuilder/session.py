"""One editing session of a position: the draft, the record it came from, saving, and undo/redo.

Everything a person changes in the editor goes through `EditingSession.edit`, one function of the
draft at a time, so there is a single writer and every change is in the history: Ctrl+Z brings back
the draft before it, whichever step or key made it. Saving, saving as a new record, overwriting
someone else's save and reloading theirs are the session's too, so the rules about the file on
disk live in one place that tests drive without a terminal. No Textual here: the terminal UI shows
the session and sends it edits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pdbuilder.errors import PdbuilderError
from pdbuilder.listing import read_summary, record_files
from pdbuilder.model import Position, now, with_status
from pdbuilder.records import (
    ConflictError,
    file_stamp,
    free_record_path,
    load_record,
    record_name,
    save_position,
)

HISTORY = 500  # drafts kept for undo: far more than anyone undoes, a few hundred kilobytes at most


class NothingToSave(PdbuilderError):
    """A new position with nothing to name its record after (no number, title or class)."""


class NameTaken(ConflictError):
    """A new position whose number or record name another record already has."""


@dataclass(frozen=True)
class Step:
    """One entry of the history: the draft before a change, and what the change was."""

    before: Position
    label: str
    group: str | None  # edits of one group in a row (typing in one field) undo together


def record_numbered(folder: Path, number: str) -> Path | None:
    """The record in `folder` of the position numbered `number`, if any (unreadable ones are no match)."""
    if not number or not folder.is_dir():
        return None
    for record in record_files([folder]):
        try:
            if read_summary(record).number == number:
                return record
        except PdbuilderError:
            continue
    return None


def _content(position: Position) -> Position:
    """What counts as a change to a person: not the times a save stamps on the record."""
    return position.with_changes(created=None, modified=None)


class EditingSession:
    def __init__(
        self, position: Position, folder: Path, path: Path | None = None, stamp: str | None = None
    ) -> None:
        """`position` as read from `path` (stamp from `load_record`), or a new one (`path` None) for `folder`."""
        self.draft = position
        self.saved: Position | None = position if path else None  # the record as last read or written
        self._clean: Position | None = position  # a draft equal to this loses nothing when dropped
        self.folder = folder
        self.path = path  # where the draft is saved; None until a new position is first saved
        self.stamp = stamp  # the record's stamp as read or written, to notice someone else's save
        self._undo: list[Step] = []
        self._redo: list[Step] = []

    @classmethod
    def recovered(
        cls, position: Position, folder: Path, path: Path | None, stamp: str | None
    ) -> EditingSession:
        """A draft recovered after a crash: unsaved work, so nothing counts as saved until it is saved."""
        session = cls(position, folder, path, stamp)
        session.saved = session._clean = None
        return session

    @property
    def dirty(self) -> bool:
        return self._clean is None or _content(self.draft) != _content(self._clean)

    @cached_property
    def who(self) -> str:
        """Who is editing, as their status moves record it (their git identity, else their login name)."""
        from pdbuilder.history import identity  # runs git: only when a status moves

        return identity(self.folder)

    @property
    def name(self) -> str:
        return self.path.name if self.path else "this new position"

    # --- edits and their history ----------------------------------------------------------

    def edit(self, change: Callable[[Position], Position], label: str, group: str | None = None) -> bool:
        """Apply `change` to the draft; False when it changed nothing (and nothing is recorded).

        Edits with the same `group` in a row (each key typed into one field) are one step to undo.
        """
        new = change(self.draft)
        if new == self.draft:
            return False
        if self.draft.status == new.status == "approved" and _content(new) != _content(self.draft):
            # A changed approval no longer holds: a draft again, the move recorded (and undone with the change).
            new = with_status(new, "draft", self.who, now())
            label = f"{label} (the approved position is a draft again)"
        last = self._undo[-1] if self._undo else None
        if group is None or last is None or last.group != group or self._redo:
            self._undo.append(Step(self.draft, label, group))
            del self._undo[:-HISTORY]
        self._redo.clear()
        self.draft = new
        return True

    @property
    def undo_label(self) -> str | None:
        return self._undo[-1].label if self._undo else None

    @property
    def redo_label(self) -> str | None:
        return self._redo[-1].label if self._redo else None

    def undo(self) -> str | None:
        """Bring back the draft before the last change; its label, or None when there is none."""
        return self._travel(self._undo, self._redo)

    def redo(self) -> str | None:
        """Make the last undone change again; its label, or None when there is none."""
        return self._travel(self._redo, self._undo)

    def _travel(self, source: list[Step], target: list[Step]) -> str | None:
        if not source:
            return None
        step = source.pop()
        target.append(Step(self.draft, step.label, None))  # never merged with the next edit
        self.draft = step.before
        return step.label

    # --- the record on disk --------------------------------------------------------------------

    def save(self, *, as_new: bool = False, overwrite: bool = False) -> Path:
        """Write the draft to its record and return the path.

        A new position gets a record named after it; ConflictError when the record changed on disk
        since it was read (NameTaken when a new record's name is another record's): then the caller
        asks, and saves again `as_new` (a free name beside it) or with `overwrite`. The history
        stays: an edit saved can still be undone.
        """
        position = self.draft.with_changes(modified=now(), created=self.draft.created or now())
        if self.path is None and not as_new and not overwrite:
            if not (position.number or position.working_title or position.class_id):
                raise NothingToSave("nothing to save yet: choose a class first (step 1)")
            path = self.folder / record_name(position)
            if path.exists():
                raise NameTaken(f"another record already has this name; {path.name} not overwritten", path)
            if other := record_numbered(self.folder, position.number):
                raise NameTaken(f"position {position.number} already has a record, {other.name}", other)
            expected = None
        elif as_new:
            path, expected = free_record_path(self.folder, position), None
        else:
            path = self.path or self.folder / record_name(position)
            expected = file_stamp(path) if overwrite else self.stamp
        self.stamp = save_position(position, path, expected)
        self.path, self.saved, self._clean, self.draft = path, position, position, position
        return path

    def reload(self) -> None:
        """Replace the draft with the record as it is on disk now (someone else's save); undoable."""
        if self.path is None:
            raise PdbuilderError("a new position has no record to reload")
        loaded = load_record(self.path)
        if loaded.position != self.draft:
            self.edit(lambda _: loaded.position, "reload the record from disk")
        self.saved = self._clean = self.draft = loaded.position
        self.stamp = loaded.stamp
