"""Autosave of the position being edited, and what the offer to recover a draft says about it.

The app calls `Autosave.changed()` whenever its draft changes: a few seconds after the last change
the draft is written to the drafts folder (`pdbuilder.drafts`), so a crash or `kill -9` loses at
most those seconds. A draft with nothing unsaved in it (saved, changes discarded, editor closed)
is removed. Writes and removals run in order on one background thread: the fsync of a slow disk
never holds up typing, and a late write can never bring back a draft already removed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message
from textual.timer import Timer

from pdbuilder.display import visible
from pdbuilder.drafts import Draft, Drafts, new_draft_id
from pdbuilder.errors import PdbuilderError
from pdbuilder.model import Position
from pdbuilder.records import load_record

if TYPE_CHECKING:
    from pdbuilder.tui.app import PdbuilderApp

DELAY = 3.0  # seconds of quiet after a change before the draft is written
SHOWN_CHANGES = 8  # lines of "what the draft changes" in the recovery offer


class AutosaveFailed(Message):
    """A draft could not be written (posted from the writer thread)."""

    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class Autosave:
    def __init__(self, app: PdbuilderApp, drafts: Drafts) -> None:
        self.app = app
        self.drafts = drafts
        self.draft_id = new_draft_id()
        self.pending = False  # a change not written yet
        self.written = False  # a draft file exists for this editing session
        self._timer: Timer | None = None
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="autosave")
        self._closed = False

    def begin(self, draft_id: str | None = None) -> None:
        """A new editing session: a fresh draft, or the recovered one (`draft_id`) to keep writing over."""
        self._cancel()
        self.draft_id, self.written = draft_id or new_draft_id(), draft_id is not None

    def changed(self) -> None:
        """The app's draft changed: write it soon, or remove the draft file when nothing is unsaved."""
        self._cancel()
        if self.app.dirty:
            self.pending = True
            self._timer = self.app.set_timer(DELAY, self.write)
        elif self.written:
            self.discard()

    def write(self) -> None:
        self._cancel()
        app = self.app
        if app.draft is None:
            return
        self.written = True
        self._submit(self._save, self.draft_id, app.draft, app.record_path, app.stamp)

    def discard(self) -> None:
        """Remove the draft: its changes were saved, or given up on purpose."""
        self._cancel()
        self.written = False
        self._submit(self._remove, self.draft_id)

    def close(self) -> None:
        """On exit, however it comes: write what is pending and wait for the disk."""
        if self.pending:
            self.write()
        self._closed = True
        self._writer.shutdown(wait=True)

    def _submit(self, fn: Callable[..., None], *args: object) -> None:
        # After close (the app is going), a watcher may still report the draft cleared: the
        # draft file is then left for the next start to offer, rather than an error raised here.
        if not self._closed:
            self._writer.submit(fn, *args)

    def _cancel(self) -> None:
        self.pending = False
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _save(self, draft_id: str, position: Position, record: Path | None, stamp: str | None) -> None:
        try:
            self.drafts.save(draft_id, position, record, stamp)
        except (OSError, PdbuilderError) as exc:
            self.app.post_message(
                AutosaveFailed(f"{self.drafts.folder}: {getattr(exc, 'strerror', None) or exc}")
            )

    def _remove(self, draft_id: str) -> None:
        # A draft left behind is offered once more at the next start, where it can be discarded.
        with contextlib.suppress(OSError):
            self.drafts.discard(draft_id)


def draft_summary(draft: Draft, positions_dir: Path) -> str:
    """What the recovery offer says about a draft: what it is, when it was written, what it changes."""
    from pdbuilder.diff import diff_lines, diff_positions  # only when there is a draft: start-up stays quick

    title = draft.position.working_title or "(no working title)"
    when = draft.saved.astimezone().strftime("%Y-%m-%d %H:%M")
    if draft.record is None:
        return f"{title}\nA new position, never saved. Autosaved {when}."
    # The positions folder is known: name the record; one elsewhere by its whole path.
    record = draft.record.name if draft.record.parent == positions_dir.resolve() else draft.record
    lines = [f"{title}\nChanges to {record}, autosaved {when}."]
    try:
        on_disk = load_record(draft.record).position
    except PdbuilderError as exc:
        return lines[0] + f"\nThe record cannot be read now: {exc}"
    styled = diff_lines(diff_positions(on_disk, draft.position), "record", "draft")[2:]
    changes = [visible(text) for text, _ in styled if not text.startswith("Modified:")]
    shown = changes[:SHOWN_CHANGES] + (
        [f"… and {len(changes) - SHOWN_CHANGES} more"] if len(changes) > SHOWN_CHANGES else []
    )
    return (
        "\n".join([*lines, "", *shown])
        if shown
        else lines[0] + "\nThe record on disk already holds the same."
    )
