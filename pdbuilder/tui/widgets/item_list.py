"""An ordered list a person edits by key: add, edit, move and remove items."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from pdbuilder.display import visible
from pdbuilder.tui.widgets.list_keys import OwnKeysFirst


class ItemList(OwnKeysFirst, OptionList):
    """Reports what a person asks for (`Request`); the step that owns the list makes the change."""

    BINDING_GROUP_TITLE = "Additional requirements"

    BINDINGS = [
        Binding("a,insert", "request('add')", "Add"),
        Binding("enter,e", "request('edit')", "Edit"),
        Binding("d,delete", "request('remove')", "Remove"),
        # Out of the footer, so that Save, Generate and Close stay in it at 80 columns (F1 lists them).
        Binding("shift+up,ctrl+up", "request('up')", "Move up", show=False),
        Binding("shift+down,ctrl+down", "request('down')", "Move down", show=False),
    ]

    class Request(Message):
        def __init__(self, items: ItemList, action: str, index: int | None) -> None:
            super().__init__()
            self.items, self.action, self.index = items, action, index

        @property
        def control(self) -> ItemList:
            return self.items

    def __init__(self, empty: str, title: str | None = None, **kwargs: Any) -> None:
        """`empty`: what it shows with no item; `title`: the list's name in the help (F1)."""
        super().__init__(**kwargs)
        self.empty = empty
        if title:
            self.BINDING_GROUP_TITLE = title
        self.follow: int | None = None  # where the cursor goes at the next update (after a move)
        self.prompts_shown: list[Text] | None = None  # the prompts as last shown

    def action_request(self, action: str) -> None:
        index = self.highlighted
        if index is None:
            if action != "add":  # only adding needs no item
                return
        elif action in ("up", "down"):  # the cursor goes with the moved item (show_items keeps it in range)
            self.follow = max(0, index + (-1 if action == "up" else 1))
        self.post_message(self.Request(self, action, index))
        if action in ("add", "edit"):  # the step opens a dialog: what is typed next is its text
            self.hand_keys_to_dialog()

    def show_items(self, prompts: list[Text]) -> None:
        """Show new prompts, keeping the cursor where it was (or where a move sent it)."""
        was = self.follow if self.follow is not None else self.highlighted
        self.follow = None
        if (
            prompts == self.prompts_shown
        ):  # the draft changes at every key typed elsewhere: nothing to lay out again
            if prompts and was is not None:
                self.highlighted = min(was, len(prompts) - 1)
            return
        self.prompts_shown = prompts
        if not prompts:
            self.set_options([Option(Text(self.empty, style="italic"), disabled=True)])
            return
        self.set_options(prompts)
        self.highlighted = min(was or 0, len(prompts) - 1)


def numbered(texts: Iterable[str]) -> list[Text]:
    """Items as a list shows them: numbered, control characters made visible."""
    return [Text.assemble((f"{n:>2}. ", "dim"), visible(text)) for n, text in enumerate(texts, 1)]
