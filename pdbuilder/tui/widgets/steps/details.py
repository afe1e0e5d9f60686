"""Step 5: the position's own details, checked as one types with the reason shown."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.validation import ValidationResult, Validator
from textual.widget import Widget
from textual.widgets import Input, Label, Select, Static

from pdbuilder.model import (
    DETAILS,
    STATUS_MOVES,
    STATUSES,
    ClassRef,
    Position,
    field_problem,
    now,
    with_status,
)
from pdbuilder.tui.messages import Edit
from pdbuilder.tui.widgets.steps.base import Step
from pdbuilder.tui.widgets.typed_input import TypedInput

# Fields with a fixed set of values, shown as a Select rather than free text: the values they may take.
CHOICES = {
    **{d.name: d.choices for d in DETAILS if d.choices},
    "status": STATUSES,
}
FIELDS = [(d.name, d.label, d.required) for d in DETAILS if d.kind == "line"] + [("status", "Status", False)]
LABELS = {name: label for name, label, _ in FIELDS}


def _choices(name: str, value: str) -> list[tuple[str, str]]:
    """The field's choices, with a value from a hand-edited record that is none of them: shown, not lost.

    The status offers where it can move from where it is: each move is recorded (who, when)."""
    values = (value, *STATUS_MOVES.get(value, ("draft",))) if name == "status" else CHOICES[name]
    known = [(choice.capitalize() or "Not set", choice) for choice in values]
    if value in CHOICES[name]:
        return known
    invalid = (f"{value} (not a valid value)", value)
    return [invalid, *known[1:]] if name == "status" else [*known, invalid]


class FieldRule(Validator):
    """The model's rule for one field, its reason shown under the field."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name = name

    def validate(self, value: str) -> ValidationResult:
        problem = field_problem(self.name, value)
        return self.failure(problem.capitalize() + ".") if problem else self.success()


class DetailsStep(Step):
    KEY, TITLE = "details", "Details"

    def compose(self) -> ComposeResult:
        self._offered: dict[str, list[tuple[str, str]]] = {}  # each Select's choices as last set
        yield Static("The position's own details. * marks a required field.", classes="step-help")
        with VerticalScroll(id="details-form", can_focus=False):
            for name, label, required in FIELDS:
                with Horizontal(classes="field"):
                    yield Label(label + (" *" if required else ""), classes="field-label")
                    if name in CHOICES:
                        # Made with the draft's value: a Select announces its first value, which must not overwrite the record's.
                        value = getattr(self.app.draft, name)
                        self._offered[name] = _choices(name, value)
                        yield Select(
                            self._offered[name],
                            value=value,
                            allow_blank=False,
                            id=f"field-{name}",
                            compact=True,
                        )
                    else:
                        yield TypedInput(
                            id=f"field-{name}",
                            validators=[FieldRule(name)],
                            compact=True,
                            select_on_focus=False,  # arriving at a field, the next key must not replace it
                        )
                if name not in CHOICES:
                    yield Static(id=f"problem-{name}", classes="problem")

    def show(self, position: Position, ref: ClassRef | None) -> None:
        for name, _, _ in FIELDS:
            value = getattr(position, name)
            if name in CHOICES:
                select = self.query_one(f"#field-{name}", Select)
                choices = _choices(name, value)
                if (select.value != value or self._offered.get(name) != choices) and not self.typing_in(
                    select
                ):
                    self._offered[name] = choices
                    select.set_options(choices)
                    select.value = value
                continue
            field = self.query_one(f"#field-{name}", Input)
            if self.typing_in(field):
                continue  # it shows what was typed, its problem included
            if field.value != value:
                with field.prevent(Input.Changed):  # the draft's own value: no edit to echo back
                    field.value = value
            self._show_problem(name, value)

    def _show_problem(self, name: str, value: str) -> None:
        problem = field_problem(name, value)
        widget = self.query_one(f"#problem-{name}", Static)
        widget.update(problem.capitalize() + "." if problem else "")
        widget.display = bool(problem)

    @on(Input.Changed)
    def typed(self, event: Input.Changed) -> None:
        name, value = _field_name(event.input), event.value
        self._show_problem(name, value)
        label = f"typing in {LABELS[name]}"
        self.post_message(Edit(lambda p: p.with_changes(**{name: value}), label, group=name, typed=True))

    @on(Select.Changed)
    def picked(self, event: Select.Changed) -> None:
        name, value = _field_name(event.select), event.value
        if not isinstance(value, str):
            return
        label = f"{LABELS[name]}: {value or 'not set'}"
        if name == "status":  # a move, recorded; the choices then change with it
            who = self.app.editing.who
            self.post_message(Edit(lambda p: _moved(p, value, who), label))
        else:
            self.post_message(Edit(lambda p: p.with_changes(**{name: value}), label, typed=True))


def _field_name(widget: Widget) -> str:
    """The field of the record a widget of the form edits: its id is `field-<name>`."""
    return (widget.id or "").removeprefix("field-")


def _moved(position: Position, status: str, who: str) -> Position:
    """The position moved to `status`; as it is when the move is not one it can make (a stale pick)."""
    if status not in STATUS_MOVES.get(position.status, ("draft",)):
        return position
    return with_status(position, status, who, now())
