"""Messages widgets send up to the app, which owns the position being edited."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from pdbuilder.model import Position


class Edit(Message):
    """A wish to change the draft, as a function of the draft at the moment the app applies it.

    A function rather than a new Position: two quick keystrokes each build on the other's result
    instead of on the same stale draft.
    """

    def __init__(self, change: Callable[[Position], Position]) -> None:
        super().__init__()
        self.change = change
