"""Modal dialogs: a question with a few answers, an error, and forms (one line of text here)."""

from __future__ import annotations

from typing import Any, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import Function
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


class TextField(TypedInput):
    """A dialog's text: compact, and it keeps its words when one starts typing (Input selects all on focus)."""

    def __init__(self, value: str = "", **kwargs: Any) -> None:
        super().__init__(value, compact=True, select_on_focus=False, **kwargs)


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
    """One line of text: a requirement, or the text of a position's own task."""

    def __init__(self, title: str, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self.title_text, self.value, self.placeholder = title, value, placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield TextField(
                self.value,
                placeholder=self.placeholder,
                id="text",
                validators=[Function(required, "Text is required.")],
            )
            yield Static(id="text-problem", classes="problem")
            yield from self.buttons()

    def on_mount(self) -> None:
        self.query_one("#text-problem").display = False

    def result(self) -> str:
        return self.query_one("#text", Input).value.strip()
