"""Step 3: the class's minimum requirements (read-only) and the position's own extra requirements."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from pdbuilder.display import visible
from pdbuilder.model import ClassRef, Position, moved, removed, replaced
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.screens.dialogs import TextDialog
from pdbuilder.tui.widgets.item_list import ItemList
from pdbuilder.tui.widgets.steps.base import Step


class RequirementsStep(Step):
    KEY, TITLE, FIRST = "requirements", "Requirements", "#extra-requirements"

    def compose(self) -> ComposeResult:
        yield Static(
            "The class's minimum requirements apply to every position; add what this one needs beyond them.",
            classes="step-help",
        )
        with Vertical(classes="panel", id="class-requirements-panel"):
            yield Label(
                "Minimum requirements of the class (from the class specification)", classes="panel-title"
            )
            with VerticalScroll():
                yield Static(id="class-requirements")
        with Vertical(classes="panel", id="extra-requirements-panel"):
            yield Label("Additional requirements of this position", classes="panel-title")
            yield ItemList("None yet: press a to add one.", id="extra-requirements")

    def show(self, position: Position, ref: ClassRef | None) -> None:
        items = ref.job_class.minimum_requirements if ref else ()
        listed = (
            "\n".join(f"• {visible(item)}" for item in items)
            or "Choose a class to see its minimum requirements."
        )
        self.query_one("#class-requirements", Static).update(Text(listed))
        self.query_one(ItemList).show_items(
            [
                Text.assemble((f"{n:>2}. ", "dim"), visible(text))
                for n, text in enumerate(position.extra_requirements, 1)
            ]
        )

    @on(ItemList.Request, "#extra-requirements")
    def change(self, event: ItemList.Request) -> None:
        index, items = event.index, self.app.editing.draft.extra_requirements
        if event.action == "add":

            def add(text: str | None) -> None:
                if text:
                    event.items.follow = len(self.app.editing.draft.extra_requirements)
                    self.post_message(
                        Edit(
                            lambda p: p.with_changes(extra_requirements=(*p.extra_requirements, text)),
                            "add a requirement",
                        )
                    )

            self.app.push_screen(
                TextDialog("An additional requirement", placeholder="e.g. Valid driver license."), add
            )
            return
        if index is None:  # the list asks about an item only with one highlighted
            return
        if event.action == "edit":

            def edit(text: str | None) -> None:
                if text:
                    self.post_message(
                        Edit(
                            lambda p: p.with_changes(
                                extra_requirements=replaced(p.extra_requirements, index, text)
                            ),
                            f"edit requirement {index + 1}",
                        )
                    )

            self.app.push_screen(TextDialog(f"Requirement {index + 1}", items[index]), edit)
        elif event.action == "remove":
            self.post_message(
                Edit(
                    lambda p: p.with_changes(extra_requirements=removed(p.extra_requirements, index)),
                    f"remove requirement {index + 1}",
                    notice=f"Requirement {index + 1} removed",
                )
            )
        else:
            offset = -1 if event.action == "up" else 1
            self.post_message(
                Edit(
                    lambda p: p.with_changes(extra_requirements=moved(p.extra_requirements, index, offset)),
                    f"move requirement {index + 1} {event.action}",
                )
            )
