"""Modal dialogs: a question with a few answers, an error, and forms (one line of text here)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.validation import Function
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static
from textual.widgets.button import ButtonVariant

from pdbuilder.tui.widgets.typed_input import TypedInput


class Choice(ModalScreen[str | None]):
    """A question with buttons; dismissed with the chosen button's id, or None on Escape."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(
        self, title: str, message: str, choices: list[tuple[str, str, ButtonVariant]], error: bool = False
    ) -> None:
        """`choices` are (id, label, variant) for each button; the first one has the focus."""
        super().__init__(classes="dialog-screen")
        self.title_text, self.message, self.choices, self.error = title, message, choices, error

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog" + (" -error" if self.error else "")):
            yield Label(self.title_text, classes="dialog-title")
            yield Static(self.message, classes="dialog-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for choice_id, label, variant in self.choices:
                    yield Button(label, id=choice_id, variant=variant)

    def on_mount(self) -> None:
        self.query(Button).first().focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id)


def error_dialog(title: str, message: str) -> Choice:
    return Choice(title, message, [("ok", "OK", "primary")], error=True)


class ItemsPasted(Message):
    """Several lines pasted into the text of an item being added: each line is an item of its own."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__()
        self.lines = lines


def pasted_items(field: Widget, event: events.Paste) -> bool:
    """Tell the dialog `ItemsPasted` when `event` pastes several lines (True), rather than one item."""
    lines = [line.strip() for line in event.text.splitlines() if line.strip()]
    if len(lines) < 2:
        return False
    event.stop()
    event.prevent_default()
    field.post_message(ItemsPasted(lines))
    return True


class TextField(TypedInput):
    """A dialog's text: compact, and it keeps its words when one starts typing (Input selects all on focus).

    With `several`, it adds items: several lines pasted are as many items (`ItemsPasted`), not one line."""

    def __init__(self, value: str = "", several: bool = False, **kwargs: Any) -> None:
        super().__init__(value, compact=True, select_on_focus=False, **kwargs)
        self.several = several

    def _on_paste(self, event: events.Paste) -> None:
        if self.several:  # else TypedInput's own handler, next in line, joins the lines into one
            pasted_items(self, event)


def required(value: str) -> bool:
    return bool(value.strip())


_Result = TypeVar("_Result")


class Form(ModalScreen[_Result | None]):
    """A dialog with inputs that are checked as one types; Enter saves when all are valid."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel"), Binding("enter", "ok", "OK", show=False)]

    def action_ok(self) -> None:
        if self._all_valid():
            self.dismiss(self.result())

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def buttons(self) -> ComposeResult:
        with Horizontal(classes="dialog-buttons"):
            yield Button("OK", id="ok", variant="primary")
            yield Button("Cancel", id="cancel")

    @on(Input.Changed)
    def show_problem(self, event: Input.Changed) -> None:
        self._show(event.input)

    def _show(self, field: Input) -> bool:
        result = field.validate(field.value)
        problem = self.query_one(f"#{field.id}-problem", Static)
        reasons = result.failure_descriptions if result else []
        problem.update(" ".join(reasons))
        problem.display = bool(reasons)
        return not reasons

    def _all_valid(self) -> bool:
        shown = [self._show(field) for field in self.query(Input)]  # every field shows its problem
        return all(shown)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def submit(self, event: Input.Submitted | Button.Pressed) -> None:
        event.stop()
        if self._all_valid():
            self.dismiss(self.result())

    @on(Button.Pressed, "#cancel")
    def cancel(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def result(self) -> _Result:
        raise NotImplementedError


class TextDialog(Form[str]):
    """One line of text: a requirement, or the text of a position's own task.

    `several`, for a dialog that adds an item: what adds several at once, when several lines are
    pasted (the dialog then closes; what was typed before comes first)."""

    def __init__(
        self,
        title: str,
        value: str = "",
        placeholder: str = "",
        several: Callable[[list[str]], None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder, self.several = title, value, placeholder, several

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextField(
                self.value,
                several=self.several is not None,
                placeholder=self.placeholder,
                id="text",
                validators=[Function(required, "Text is required.")],
            )
            yield Static(id="text-problem", classes="problem")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text-problem").display = False

    @on(ItemsPasted)
    def add_each(self, event: ItemsPasted) -> None:
        event.stop()
        if self.several is not None:
            typed = self.query_one("#text", Input).value.strip()
            self.several([typed, *event.lines] if typed else event.lines)
            self.dismiss(None)

    def result(self) -> str:
        return self.query_one("#text", Input).value.strip()
