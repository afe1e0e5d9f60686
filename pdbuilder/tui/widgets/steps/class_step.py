"""Step 1: the class the position is built on, searched over the whole catalog."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import Input, Static

from pdbuilder.display import visible
from pdbuilder.model import ClassRef, Position, with_class
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.widgets.quick_table import Column, QuickTable, Row, SearchBox
from pdbuilder.tui.widgets.steps.base import Step

DESCRIBE_DELAY = 0.12  # seconds


class ClassTable(QuickTable):
    BINDING_GROUP_TITLE = "Class list"
    BINDINGS = [Binding("enter", "select", "Choose class")]


def class_info(ref: ClassRef) -> Text:
    """What a person needs to pick a class: where it sits, its concept, level of work and requirements."""
    group, job_class = ref.group, ref.job_class
    facts = [
        f"{name}: {value}"
        for name, value in (
            ("Occupational role", job_class.occupational_role),
            ("Pay plan", job_class.pay_plan),
            ("Pay grade", job_class.pay_grade),
        )
        if value
    ]
    parts = [
        (job_class.title, "bold"),
        (f"  ({job_class.code})" if job_class.code else "", ""),
        (f"\n{group.class_group} · {group.occupational_group}\n", "italic"),
        (" · ".join(facts) + "\n", ""),
    ]
    for heading, body in (("Concept", group.concept), ("Level of work", job_class.level_of_work)):
        if body:
            parts += [(f"\n{heading}\n", "bold"), (body + "\n", "")]
    if job_class.minimum_requirements:
        parts += [
            ("\nMinimum requirements\n", "bold"),
            ("".join(f"• {item}\n" for item in job_class.minimum_requirements), ""),
        ]
    return Text.assemble(*((visible(part), style) for part, style in parts))


class ClassStep(Step):
    KEY, TITLE, FIRST = "class", "Class", "#class-filter"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._shown_class: str | None = None  # the class the list's cursor was last put on
        self._describe_timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(
            "Choose the class this position is built on: type to search, ↑↓ to move, Enter to choose.",
            classes="step-help",
        )
        yield Static(id="current-class", markup=False)
        with Horizontal(id="class-body"):
            with Vertical(id="class-picker"):
                yield SearchBox(
                    "class-table", placeholder="Search code, title or class group", id="class-filter"
                )
                yield ClassTable(
                    [Column("Code", 6), Column("Title", 12, 3), Column("Class group", 10, 2)],
                    empty="No class matches the search.",
                    id="class-table",
                )
            with VerticalScroll(id="class-info-scroll"):
                yield Static(id="class-info")

    def on_mount(self) -> None:
        catalog = self.app.catalog
        rows = (
            [
                Row(ref.id, (ref.job_class.code, ref.job_class.title, ref.group.class_group))
                for ref in catalog.classes
            ]
            if catalog
            else []
        )
        self.query_one(QuickTable).set_rows(rows)

    def show(self, position: Position, ref: ClassRef | None) -> None:
        current = self.query_one("#current-class", Static)
        if ref is not None:
            current.update(f"Current class: {ref.job_class.title} ({ref.group.class_group})")
        elif position.class_id:
            current.update(
                f"This record's class {position.class_id!r} is not in the catalog: choose a class."
            )
        else:
            current.update("No class chosen yet.")
        current.set_class(ref is None, "-warning")
        if position.class_id != self._shown_class and ref is not None:
            self.query_one(QuickTable).move_to_key(ref.id)
        self._shown_class = position.class_id

    @on(QuickTable.Highlighted, "#class-table")
    def describe_soon(self, event: QuickTable.Highlighted) -> None:
        # While a person types, the list follows every key; the description (long, wrapped text
        # that costs a layout) waits until the typing pauses.
        if self._describe_timer is not None:
            self._describe_timer.stop()
        self._describe_timer = self.set_timer(DESCRIBE_DELAY, lambda: self.describe(event.key))

    def describe(self, class_id: str | None) -> None:
        ref = self.app.catalog.get(class_id) if class_id and self.app.catalog else None
        self.query_one("#class-info", Static).update(class_info(ref) if ref else "")

    @on(Input.Submitted, "#class-filter")
    @on(QuickTable.Selected, "#class-table")
    def choose(self, event: Input.Submitted | QuickTable.Selected) -> None:
        event.stop()
        catalog = self.app.catalog
        if catalog is None:
            return
        ref = catalog.get(self.query_one(QuickTable).highlighted_key or "")
        if ref is None:
            return
        self.post_message(
            Edit(
                lambda position: with_class(position, ref, catalog.get(position.class_id)),
                f"choose class {ref.job_class.title}",
            )
        )
        self.post_message(self.Done())
