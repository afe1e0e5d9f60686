"""The dialog for one task of a position: its share of time, essential mark, and own wording."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.validation import Function, ValidationResult, Validator
from textual.widgets import Checkbox, Input, Label, Static

from pdbuilder.model import PositionTask, parse_percent
from pdbuilder.tui.screens.dialogs import Form, TextField, required


class PercentRule(Validator):
    """The model's rule for a share of time, with its reason shown under the field."""

    def validate(self, value: str) -> ValidationResult:
        try:
            parse_percent(value)
        except ValueError as exc:
            return self.failure(str(exc).capitalize() + ".")
        return self.success()


class SpaceCheckbox(Checkbox, inherit_bindings=False):
    """A checkbox Space ticks; Enter is left to the dialog (OK), as in its text fields."""

    BINDINGS = [Binding("space", "toggle_button", "Toggle", show=False)]


class TaskDialog(Form[PositionTask]):
    """A task's share of time and essential mark, and the text of a position's own task."""

    def __init__(self, task: PositionTask, title: str) -> None:
        super().__init__()
        self.position_task, self.title_text = task, title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.position_task.is_custom:
                yield Label("Task text")
                yield TextField(
                    self.position_task.text,
                    id="text",
                    validators=[Function(required, "Text is required.")],
                )
                yield Static(id="text-problem", classes="problem")
            else:
                yield Static(self.position_task.text, classes="dialog-message", markup=False)
                yield Static(
                    "(the class specification's wording; add an own task to word it differently)",
                    classes="hint",
                )
            yield Label("Percent of time (blank for none)")
            yield TextField(
                "" if self.position_task.percent is None else str(self.position_task.percent),
                id="percent",
                validators=[PercentRule()],
            )
            yield Static(id="percent-problem", classes="problem")
            yield SpaceCheckbox(
                "Essential function", self.position_task.essential, id="essential", compact=True
            )
            yield from self.buttons()

    def on_mount(self) -> None:
        for problem in self.query(".problem"):
            problem.display = False
        self.query(Input).first().focus()

    def result(self) -> PositionTask:
        texts = self.query("#text")
        text = texts.first(Input).value.strip() if texts else self.position_task.text
        return replace(
            self.position_task,
            text=text,
            percent=parse_percent(self.query_one("#percent", Input).value),
            essential=self.query_one("#essential", Checkbox).value,
        )
