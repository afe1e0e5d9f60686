"""The dialog for one task of a position: its share of time, essential mark, and own wording."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.validation import ValidationResult, Validator
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from pdbuilder.model import PositionTask, parse_percent
from pdbuilder.tui.screens.dialogs import Form, ItemsPasted, TextField, pasted_items
from pdbuilder.tui.widgets.typed_text_area import TypedTextArea


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


class TaskText(TypedTextArea):
    """A task's text, soft-wrapped on as many lines as it takes; Enter is the dialog's OK.

    With `several` (adding a task), several lines pasted are as many tasks (`ItemsPasted`)."""

    def __init__(self, text: str, several: bool, **kwargs: Any) -> None:
        super().__init__(text, one_paragraph=True, compact=True, **kwargs)
        self.several = several

    async def _on_paste(self, event: events.Paste) -> None:
        if self.several:  # else TypedTextArea's own handler, next in line, joins the lines into one
            pasted_items(self, event)


class TaskDialog(Form[PositionTask]):
    """A task's share of time and essential mark, and the text of a position's own task.

    `several`, when adding a task: what adds several at once, when several lines are pasted into
    its text (the dialog then closes; the text typed before comes first)."""

    def __init__(
        self, task: PositionTask, title: str, several: Callable[[list[str]], None] | None = None
    ) -> None:
        super().__init__()
        self.position_task, self.title_text, self.several = task, title, several

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            if self.position_task.is_custom:
                yield Label("Task text")
                yield TaskText(self.position_task.text, several=self.several is not None, id="text")
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
        for area in self.query(TaskText):  # the cursor after the text, as in a one-line field
            area.move_cursor(area.document.end)
        self.query("#text, #percent").first().focus()

    def _text(self) -> str:
        texts = self.query("#text")
        return texts.first(TextArea).text.strip() if texts else self.position_task.text

    @on(TextArea.Changed, "#text")
    def _text_given(self) -> bool:
        """Whether the task has a text; if not, the dialog says so under it."""
        given = bool(self._text())
        problem = self.query_one("#text-problem", Static)
        problem.update("" if given else "Text is required.")
        problem.display = not given
        return given

    def _all_valid(self) -> bool:
        fields_valid = super()._all_valid()  # first: every field shows its problem
        return (not self.query("#text") or self._text_given()) and fields_valid

    @on(ItemsPasted)
    def add_each(self, event: ItemsPasted) -> None:
        event.stop()
        if self.several is not None:
            typed = self._text()
            self.several([typed, *event.lines] if typed else event.lines)
            self.dismiss(None)

    def result(self) -> PositionTask:
        text = self._text()
        return replace(
            self.position_task,
            text=text,
            percent=parse_percent(self.query_one("#percent", Input).value),
            essential=self.query_one("#essential", Checkbox).value,
        )
