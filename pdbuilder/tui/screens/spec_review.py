"""Reviewing a position against its class spec or another record: sync changes one by one, compare."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Checkbox, Label, Static

from pdbuilder.display import visible
from pdbuilder.drift import Change, change_lines
from pdbuilder.tui.widgets.bars import KeyBar, TitleBar
from pdbuilder.tui.widgets.quick_table import Column, Prepared, QuickTable, Row, SearchBox

# The styles `drift.change_lines` and `diff.diff_lines` name, as theme colours.
STYLES = {
    "removed": "$text-error",
    "added": "$text-success",
    "changed": "$text-warning",
    "heading": "bold",
    None: "",
}
CLASS_SPEC = "class"  # the picker's key for "the position's own class spec"


def styled(lines: Iterable[tuple[str, str | None]], indent: str = "") -> Content:
    """(text, style) lines as one block of text; user text stays literal (no markup)."""
    return Content("\n").join(Content.styled(indent + visible(text), STYLES[style]) for text, style in lines)


class SyncScreen(ModalScreen[list[Change] | None]):
    """Each change of the class spec with a checkbox: ticked ones are applied, the rest stay pending."""

    BINDINGS = [
        Binding("a", "apply", "Apply ticked"),
        Binding("escape", "dismiss(None)", "Cancel"),
    ]

    def __init__(self, changes: list[Change], name: str) -> None:
        super().__init__(classes="dialog-screen")
        self.changes, self.record_name = changes, name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="sync"):
            yield Label(f"Sync {self.record_name} with its class spec", classes="dialog-title")
            yield Static(
                "Tab moves between changes, Space ticks or unticks one; unticked ones are declined and "
                "reported again by check. The position's own tasks, requirements and marks are kept.",
                classes="hint",
            )
            with VerticalScroll(id="sync-changes"):
                for n, change in enumerate(self.changes):
                    yield Checkbox(Content(visible(change.message)), True, id=f"change-{n}", compact=True)
                    yield Static(styled(change_lines(change), "    "), classes="change-lines")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Apply ticked (a)", id="apply", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query(Checkbox).first().focus()

    @on(Button.Pressed, "#apply")
    def action_apply(self) -> None:
        self.dismiss(
            [
                change
                for n, change in enumerate(self.changes)
                if self.query_one(f"#change-{n}", Checkbox).value
            ]
        )

    @on(Button.Pressed, "#cancel")
    def cancel(self) -> None:
        self.dismiss(None)


class ComparePicker(ModalScreen[str | None]):
    """What to compare a position with: its class spec, or another record (filtered as one types)."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, name: str, columns: Sequence[Column], rows: list[Row] | Prepared) -> None:
        super().__init__(classes="dialog-screen")
        self.record_name, self.columns, self.rows = name, columns, rows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="compare-picker"):
            yield Label(f"Compare {self.record_name} with…", classes="dialog-title")
            yield SearchBox("compare-with", placeholder="Search: title, number, class…", id="compare-search")
            yield QuickTable(self.columns, empty="No other positions.", id="compare-with")

    def on_mount(self) -> None:
        self.query_one(QuickTable).set_rows(self.rows)
        self.query_one(SearchBox).focus()  # type to filter, ↑ ↓ to move, Enter to choose

    @on(SearchBox.Submitted, "#compare-search")
    def search_done(self, event: SearchBox.Submitted) -> None:
        event.stop()
        if key := self.query_one(QuickTable).highlighted_key:
            self.dismiss(key)

    @on(QuickTable.Selected, "#compare-with")
    def chosen(self, event: QuickTable.Selected) -> None:
        event.stop()
        self.dismiss(event.key)


class CompareScreen(Screen[None]):
    """A comparison to read and scroll through."""

    BINDING_GROUP_TITLE = "Compare"
    BINDINGS = [Binding("escape,q", "dismiss", "Close")]

    def __init__(self, title: str, lines: list[tuple[str, str | None]]) -> None:
        super().__init__()
        self.heading, self.lines = title, lines

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="compare-scroll"):
            yield Static(styled(self.lines), id="compare-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title, self.sub_title = "Compare", self.heading
        self.query_one("#compare-scroll").focus()
