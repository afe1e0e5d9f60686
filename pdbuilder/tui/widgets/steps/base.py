"""What every editor step shares."""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import getters
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget

from pdbuilder.model import ClassRef, Position, moved, removed, replaced
from pdbuilder.tui.app import PdbuilderApp
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.screens.dialogs import TextDialog
from pdbuilder.tui.widgets.item_list import ItemList


def items_added(name: str, item: str, texts: Sequence[str]) -> Edit:
    """Adding `texts` to the draft's list `name` of `item`s ("requirement"); how many, when several (a paste)."""
    several = len(texts) > 1
    return Edit(
        lambda p: p.with_changes(**{name: (*getattr(p, name), *texts)}),
        f"add {len(texts)} {item}s" if several else f"add a {item}",
        notice=f"{len(texts)} {item}s added" if several else None,
    )


class Step(Vertical):
    """One step of the editor: shows the draft it is given and reports changes as `Edit` messages."""

    app = getters.app(PdbuilderApp)  # the app, typed: its editing session, catalog and flows

    KEY: ClassVar[str]  # the step's id in the editor
    TITLE: ClassVar[str]  # its name in the sidebar
    FIRST: ClassVar[str] = "*"  # where a person starts on it: the first focusable widget this selects

    focus_on_mount = False  # composed when first shown: whether the editor focuses it once mounted
    on_ready: Callable[[Step], None] | None = None  # told when mounted (with the draft shown)

    class Done(Message):
        """The step's work is done (e.g. a class was chosen): the editor moves on to the next step."""

    @classmethod
    def widget_types(cls) -> list[type[Widget]]:
        """The kinds of widget the step is made of, as its module names them: their keys, before it is composed."""
        named = vars(sys.modules[cls.__module__]).values()
        return [
            kind
            for kind in named
            if isinstance(kind, type) and issubclass(kind, Widget) and not issubclass(kind, Step | Screen)
        ]

    def on_mount(self) -> None:
        if self.app.draft is not None:
            self.show(self.app.draft, self.ref_of(self.app.draft))
        if self.on_ready is not None:  # in this handler: nothing sees it mounted but not yet shown
            self.on_ready(self)

    def show(self, position: Position, ref: ClassRef | None) -> None:
        """Bring the widgets up to date with the draft (called whenever it changes while shown)."""

    def typing_in(self, widget: Widget) -> bool:
        """Whether a person is typing in `widget`: it may be keys ahead of the draft, and a view
        writing the draft's (older) value into it would scramble what they type next."""
        return widget.has_focus and self.app.draft_typed

    def focus_first(self) -> None:
        """Put the focus where a person starts on this step."""
        first = next((widget for widget in self.query(self.FIRST) if widget.focusable), None)
        if first is not None:
            first.focus()

    def ref_of(self, position: Position) -> ClassRef | None:
        return self.app.ref_of(position)

    def edit_list(
        self, event: ItemList.Request, name: str, item: str, add_title: str, placeholder: str
    ) -> None:
        """Make the change a person asked of the draft's list `name` (add, edit, remove, move up or down).

        `item` names one of its items ("requirement"); add and edit ask for the text in a dialog.
        """
        index, items = event.index, getattr(self.app.editing.draft, name)

        def change(
            label: str, new_items: Callable[[tuple[str, ...]], tuple[str, ...]], notice: str | None = None
        ) -> None:
            self.post_message(
                Edit(lambda p: p.with_changes(**{name: new_items(getattr(p, name))}), label, notice=notice)
            )

        if event.action == "add":

            def add(texts: Sequence[str]) -> None:
                event.items.follow = len(getattr(self.app.editing.draft, name))
                self.post_message(items_added(name, item, texts))

            def add_one(text: str | None) -> None:
                if text:
                    add([text])

            self.app.push_screen(TextDialog(add_title, placeholder=placeholder, several=add), add_one)
        elif index is None:  # the list asks about an item only with one highlighted
            return
        elif event.action == "edit":

            def edit(text: str | None) -> None:
                if text:
                    change(f"edit {item} {index + 1}", lambda items: replaced(items, index, text))

            self.app.push_screen(TextDialog(f"{item.capitalize()} {index + 1}", items[index]), edit)
        elif event.action == "remove":
            notice = f"{item.capitalize()} {index + 1} removed"
            change(f"remove {item} {index + 1}", lambda items: removed(items, index), notice)
        else:
            offset = -1 if event.action == "up" else 1
            change(f"move {item} {index + 1} {event.action}", lambda items: moved(items, index, offset))
