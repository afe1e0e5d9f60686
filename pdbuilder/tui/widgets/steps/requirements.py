"""Step 3: the class's minimum requirements (read-only) and the position's own extra requirements."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from pdbuilder.display import visible
from pdbuilder.model import ClassRef, Position
from pdbuilder.tui.widgets.item_list import ItemList, numbered
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
        self.query_one(ItemList).show_items(numbered(position.extra_requirements))

    @on(ItemList.Request, "#extra-requirements")
    def change(self, event: ItemList.Request) -> None:
        self.edit_list(
            event,
            "extra_requirements",
            "requirement",
            "An additional requirement",
            placeholder="e.g. Valid driver license.",
        )
