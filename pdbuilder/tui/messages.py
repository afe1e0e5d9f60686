"""Messages widgets send up to the app, which holds the editing session of the position."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pdbuilder.model import Position


class Edit(Message):
    """A wish to change the draft, as a function of the draft at the moment the session applies it.

    A function rather than a new Position: two quick keystrokes each build on the other's result
    instead of on the same stale draft. `label` names the change for undo ("untick every class
    task"); edits of one `group` in a row (keys typed into one field) are undone together.
    `typed` says the focused widget already shows the change (a person typed or ticked it there):
    the views leave that widget alone, as by the time the draft changes it may be keys ahead.
    `notice`, when given, is said to the person: what a single key just did, and how to undo it.
    """

    def __init__(
        self,
        change: Callable[[Position], Position],
        label: str,
        *,
        group: str | None = None,
        typed: bool = False,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self.change, self.label, self.group, self.typed, self.notice = change, label, group, typed, notice
